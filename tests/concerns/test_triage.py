"""Triage: new → under review → closed with a resolution, reopening, and the kept history."""

from __future__ import annotations

import threading

import pytest
from concern_helpers import make_report, new_submission_id

from gmlp_cards.concerns import (
    ConcernStore,
    Resolution,
    StaleStatus,
    Status,
    Transition,
    TriageError,
    UnknownReport,
)
from gmlp_cards.concerns.triage import allowed_next

REVIEW = Transition(Status.UNDER_REVIEW, "alice", "Looking at the logs.")
CLOSE = Transition(Status.CLOSED, "bob", "Fixed in 2.2.0.", Resolution.CORRECTED_IN_NEW_VERSION)


@pytest.fixture
def receipt(store: ConcernStore) -> str:
    return store.submit(make_report(), new_submission_id()).number


def test_a_new_report_can_only_go_under_review() -> None:
    assert allowed_next(Status.NEW) == [Status.UNDER_REVIEW]


def test_review_then_close_records_status_and_resolution(store: ConcernStore, receipt: str) -> None:
    store.transition(receipt, REVIEW, expected=Status.NEW)
    closed = store.transition(receipt, CLOSE, expected=Status.UNDER_REVIEW)
    assert closed.status is Status.CLOSED
    assert closed.resolution is Resolution.CORRECTED_IN_NEW_VERSION


def test_history_keeps_who_when_and_why_for_every_step(store: ConcernStore, receipt: str) -> None:
    store.transition(receipt, REVIEW, expected=Status.NEW)
    store.transition(receipt, CLOSE, expected=Status.UNDER_REVIEW)
    steps = store.history(receipt)
    assert [(h.actor, h.from_status, h.to_status) for h in steps] == [
        ("reporter", None, Status.NEW),
        ("alice", Status.NEW, Status.UNDER_REVIEW),
        ("bob", Status.UNDER_REVIEW, Status.CLOSED),
    ]
    assert steps[2].note == "Fixed in 2.2.0."
    assert steps[2].resolution is Resolution.CORRECTED_IN_NEW_VERSION
    assert steps[0].at <= steps[1].at <= steps[2].at


def test_closing_a_new_report_directly_is_refused(store: ConcernStore, receipt: str) -> None:
    with pytest.raises(TriageError, match="cannot move to closed"):
        store.transition(receipt, CLOSE, expected=Status.NEW)
    assert len(store.history(receipt)) == 1


def test_closing_needs_a_resolution(store: ConcernStore, receipt: str) -> None:
    store.transition(receipt, REVIEW, expected=Status.NEW)
    with pytest.raises(TriageError, match="needs a resolution"):
        store.transition(receipt, Transition(Status.CLOSED, "bob", "done"), expected=Status.UNDER_REVIEW)


def test_closing_needs_a_note(store: ConcernStore, receipt: str) -> None:
    store.transition(receipt, REVIEW, expected=Status.NEW)
    with pytest.raises(TriageError, match="needs a note"):
        store.transition(
            receipt,
            Transition(Status.CLOSED, "bob", "  ", Resolution.DUPLICATE),
            expected=Status.UNDER_REVIEW,
        )


def test_a_resolution_is_only_for_closing(store: ConcernStore, receipt: str) -> None:
    with pytest.raises(TriageError, match="only closing"):
        store.transition(
            receipt, Transition(Status.UNDER_REVIEW, "a", "", Resolution.DUPLICATE), expected=Status.NEW
        )


def test_reopening_needs_a_note_and_clears_the_resolution(store: ConcernStore, receipt: str) -> None:
    store.transition(receipt, REVIEW, expected=Status.NEW)
    store.transition(receipt, CLOSE, expected=Status.UNDER_REVIEW)
    with pytest.raises(TriageError, match="reopening"):
        store.transition(receipt, Transition(Status.UNDER_REVIEW, "alice"), expected=Status.CLOSED)
    reopened = store.transition(
        receipt,
        Transition(Status.UNDER_REVIEW, "alice", "Same fault seen on 2.2.0."),
        expected=Status.CLOSED,
    )
    assert reopened.status is Status.UNDER_REVIEW and reopened.resolution is None


def test_the_change_must_name_who_made_it(store: ConcernStore, receipt: str) -> None:
    with pytest.raises(TriageError, match="who"):
        store.transition(receipt, Transition(Status.UNDER_REVIEW, " "), expected=Status.NEW)


def test_a_change_based_on_a_stale_view_is_refused(store: ConcernStore, receipt: str) -> None:
    store.transition(receipt, REVIEW, expected=Status.NEW)
    with pytest.raises(StaleStatus, match="reload"):
        store.transition(receipt, REVIEW, expected=Status.NEW)


def test_an_unknown_receipt_is_refused(store: ConcernStore) -> None:
    with pytest.raises(UnknownReport):
        store.transition("GC-2026-424242", REVIEW, expected=Status.NEW)


def test_two_desk_users_racing_to_review_leave_one_step(store: ConcernStore, receipt: str) -> None:
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def review(actor: str) -> None:
        barrier.wait()
        try:
            store.transition(receipt, Transition(Status.UNDER_REVIEW, actor), expected=Status.NEW)
            outcomes.append("ok")
        except StaleStatus:
            outcomes.append("stale")

    threads = [threading.Thread(target=review, args=(f"user{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "stale", "stale", "stale"]
    assert len(store.history(receipt)) == 2
