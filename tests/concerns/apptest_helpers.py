"""Helpers for AppTests of the concern pages: a fake catalog and a whole-page text dump."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"


@dataclass(frozen=True)
class _Identity:
    device_name: str


@dataclass(frozen=True)
class _Card:
    identity: _Identity


VERSIONS = {"retina-screen": ("2.0.0", "2.1.0"), "lumen-cxr-triage": ("1.0.0",)}
NAMES = {"retina-screen": "Retina Screen", "lumen-cxr-triage": "Lumen CXR Triage"}


class FakeCatalog:
    """Just the Catalog methods the form uses: two devices, three published versions."""

    def device_ids(self) -> list[str]:
        return sorted(VERSIONS)

    def versions(self, device_id: str) -> list[str]:
        return list(VERSIONS.get(device_id, []))

    def latest(self, device_id: str) -> _Card:
        return _Card(_Identity(NAMES[device_id]))

    def device_name(self, device_id: str) -> str | None:
        return NAMES.get(device_id)


def open_page(page: str, *, query: dict[str, str] | None = None,
              secrets: dict[str, Any] | None = None,
              user: dict[str, Any] | None = None) -> AppTest:
    """Run app.py, then switch to `page` (a file path) the way a visitor would land on it."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run()


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def page_dump(at: AppTest) -> str:
    """Every element's protobuf as text: a report text appearing anywhere shows up here."""
    return "\n".join(repr(getattr(node, "proto", "")) for node in _walk(at._tree))


def kinds(at: AppTest) -> set[str]:
    """The element types on the page (e.g. "download_button", "plotly_chart")."""
    return {getattr(node, "type", "") for node in _walk(at._tree)}
