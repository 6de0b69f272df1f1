"""Point of care in Chromium, on every example device: the applicability check and the icon array."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from browser_support import ROOT, StreamlitServer, open_app, screenshot, wait_for_charts, wait_until_idle
from test_browser_axe import blocking_violations

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.ui.pointofcare import PRIVACY

CATALOG = Catalog.load(ROOT / "model_cards")
DEVICES = CATALOG.device_ids()


@pytest.mark.parametrize("device", DEVICES)
def test_applicability_check_answers_for_a_chosen_patient(
    app_server: StreamlitServer, page: Any, device: str
) -> None:
    card = CATALOG.latest(device)
    assert card is not None
    criterion = card.intended_use.population_criteria[0]
    open_app(page, f"{app_server.url}/device?{urlencode({'device': device, 'tier': 'back'})}")
    page.get_by_text(PRIVACY).wait_for()
    box = page.get_by_role("combobox", name=criterion.dimension.label)
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name=criterion.allowed[-1], exact=True).click()
    wait_until_idle(page)
    verdict = page.get_by_text("Inside the intended population")
    verdict.wait_for()
    section = page.locator("[data-testid=stVerticalBlock]").filter(has=verdict).last
    screenshot(section, f"applicability-{device}")


@pytest.mark.parametrize("device", DEVICES)
def test_icon_array_has_a_text_equivalent_and_no_serious_axe_violation(
    app_server: StreamlitServer, page: Any, device: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_app(page, f"{app_server.url}/patient?{urlencode({'device': device})}")
    wait_for_charts(page)
    heading = page.get_by_role("heading", name="Out of 1,000 people like you who have this test")
    heading.scroll_into_view_if_needed()
    # The text equivalent is ordinary list text, reachable by a screen reader without the chart.
    items = page.get_by_role("listitem").filter(has_text=re.compile(r"in 1,000 people: "))
    assert items.count() == 4
    screenshot(page, f"icon-array-{device}")  # the viewport, scrolled to the array
    problems = blocking_violations(Axe().run(page).response)
    assert not problems, "\n".join(problems)
