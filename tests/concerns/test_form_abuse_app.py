"""AppTest of the public form's abuse controls: the honeypot field and the rate limit per client."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from apptest_helpers import FakeCatalog, app_store, fill, submit
from apptest_support import open_page
from sqlalchemy import select, update

from gmlp_cards.concerns import ConcernStore, schema
from gmlp_cards.ui import data as catalog_data

PAGE = "report"
ATTEMPTS = schema.submission_attempts


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConcernStore]:
    monkeypatch.setattr(catalog_data, "get_catalog", FakeCatalog)
    monkeypatch.setenv("GMLP_CARDS_REPORT_LIMIT", "2")
    monkeypatch.delenv("GMLP_CARDS_REPORT_LIMIT_MINUTES", raising=False)
    with app_store(tmp_path, monkeypatch) as store:
        yield store


def attempt_times(store: ConcernStore) -> list[object]:
    with store.transaction(write=False) as conn:
        return list(conn.execute(select(ATTEMPTS.c.at).order_by(ATTEMPTS.c.at)).scalars())


def test_the_honeypot_field_tells_people_to_leave_it_empty_and_is_hidden_by_its_key() -> None:
    at = open_page(PAGE)
    field = at.text_input(key="gc_website_0")
    assert field.label == "Leave this field empty (it is here to catch automated spam)"
    styles = [h.proto.body for h in at.get("html")]
    assert any('[class*="st-key-gc_website_"]' in s and "visibility: hidden" in s for s in styles)


def test_a_filled_honeypot_stores_nothing_gives_no_receipt_and_keeps_what_was_typed(
    database: ConcernStore,
) -> None:
    at = fill(open_page(PAGE), narrative="Typed by a bot that fills every field it finds.")
    at.text_input(key="gc_website_0").input("https://spam.example")
    at = submit(at)
    assert database.count() == 0
    assert not at.success
    assert "gc_concern_receipt" not in at.session_state
    assert any(
        e.value.startswith("We could not accept this report, so nothing was stored.") for e in at.error
    )
    assert at.text_area(key="gc_narrative_0").value == "Typed by a bot that fills every field it finds."
    assert attempt_times(database) == []


def test_an_accepted_report_is_counted_once_and_an_invalid_one_not_at_all(database: ConcernStore) -> None:
    at = submit(fill(open_page(PAGE), narrative="too short"))
    assert attempt_times(database) == []
    at.text_area(key="gc_narrative_0").input("Long enough now: the referral flag stayed green.")
    submit(at)
    assert database.count() == 1
    assert len(attempt_times(database)) == 1


def test_a_report_over_the_limit_is_refused_keeps_the_text_and_says_when_to_send_it_again(
    database: ConcernStore,
) -> None:
    at = open_page(PAGE)
    for gen in range(2):
        at = submit(fill(at, narrative=f"Report number {gen + 1}: the referral flag stayed green."))
        at = at.button(key="gc_another").click().run()
    at = submit(fill(at, narrative="The third report within ten minutes, typed in full."))
    assert database.count() == 2
    assert not at.success
    first = attempt_times(database)[0]
    retry = f"{first + timedelta(minutes=10):%H:%M}"  # type: ignore[operator]
    refusals = [e.value for e in at.error if "limit of 2 in 10 minutes" in e.value]
    assert len(refusals) == 1
    assert f"please send it again after {retry} UTC" in refusals[0]
    assert at.text_area(key="gc_narrative_2").value == "The third report within ten minutes, typed in full."

    # Ten minutes later (the counted reports moved back in time), the same typed report goes through.
    with database.transaction(write=True) as conn:
        for row in conn.execute(select(ATTEMPTS.c.id, ATTEMPTS.c.at)).all():
            moved = row.at - timedelta(minutes=11)
            conn.execute(update(ATTEMPTS).where(ATTEMPTS.c.id == row.id).values(at=moved))
    at = submit(at)
    assert database.count() == 3
    assert database.reports()[0].report.narrative == "The third report within ten minutes, typed in full."
    assert any(database.reports()[0].receipt in s.value for s in at.success)
