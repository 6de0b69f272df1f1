"""The whole loop in Chromium: a report is sent, triaged at the desk with codes, and the reply read back."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from browser_support import (
    PAGE_TIMEOUT_MS,
    ROOT,
    StreamlitServer,
    open_app,
    send_concern,
    sign_in,
    wait_until_idle,
)

from gmlp_cards.concerns import ConcernStore
from gmlp_cards.concerns.access import hash_password
from gmlp_cards.concerns.assessment import Category
from gmlp_cards.concerns.assessment_store import AssessmentLog

PASSWORD = "correct horse battery staple"
NARRATIVE = "The triage flag stayed off for a clear pneumothorax (browser loop test)."
REPLY = "We reproduced it and corrected it in the next version (browser loop test)."


@pytest.fixture(scope="module")
def loop_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    server = StreamlitServer(ROOT / "model_cards", Path(tmp_path_factory.mktemp("loop")))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GMLP_CARDS_DESK_USERS", f"alice:{hash_password(PASSWORD, n=2**10)}")
        server.start()
    yield server
    server.stop()


def choose_when_settled(page: Any, label: str, option: str) -> None:
    """Like choose, but opens the list again if a late rerun of the page closed it."""
    for _ in range(6):
        wait_until_idle(page)
        page.get_by_role("combobox", name=label).click()
        wanted = page.get_by_role("option", name=option, exact=True)
        try:
            wanted.wait_for(timeout=5_000)
        except Exception:  # playwright's TimeoutError: the list closed under the click
            page.keyboard.press("Escape")
            continue
        wanted.click()
        return
    raise AssertionError(f"the list {label!r} never showed {option!r}")


def send_report(page: Any, server: StreamlitServer) -> tuple[str, str]:
    open_app(page, f"{server.url}/report?{urlencode({'device': 'lumen-cxr-triage', 'version': '1.1.0'})}")
    send_concern(page, NARRATIVE)
    page.get_by_text("Follow your report").wait_for()
    found = re.search(r"GC-\d{4}-\d{6}", page.get_by_text(re.compile(r"Receipt number: GC-")).inner_text())
    assert found is not None
    secret = page.locator("[data-testid=stCode] code").inner_text().strip()
    assert f"receipt={found[0]}" in page.url  # a reload finds the receipt again
    return found[0], secret


def test_submit_triage_with_codes_and_read_the_reply(
    loop_server: StreamlitServer, browser: Any, page: Any
) -> None:
    reporter = page
    receipt, secret = send_report(reporter, loop_server)

    # The maker works in a browser context of its own (no cookie or session shared).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    desk = context.new_page()
    sign_in(desk, loop_server.url, "alice", PASSWORD)
    desk.get_by_text("Signed in as alice").wait_for()
    desk.get_by_text("Reports (1 of 1)").wait_for()
    desk.get_by_text("Save assessment").wait_for()  # the whole desk is drawn
    wait_until_idle(desk)
    choose_when_settled(desk, "Category", "Possible health impact")
    codes = desk.get_by_role("combobox", name=re.compile(r"^IMDRF codes"))
    codes.click()
    codes.fill("A090803")
    desk.get_by_role("option", name="A090803 - False Negative Result").click()
    desk.keyboard.press("Escape")
    desk.get_by_role("button", name="Save assessment").click()
    wait_until_idle(desk)
    # A possible health impact: the EU and GB 2-day clocks run until the criteria are answered.
    desk.get_by_text("Needs attention (2)").wait_for()
    desk.get_by_text(re.compile(rf"^{receipt}: report to European Union \(MDR Art. 87\) due ")).wait_for()
    desk.get_by_role("textbox", name=re.compile(r"^Reply to the reporter")).fill(REPLY)
    desk.get_by_role("button", name="Publish reply").click()
    wait_until_idle(desk)

    store = ConcernStore(f"sqlite:///{loop_server.work_dir / 'data' / 'concerns.sqlite3'}")
    try:
        [assessed] = AssessmentLog(store).history(receipt)
    finally:
        store.close()
    assert assessed.actor == "alice"
    assert assessed.assessment.category is Category.POSSIBLE_HEALTH_IMPACT
    assert assessed.assessment.codes == ("A090803",)

    context.close()
    reporter.reload(wait_until="domcontentloaded")  # a new session: the receipt comes from the URL
    wait_until_idle(reporter)
    reporter.get_by_text(f"Status of report {receipt}").wait_for()
    reporter.get_by_label("Secret given with the receipt").fill(secret)
    reporter.get_by_role("button", name="Show status").click()
    wait_until_idle(reporter)
    reporter.get_by_text(REPLY).wait_for()
    assert reporter.get_by_text(re.compile(r"Status:\s+New")).count() == 1
