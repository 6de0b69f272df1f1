"""Helpers for AppTests of the concern pages: a store the app uses, a fake catalog, a whole-page dump.

Pages are opened with apptest_support.open_page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from apptest_support import open_page
from streamlit.testing.v1 import AppTest

from gmlp_cards.concerns import ConcernStore, ConcernType, HarmOccurred, ReporterRole
from gmlp_cards.concerns.access import hash_password

DESK_PASSWORD = "correct horse battery staple"
DESK_USERS = {"desk_users": {"alice": hash_password(DESK_PASSWORD, n=2**10)}}
NARRATIVE = "The referral flag stayed green for an image that was ungradable."


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

    def card(self, device_id: str, version: str) -> _Card:
        # Catalog.card's answer for a version it cannot show: these fake devices have no card files.
        raise KeyError(f"{device_id} {version}")


@contextmanager
def app_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConcernStore]:
    """A concern store in a fresh SQLite file under `tmp_path`, the one the app under test uses."""
    url = f"sqlite:///{tmp_path / 'concerns.db'}"
    monkeypatch.setenv("GMLP_CARDS_DATABASE_URL", url)
    store = ConcernStore(url)
    yield store
    store.close()


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


def fill(at: AppTest, *, narrative: str = NARRATIVE, email: str = "") -> AppTest:
    """Fill the concern form's fields with a valid report (the form of the current generation)."""
    gen = at.session_state["gc_concern_form"]["gen"]
    at.selectbox(key=f"gc_device_{gen}").set_value("retina-screen@2.1.0")
    at.selectbox(key=f"gc_role_{gen}").set_value(ReporterRole.CLINICIAN)
    at.selectbox(key=f"gc_type_{gen}").set_value(ConcernType.WRONG_OUTPUT)
    at.radio(key=f"gc_harm_{gen}").set_value(HarmOccurred.NO)
    at.date_input(key=f"gc_date_{gen}").set_value(date(2026, 1, 5))
    at.text_area(key=f"gc_narrative_{gen}").input(narrative)
    at.text_input(key=f"gc_email_{gen}").input(email)
    return at


def submit(at: AppTest) -> AppTest:
    """Press the form's Send button and run the page."""
    gen = at.session_state["gc_concern_form"]["gen"]
    return at.button(key=f"gc_submit_{gen}").click().run()


def desk() -> AppTest:
    """The desk page, signed in as alice."""
    at = open_page("desk", secrets=DESK_USERS)
    at.text_input(key="gc_login_user").input("alice")
    at.text_input(key="gc_login_password").input(DESK_PASSWORD)
    return at.button[0].click().run()
