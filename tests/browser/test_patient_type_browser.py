"""The patient page's type as Chromium draws it (issue 15): the CSS asked for 20.8 px while body text
came out at 16 px and the icon legend at 12 px. Measured with getComputedStyle on a phone-sized page
for every example device: every paragraph, list item and table cell of the page, and the legend of
the icon array, at least 18 px; and the card's words marked with the page's language."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import ROOT, StreamlitServer, open_app, screenshot, wait_for_charts
from portal_urls import patient_path

from gmlp_cards.cards.catalog import Catalog

pytestmark = pytest.mark.browser

CATALOG = Catalog.load(ROOT / "model_cards")
LATEST = [(d, CATALOG.latest_version(d) or "") for d in CATALOG.device_ids()]
SMALLEST_PX = 18.0

SIZES = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const shown = e => e.textContent.trim() && e.offsetParent;
  const text = [...main.querySelectorAll('p, li, td, th')].filter(shown);
  const legend = [...main.querySelectorAll('.legendtext')];
  const px = e => parseFloat(getComputedStyle(e).fontSize);
  return {
    text: text.map(e => [e.tagName, e.textContent.trim().slice(0, 60), px(e)]),
    legend: legend.map(e => [e.textContent, px(e)]),
  };
}"""


@pytest.fixture
def phone(page: Any) -> Any:
    page.set_viewport_size({"width": 390, "height": 844})
    return page


@pytest.mark.parametrize(("device", "version"), LATEST)
def test_patient_body_text_and_icon_legend_are_at_least_18_px(
    app_server: StreamlitServer, phone: Any, device: str, version: str
) -> None:
    open_app(phone, app_server.url + patient_path(device, version))
    wait_for_charts(phone)
    sizes = phone.evaluate(SIZES)
    screenshot(phone, f"patient-type-{device}", full_page=True)
    assert len(sizes["text"]) > 10
    small = [item for item in sizes["text"] + sizes["legend"] if item[-1] < SMALLEST_PX]
    assert not small, small
