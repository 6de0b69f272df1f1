"""A phone never scrolls sideways, and a table of sentences shows every word (issue 15), in Chromium at
390x844: the front, back, leaflet, patient and compare pages of every example device, and the
cautions' "Why" drawn whole (wrapping, and stacked as "column: value" lines) rather than cut."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from browser_support import ROOT, StreamlitServer, open_app, screenshot, wait_for_charts
from portal_urls import EVERY_SECTION, device_path, patient_path

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.checks.cautions import subgroup_cautions

pytestmark = pytest.mark.browser

CATALOG = Catalog.load(ROOT / "model_cards")
LATEST = [(d, CATALOG.latest_version(d) or "") for d in CATALOG.device_ids()]
PAGES = ("front", "back", "leaflet", "patient", "compare")

# The document and Streamlit's own scrolling main area: neither may be wider than the screen.
WIDTHS = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  return {
    document: document.scrollingElement.scrollWidth,
    main: main ? main.scrollWidth : 0,
    mainClient: main ? main.clientWidth : 0,
    inner: window.innerWidth,
  };
}"""

# Every "Why" cell of the cautions table: its text, and whether its box cuts it (scroll > client).
WHY_CELLS = """() => [...document.querySelectorAll('table.gc-table td[data-label="Why"]')].map(cell => ({
  text: cell.textContent,
  clipped: cell.scrollWidth > cell.clientWidth + 1 || cell.scrollHeight > cell.clientHeight + 1,
  right: cell.getBoundingClientRect().right,
  label: getComputedStyle(cell, '::before').content,
}))"""


@pytest.fixture
def phone(page: Any) -> Any:
    """The shared fresh page, at a phone's size (390x844) before anything loads."""
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def _path(page: str, device: str, version: str) -> str:
    if page == "patient":
        return patient_path(device, version)
    if page == "compare":
        return "/compare?" + urlencode({"device": device})
    return device_path(device, version, page, **(EVERY_SECTION if page == "leaflet" else {}))


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize(("device", "version"), LATEST)
def test_no_page_scrolls_sideways_on_a_phone(
    app_server: StreamlitServer, phone: Any, device: str, version: str, page_name: str
) -> None:
    open_app(phone, app_server.url + _path(page_name, device, version))
    wait_for_charts(phone)
    widths = phone.evaluate(WIDTHS)
    screenshot(phone, f"phone-{page_name}-{device}", full_page=True)
    assert widths["document"] <= widths["inner"], widths
    assert widths["main"] <= widths["mainClient"], widths


CAUTIONED = next((d, v) for d, v in LATEST if subgroup_cautions(CATALOG.card(d, v)))


def test_the_cautions_why_is_shown_whole_and_stacked_on_a_phone(
    app_server: StreamlitServer, phone: Any
) -> None:
    device, version = CAUTIONED
    open_app(phone, app_server.url + device_path(device, version, "back"))  # the cautions' tier
    cells = phone.evaluate(WHY_CELLS)
    expected = [c.message for c in subgroup_cautions(CATALOG.card(device, version))]
    assert [cell["text"] for cell in cells] == expected
    longest = max(cells, key=lambda cell: len(cell["text"]))
    assert len(longest["text"]) > 60  # a sentence, longer than one phone line
    for cell in cells:
        assert not cell["clipped"] and cell["right"] <= 390, cell
        assert cell["label"] == '"Why: "'  # stacked: the column's name leads its value
