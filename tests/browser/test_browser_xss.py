"""Card text is data, never code: a valid card full of XSS payloads renders inert in every view."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_support import ROOT, StreamlitServer, open_app, screenshot, wait_for_charts
from portal_urls import View, views
from xss_cards import MARKER, write_hostile_cards

pytestmark = pytest.mark.browser

SOURCE_DEVICE = ROOT / "model_cards" / "lumen-cxr-triage"


def _source_device() -> Path:
    """The example device to poison: the shipped one, or the test fixture if examples move."""
    if SOURCE_DEVICE.is_dir():
        return SOURCE_DEVICE
    return next((ROOT / "tests" / "fixtures" / "cards" / "valid").iterdir())


@pytest.fixture(scope="module")
def hostile_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_cards(_source_device(), tmp_path_factory.mktemp("hostile-cards"))


@pytest.fixture(scope="module")
def hostile_server(start_server: Callable[[Path], StreamlitServer], hostile_cards: Path) -> StreamlitServer:
    return start_server(hostile_cards)


def _views() -> list[View]:
    # Built at collection time from the source card's ids, which the hostile copy keeps unchanged: from
    # a folder holding that device alone (the examples' folder shows another device first).
    alone = Path(tempfile.mkdtemp(prefix="xss-source-"))
    shutil.copytree(_source_device(), alone / _source_device().name)
    return views(alone)


@pytest.mark.parametrize("view", _views(), ids=lambda view: view.name)
def test_payloads_in_every_text_field_stay_inert(
    hostile_server: StreamlitServer, page: Any, view: View
) -> None:
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    open_app(page, hostile_server.url + view.path)
    wait_for_charts(page)
    # Hover labels are drawn only on hover: show one per chart so its (escaped) text is in the DOM.
    for chart in page.locator(".js-plotly-plot .scatterlayer .point, .js-plotly-plot .bars .point").all()[:3]:
        chart.hover(force=True)

    found = page.evaluate(
        """marker => ({
            flag: typeof window[marker],
            scripts: [...document.querySelectorAll('script')]
                .filter(s => s.textContent.includes(marker)).length,
            jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
            handlers: [...document.querySelectorAll('*')].filter(e =>
                [...e.attributes].some(a => a.name.startsWith('on') && a.value.includes(marker))).length,
            shown: document.body.innerText.includes('window.' + marker),
        })""",
        MARKER,
    )
    screenshot(page, f"xss-{view.name}")
    assert dialogs == []
    assert found["flag"] == "undefined", f"window.{MARKER} was set: a payload ran"
    assert found["scripts"] == 0, "a <script> element carries card text"
    assert found["jsLinks"] == 0, "a javascript: link was rendered"
    assert found["handlers"] == 0, "an element carries an inline event handler from card text"
    # The payloads must be on screen as text: a view that dropped them would prove nothing.
    assert found["shown"], "no payload text is visible: the hostile card was not rendered"
