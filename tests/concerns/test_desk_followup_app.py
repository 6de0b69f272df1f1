"""AppTest of the desk's device record: the UDI-DI prefilled from the card, the follow-up efforts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from apptest_helpers import app_store, desk
from concern_helpers import make_report, new_submission_id

from gmlp_cards.concerns import ConcernStore
from gmlp_cards.concerns.followup import Channel, DeviceRecord, DeviceRecords, Outcome


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConcernStore]:
    monkeypatch.delenv("GMLP_CARDS_DESK_USERS", raising=False)
    with app_store(tmp_path, monkeypatch) as store:
        yield store


def record_of(store: ConcernStore, receipt: str) -> DeviceRecord:
    stored = store.get(receipt)
    assert stored is not None
    return DeviceRecords(store).of_reports([stored.id])[stored.id]


def test_the_udi_di_is_prefilled_from_the_reported_card_and_recorded_by_the_desk(
    database: ConcernStore,
) -> None:
    # lumen-cxr-triage 1.1.0 states udi_di 00000000000017-FICTIONAL in model_cards/.
    receipt = database.submit(
        make_report(device_id="lumen-cxr-triage", card_version="1.1.0"), new_submission_id()
    ).number
    at = desk()
    field = at.text_input(key=f"gc_udi_{receipt}_value")
    assert field.value == "00000000000017-FICTIONAL"
    assert any("prefilled below from card version 1.1.0" in c.value for c in at.caption)
    at = next(b for b in at.button if b.label == "Record UDI-DI").click().run()
    record = record_of(database, receipt)
    assert [(u.actor, u.entry) for u in record.udi] == [("alice", "00000000000017-FICTIONAL")]


def test_a_card_without_a_udi_di_leaves_the_field_empty_and_says_so(database: ConcernStore) -> None:
    database.submit(make_report(), new_submission_id())  # retina-screen is not in model_cards/
    at = desk()
    assert any("the card states none" in c.value for c in at.caption)


def test_a_follow_up_effort_is_recorded_and_listed(database: ConcernStore) -> None:
    receipt = database.submit(make_report(), new_submission_id()).number
    at = desk()
    key = f"gc_followup_{receipt}"
    at.date_input(key=f"{key}_on").set_value(datetime.now(UTC).date())
    at.selectbox(key=f"{key}_channel").set_value(Channel.PHONE)
    at.selectbox(key=f"{key}_outcome").set_value(Outcome.NO_RESPONSE)
    at.text_area(key=f"{key}_asked").input("Which software build showed the green flag?")
    at = next(b for b in at.button if b.label == "Record the effort").click().run()
    [effort] = record_of(database, receipt).followups
    assert (effort.actor, effort.entry.channel, effort.entry.asked) == (
        "alice",
        Channel.PHONE,
        "Which software build showed the green flag?",
    )
    shown = [d.value for d in at.dataframe if "Asked" in d.value.columns]
    assert shown and shown[0]["Outcome"].tolist() == ["No response"]


def test_an_effort_without_a_channel_is_not_saved_and_says_what_is_missing(database: ConcernStore) -> None:
    receipt = database.submit(make_report(), new_submission_id()).number
    at = desk()
    at.text_area(key=f"gc_followup_{receipt}_asked").input("Which build?")
    at = next(b for b in at.button if b.label == "Record the effort").click().run()
    assert any("choose the date of the effort, its channel and its outcome" in e.value for e in at.error)
    assert record_of(database, receipt).followups == ()


def test_the_desk_offers_the_incident_document_of_the_open_report(database: ConcernStore) -> None:
    database.submit(make_report(), new_submission_id())
    at = desk()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download HTML" in labels and "Download JSON" in labels
    assert any("Incident report draft" in m.value for m in at.markdown)
