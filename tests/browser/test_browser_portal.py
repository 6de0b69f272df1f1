"""What only a browser shows: a deep link to the leaflet draws its forest plot and subgroup table."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import (
    ROOT,
    StreamlitServer,
    open_app,
    publish_screenshot,
    screenshot,
    wait_for_charts,
    wait_until_idle,
)
from portal_urls import device_path, shown_version

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.evidence import chart_tables

pytestmark = pytest.mark.browser

CARDS = ROOT / "model_cards"


def _first_subgroup_group() -> str:
    device, version = shown_version(CARDS)
    study = Catalog.load(CARDS).card(device, version).performance.primary
    metric = chart_tables.primary_metrics(study)[0]
    return str(chart_tables.forest_table(study, metric)["Group"].iloc[0])


def test_leaflet_deep_link_shows_forest_plot_and_subgroup_table(
    app_server: StreamlitServer, page: Any
) -> None:
    device, version = shown_version(CARDS)
    opened = {"sections": "Clinical performance"}  # a link to one section of the leaflet
    open_app(page, app_server.url + device_path(device, version, "leaflet", **opened))

    forest = page.locator(".js-plotly-plot", has_text="by subgroup").first
    forest.wait_for(state="visible")
    wait_for_charts(page)
    # The forest plot draws one tick label per subgroup; its x axis is in percent.
    assert forest.locator("g.ytick").count() > 1
    assert forest.locator("g.xtick", has_text="%").count() > 1

    # The forest plot's text equivalent: a table with the chart's columns and the same groups. Its
    # interval cells are sentences, so it is a wrapping HTML table (render/table_html.py).
    subgroup_table = (
        page.locator("table.gc-table")
        .filter(has=page.locator("th", has_text=chart_tables.FOREST_COLUMNS[-1]))
        .filter(has=page.locator("td", has_text=_first_subgroup_group()))
        .first
    )
    subgroup_table.scroll_into_view_if_needed()
    assert subgroup_table.is_visible()
    # A tall viewport so the whole figure is painted at once for the picture.
    page.set_viewport_size({"width": 1280, "height": 1800})
    forest.scroll_into_view_if_needed()
    wait_for_charts(page)
    page.add_style_tag(content="[data-testid=stHeader] {display: none}")  # it would cover the title
    shot = screenshot(forest, "leaflet-forest-plot")
    publish_screenshot(shot, "leaflet-forest-plot")


def test_leaflet_links_to_the_patient_view_of_the_same_version(
    app_server: StreamlitServer, page: Any
) -> None:
    device, version = shown_version(CARDS)
    open_app(page, app_server.url + device_path(device, version, "leaflet"))
    # A link in the page body carrying the card (not the sidebar entry, which drops the card).
    link = page.locator(f"[data-testid=stMain] a[href*='patient?'][href*='device={device}']").first
    link.click(timeout=10_000)  # present at once when it exists: the page has finished running
    page.wait_for_url("**/patient?**")
    wait_until_idle(page)
    assert f"device={device}" in page.url and f"version={version}" in page.url
    page.get_by_role("heading").first.wait_for(state="visible")
    screenshot(page, "patient-view-from-leaflet")
