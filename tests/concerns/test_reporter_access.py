"""A reporter looks a report up by receipt plus the secret given once; nothing without the secret."""

from __future__ import annotations

import pytest
from concern_helpers import make_report, new_submission_id
from sqlalchemy import text

from gmlp_cards.concerns import ConcernStore, Resolution, Status, Transition, TriageError, UnknownReport
from gmlp_cards.concerns.reporter_access import ReporterAccess


def test_the_secret_is_given_once(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id()).number
    access = ReporterAccess(store)
    secret = access.issue(receipt)
    assert secret is not None and len(secret) >= 20
    assert access.issue(receipt) is None


def test_the_right_secret_shows_the_status(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id()).number
    secret = ReporterAccess(store).issue(receipt)
    assert secret is not None
    store.transition(receipt, Transition(Status.UNDER_REVIEW, "alice"), expected=Status.NEW)
    seen = ReporterAccess(store).lookup(receipt, secret)
    assert seen is not None and seen.status is Status.UNDER_REVIEW
    assert seen.reply is None


@pytest.mark.parametrize("wrong", ["", "not-the-secret", "x" * 22])
def test_a_wrong_secret_shows_nothing(store: ConcernStore, wrong: str) -> None:
    receipt = store.submit(make_report(), new_submission_id()).number
    ReporterAccess(store).issue(receipt)
    assert ReporterAccess(store).lookup(receipt, wrong) is None


def test_a_report_without_a_secret_cannot_be_looked_up(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id()).number
    assert ReporterAccess(store).lookup(receipt, "") is None


def test_another_reports_secret_does_not_open_this_one(store: ConcernStore) -> None:
    first = store.submit(make_report(), new_submission_id()).number
    second = store.submit(make_report(), new_submission_id()).number
    secret = ReporterAccess(store).issue(first)
    ReporterAccess(store).issue(second)
    assert secret is not None and ReporterAccess(store).lookup(second, secret) is None


def test_an_unknown_receipt_gets_the_same_answer_as_a_wrong_secret(store: ConcernStore) -> None:
    assert ReporterAccess(store).lookup("GC-2026-999999", "anything") is None


def test_only_a_digest_of_the_secret_is_stored(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id()).number
    secret = ReporterAccess(store).issue(receipt)
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT secret_sha256 FROM concern_reporter_access")).scalar_one()
    assert secret is not None and secret not in stored and len(stored) == 64


def test_the_reporter_sees_the_newest_public_reply_and_the_resolution(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id()).number
    secret = ReporterAccess(store).issue(receipt)
    assert secret is not None
    ReporterAccess(store).reply(receipt, "We are looking into it.", actor="alice")
    store.transition(receipt, Transition(Status.UNDER_REVIEW, "alice"), expected=Status.NEW)
    store.transition(
        receipt,
        Transition(Status.CLOSED, "alice", note="Fixed.", resolution=Resolution.CORRECTED_IN_NEW_VERSION),
        expected=Status.UNDER_REVIEW,
    )
    ReporterAccess(store).reply(receipt, "Corrected in version 2.2.0.", actor="alice")
    seen = ReporterAccess(store).lookup(receipt, secret)
    assert seen is not None
    assert (seen.status, seen.resolution) == (Status.CLOSED, Resolution.CORRECTED_IN_NEW_VERSION)
    assert seen.reply == "Corrected in version 2.2.0."
    assert [t for _, _, t in ReporterAccess(store).replies(receipt)] == [
        "We are looking into it.",
        "Corrected in version 2.2.0.",
    ]


def test_an_empty_reply_is_refused(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id()).number
    with pytest.raises(TriageError, match="reply needs"):
        ReporterAccess(store).reply(receipt, "  ", actor="alice")


def test_a_secret_for_an_unknown_receipt_is_refused(store: ConcernStore) -> None:
    with pytest.raises(UnknownReport):
        ReporterAccess(store).issue("GC-2026-999999")
