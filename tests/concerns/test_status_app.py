"""AppTest of closing the loop: the secret with the receipt, the status lookup, the desk's reply."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apptest_helpers import FakeCatalog, app_store, fill, submit
from apptest_support import open_page
from concern_helpers import make_report, new_submission_id
from streamlit.testing.v1 import AppTest

from gmlp_cards.concerns import ConcernStore, Status, Transition
from gmlp_cards.concerns.access import hash_password
from gmlp_cards.concerns.reporter_access import ReporterAccess
from gmlp_cards.ui import data as catalog_data

REPLY = "Thank you. We found the fault and corrected it in version 2.2.0."
USERS = {"desk_users": {"alice": hash_password("correct horse battery staple", n=2**10)}}


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConcernStore]:
    monkeypatch.setattr(catalog_data, "get_catalog", FakeCatalog)
    monkeypatch.delenv("GMLP_CARDS_DESK_USERS", raising=False)
    with app_store(tmp_path, monkeypatch) as store:
        yield store


def send_report() -> AppTest:
    return submit(fill(open_page("report"), narrative="The referral flag stayed green."))


def look_up(receipt: str, secret: str) -> AppTest:
    at = open_page("report", receipt=receipt)
    at.text_input(key="gc_status_secret").input(secret)
    return at.button(key="FormSubmitter:gc_status_lookup-Show status").click().run()


def test_the_receipt_shows_a_secret_once_and_keeps_the_receipt_in_the_url(database: ConcernStore) -> None:
    at = send_report()
    receipt = database.reports()[0].receipt
    assert at.query_params["receipt"] == receipt
    [secret] = [c.value for c in at.code]
    assert ReporterAccess(database).lookup(receipt, secret) is not None
    at = at.button(key="gc_another").click().run()
    assert not at.code and "receipt" not in at.query_params


def test_a_reload_with_the_receipt_asks_for_the_secret_and_shows_nothing_else(database: ConcernStore) -> None:
    send_report()
    receipt = database.reports()[0].receipt
    at = open_page("report", receipt=receipt)
    assert at.text_input(key="gc_status_secret")
    assert not at.text and not at.error


def test_a_wrong_secret_shows_no_status(database: ConcernStore) -> None:
    send_report()
    receipt = database.reports()[0].receipt
    at = look_up(receipt, "not the secret")
    assert [e.value for e in at.error] == [
        "No report matches this receipt number and secret. Check both and try again."
    ]
    assert not at.text


def test_the_reporter_sees_the_status_and_the_reply_published_at_the_desk(database: ConcernStore) -> None:
    at = send_report()
    receipt = database.reports()[0].receipt
    [secret] = [c.value for c in at.code]
    database.transition(receipt, Transition(Status.UNDER_REVIEW, "alice"), expected=Status.NEW)
    desk = open_page("desk", secrets=USERS)
    desk.text_input(key="gc_login_user").input("alice")
    desk.text_input(key="gc_login_password").input("correct horse battery staple")
    desk = desk.button[0].click().run()
    desk.text_area(key=f"gc_reply_{receipt}_text").input(REPLY)
    desk = desk.button(key=f"FormSubmitter:gc_reply_{receipt}-Publish reply").click().run()
    assert not desk.error
    at = look_up(receipt, secret)
    status = at.text[0].value
    assert "Status:    Under review" in status
    assert at.text[1].value == REPLY


def test_a_report_with_no_reply_yet_says_so(database: ConcernStore) -> None:
    receipt = database.submit(make_report(), new_submission_id()).number
    secret = ReporterAccess(database).issue(receipt)
    assert secret is not None
    at = look_up(receipt, secret)
    assert any(c.value == "No reply yet." for c in at.caption)
