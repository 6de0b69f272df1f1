"""UDI-DI and follow-up efforts (QMSR 820.35): recorded append-only, checked, in the exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from concern_helpers import make_report

from gmlp_cards.concerns import ConcernStore
from gmlp_cards.concerns.export import to_csv, to_json
from gmlp_cards.concerns.followup import (
    Channel,
    DeviceRecords,
    FollowUp,
    FollowUpError,
    Outcome,
    check_udi_di,
)
from gmlp_cards.concerns.report_details import load_details

FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ASKED = FollowUp(date(2026, 11, 27), Channel.EMAIL, "Which image and software build?", Outcome.NO_RESPONSE)


@pytest.fixture
def store(make_store: Callable[..., ConcernStore]) -> ConcernStore:
    return make_store(clock=lambda: FRIDAY_NOON)


def test_a_corrected_udi_di_keeps_the_first_one_in_the_history(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), "sub-udi-0001").number
    records = DeviceRecords(store)
    records.record_udi(receipt, " 00812345678906 ", actor="alice")
    records.record_udi(receipt, "00812345678913", actor="bob")
    [record] = records.of_reports([store.get(receipt).id]).values()  # type: ignore[union-attr]
    assert record.udi_di == "00812345678913"
    assert [(u.actor, u.entry) for u in record.udi] == [
        ("alice", "00812345678906"),
        ("bob", "00812345678913"),
    ]


def test_follow_up_efforts_are_kept_in_order_with_who_recorded_them(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), "sub-udi-0002").number
    records = DeviceRecords(store)
    records.add_followup(receipt, ASKED, actor="alice")
    answered = FollowUp(
        date(2026, 11, 27), Channel.PHONE, "Which build?", Outcome.INFORMATION_RECEIVED, "Build 2.1.0+7."
    )
    records.add_followup(receipt, answered, actor="bob")
    [record] = records.of_reports([store.get(receipt).id]).values()  # type: ignore[union-attr]
    assert [(f.actor, f.at, f.entry) for f in record.followups] == [
        ("alice", FRIDAY_NOON, ASKED),
        ("bob", FRIDAY_NOON, answered),
    ]


@pytest.mark.parametrize("bad", ["", "   ", "0081234567890\n6", "x" * 65, "<script>"])
def test_a_udi_di_that_is_no_device_identifier_is_refused(bad: str) -> None:
    with pytest.raises(FollowUpError, match="UDI-DI: give the device identifier"):
        check_udi_di(bad)


def test_an_effort_dated_before_the_report_or_in_the_future_is_refused(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), "sub-udi-0003").number
    records = DeviceRecords(store)
    for day in (date(2026, 11, 26), date(2026, 11, 28)):
        effort = FollowUp(day, Channel.EMAIL, "Which build?", Outcome.NO_RESPONSE)
        with pytest.raises(FollowUpError, match=r"between the day the report arrived \(2026-11-27\)"):
            records.add_followup(receipt, effort, actor="alice")
    with pytest.raises(FollowUpError, match="What was asked: 1 to 5000"):
        records.add_followup(
            receipt, FollowUp(date(2026, 11, 27), Channel.EMAIL, " ", Outcome.DECLINED), actor="a"
        )
    assert records.of_reports([store.get(receipt).id])[1].followups == ()  # type: ignore[union-attr]


def test_the_exports_carry_the_udi_di_and_every_effort(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), "sub-udi-0004").number
    records = DeviceRecords(store)
    records.record_udi(receipt, "00812345678906", actor="alice")
    records.add_followup(receipt, ASKED, actor="alice")
    reports = store.reports()
    details = load_details(store, reports)
    [row] = csv.DictReader(io.StringIO(to_csv(reports, details=details)))
    assert row["udi_di"] == "00812345678906"
    assert (
        row["followups"] == "2026-11-27 Email, by alice: asked Which image and software build? -> No response"
    )
    [item] = json.loads(to_json(reports, details=details))
    assert item["udi_di"] == "00812345678906"
    assert item["followups"] == [
        {
            "at": "2026-11-27T12:00:00+00:00",
            "actor": "alice",
            "effort_on": "2026-11-27",
            "channel": "email",
            "asked": "Which image and software build?",
            "outcome": "no_response",
            "details": "",
        }
    ]


def test_a_report_without_a_device_record_exports_empty_cells(store: ConcernStore) -> None:
    store.submit(make_report(), "sub-udi-0005")
    reports = store.reports()
    [row] = csv.DictReader(io.StringIO(to_csv(reports, details=load_details(store, reports))))
    assert (row["udi_di"], row["followups"]) == ("", "")
