"""The concern form in Chromium: a reader reports a problem about one device version and gets a receipt."""

from __future__ import annotations

import re
import sqlite3
from typing import Any
from urllib.parse import urlencode

from browser_support import StreamlitServer, open_app, screenshot, send_concern

NARRATIVE = "The triage flag stayed off for a clear pneumothorax on a portable image (browser test)."


def test_a_submitted_concern_gets_a_receipt_and_is_stored_once(
    app_server: StreamlitServer, page: Any
) -> None:
    query = urlencode({"device": "lumen-cxr-triage", "version": "1.1.0"})
    open_app(page, f"{app_server.url}/report?{query}")
    # Prefilled from the deep link: the exact device version the reader came from.
    assert (
        "1.1.0" in page.get_by_role("combobox", name="Device and model card version").input_value()
        or page.get_by_text("Lumen CXR Triage").first.is_visible()
    )
    send_concern(page, NARRATIVE)
    receipt = page.get_by_text(re.compile(r"GC-\d{4}-\d{6}")).first
    receipt.wait_for()
    number = re.search(r"GC-\d{4}-\d{6}", receipt.inner_text())
    assert number is not None
    screenshot(page, "concern-receipt")

    database = app_server.work_dir / "data" / "concerns.sqlite3"
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "select narrative from concern_reports where narrative = ?", (NARRATIVE,)
        ).fetchall()
    assert rows == [(NARRATIVE,)]


HONEYPOT = "Leave this field empty (it is here to catch automated spam)"


def test_the_honeypot_is_hidden_from_sight_from_screen_readers_and_from_the_tab_order(
    app_server: StreamlitServer, page: Any
) -> None:
    open_app(page, f"{app_server.url}/report")
    field = page.locator(f'input[aria-label="{HONEYPOT}"]')
    assert field.count() == 1  # in the page, for a bot to find
    assert not field.is_visible()
    # Not in the accessibility tree: by role and name, as a screen reader would look, it is absent.
    assert page.get_by_role("textbox", name=HONEYPOT).count() == 0
    # Tabbing from the narrative to the Send button (the honeypot sits just before it) never lands on it.
    page.get_by_role("textbox", name="What happened").focus()
    focused = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate(
                "[document.activeElement.getAttribute('aria-label'), document.activeElement.innerText]"
            )
        )
        if "Send report" in (focused[-1][1] or ""):
            break
    assert "Send report" in (focused[-1][1] or "")
    assert HONEYPOT not in [label for label, _ in focused]
