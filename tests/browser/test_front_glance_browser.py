"""The front of pack is a glance, in Chromium (issue 15): on a laptop (1366x768) and a phone (390x844)
the intended users, the decision role and the first warning are on the first screen, a phone never
scrolls sideways, and the one download menu shows every label whole."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import PAGE_TIMEOUT_MS, ROOT, StreamlitServer, open_app, screenshot, wait_until_idle
from portal_urls import device_path

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.ui.device import DOWNLOAD_MENU

pytestmark = pytest.mark.browser

CATALOG = Catalog.load(ROOT / "model_cards")
LATEST = [(d, CATALOG.latest_version(d) or "") for d in CATALOG.device_ids()]
VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}
GLANCE_ITEMS = ("users", "role", "warning")

# The bottom edge of what must be on the first screen, measured where the reader sees it: the value
# next to a fact's label, and the first item of the top warnings.
GLANCE = """() => {
  const value = (label) => {
    const term = [...document.querySelectorAll('dl.gc-facts dt')].find(t => t.textContent.trim() === label);
    return term ? term.nextElementSibling.getBoundingClientRect().bottom : null;
  };
  const warning = document.querySelector('ul.gc-list li');
  return {
    users: value('Intended users'),
    role: value('Decision role'),
    warning: warning ? warning.getBoundingClientRect().bottom : null,
    warningText: warning ? warning.textContent : '',
    height: window.innerHeight,
    scrollWidth: document.documentElement.scrollWidth,
  };
}"""


@pytest.fixture
def sized_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("sized_page", list(VIEWPORTS), indirect=True)
@pytest.mark.parametrize(("device", "version"), LATEST)
def test_users_role_and_first_warning_are_on_the_first_screen(
    app_server: StreamlitServer, sized_page: Any, device: str, version: str
) -> None:
    page = sized_page
    open_app(page, app_server.url + device_path(device, version, "front"))
    page.wait_for_selector("ul.gc-list li")
    page.evaluate("() => window.scrollTo(0, 0)")
    shown = page.evaluate(GLANCE)
    width = page.viewport_size["width"]
    screenshot(page, f"front-glance-{device}-{width}")
    first = CATALOG.card(device, version).risks.top_warnings(1)[0]
    assert first.title in shown["warningText"]
    # Every device, the transcribed real ones with their long FDA indications too (a phone shows a
    # long value's first words and "Show all", render/brief.py).
    for what in GLANCE_ITEMS:
        assert shown[what] is not None and shown[what] <= shown["height"], (what, shown)
    if width <= 390:
        assert shown["scrollWidth"] <= width, shown  # no sideways scrolling on a phone


@pytest.mark.parametrize("sized_page", ["phone"], indirect=True)
def test_the_download_menu_shows_every_label_whole(app_server: StreamlitServer, sized_page: Any) -> None:
    page = sized_page
    device, version = LATEST[0]
    open_app(page, app_server.url + device_path(device, version, "front"))
    menu = page.get_by_role("button", name=DOWNLOAD_MENU, exact=True)
    menu.scroll_into_view_if_needed()
    menu.click()
    body = page.locator("[data-testid=stPopoverBody]")
    body.wait_for(state="visible")
    labels = body.locator("[data-testid=stDownloadButton] button [data-testid=stMarkdownContainer]")
    # The menu's buttons are built when it opens (a rerun): wait for its last one and the run's end.
    body.get_by_text("QR label (SVG)", exact=True).wait_for(state="visible")
    wait_until_idle(page)
    assert labels.count() >= 3
    cut = labels.evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth || e.getBoundingClientRect().right > "
        "window.innerWidth).map(e => e.textContent)"
    )
    assert not cut, cut
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("sized_page", ["phone"], indirect=True)
def test_show_all_opens_a_long_value_in_place_on_a_phone(
    app_server: StreamlitServer, sized_page: Any
) -> None:
    page = sized_page
    device = next(d for d, v in LATEST if len(CATALOG.card(d, v).intended_use.summary) > 100)
    card = CATALOG.latest(device)
    assert card is not None
    open_app(page, app_server.url + device_path(device, card.version, "front"))
    value = page.locator("dl.gc-facts dd").first
    whole = value.locator(".gc-whole")
    assert not whole.is_visible()
    assert value.locator(".gc-cut").inner_text().endswith("…")
    value.locator("summary").click()
    assert whole.is_visible()
    assert " ".join(card.intended_use.summary.split()) in " ".join(whole.inner_text().split())
    assert not value.locator(".gc-cut").is_visible()
