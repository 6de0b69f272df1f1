"""The catalog's entries are plain links in one HTML element (issue 17): a click opens the device page
in the same app, under the server's base URL path."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import ROOT, StreamlitServer, open_app, screenshot, wait_until_idle
from test_narrow_screen_browser import WIDTHS

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.listing import catalog_rows

pytestmark = pytest.mark.browser

CARDS = ROOT / "model_cards"
FIRST = catalog_rows(Catalog.load(CARDS))[0]  # the catalog lists devices by name


def test_an_entry_link_opens_the_device_page_under_the_base_path(
    prefixed_server: StreamlitServer, page: Any
) -> None:
    open_app(page, prefixed_server.url + "/")
    link = page.get_by_role("link", name=f"Open {FIRST.name}", exact=True)
    assert link.get_attribute("href") == (
        f"/cards/device?device={FIRST.device_id}&version={FIRST.version}&tier=front"
    )
    link.click()
    page.wait_for_url(f"**/cards/device?device={FIRST.device_id}*")
    wait_until_idle(page)
    assert page.get_by_role("heading", level=1).first.inner_text() == f"{FIRST.name} {FIRST.version}"


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_the_catalog_fits_the_screen_with_its_filters_in_reach(
    app_server: StreamlitServer, page: Any, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, app_server.url + "/")
    screenshot(page, f"catalog-{width}", full_page=True)
    widths = page.evaluate(WIDTHS)
    assert widths["document"] <= widths["inner"], widths
    assert widths["main"] <= widths["mainClient"], widths
    for label in ("Search devices", "Modality", "Clinical area", "Intended user", "Regulatory status"):
        box = page.get_by_label(label, exact=True).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (label, box)
