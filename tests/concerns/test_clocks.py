"""Reporting clocks per jurisdiction, from literal dates (2026-11-27 is a Friday)."""

from __future__ import annotations

from datetime import date

import pytest

from gmlp_cards.concerns.clocks import (
    CRITERIA,
    Jurisdiction,
    Reportability,
    add_work_days,
    clock,
    reportability,
)

FRIDAY = date(2026, 11, 27)
US_REPORTABLE = {"death_or_serious_injury": True, "malfunction_likely_to_harm": False}
SERIOUS = {"serious_incident": True, "causal_relationship": True}
NEITHER = {"death_or_unanticipated_deterioration": False, "serious_public_health_threat": False}


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (FRIDAY, 5, date(2026, 12, 4)),  # Mon 30 Nov .. Fri 4 Dec
        (FRIDAY, 1, date(2026, 11, 30)),  # the weekend is skipped
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # aware on a Saturday
        (date(2026, 12, 3), 2, date(2026, 12, 7)),  # Thursday + 2 -> Monday
        (date(2026, 11, 30), 5, date(2026, 12, 7)),  # Monday + 5 -> next Monday
    ],
)
def test_work_days_skip_weekends(start: date, days: int, due: date) -> None:
    assert add_work_days(start, days) == due


def test_us_remedial_action_gives_five_work_days() -> None:
    found = clock(Jurisdiction.US, US_REPORTABLE | {"remedial_action_needed": True}, FRIDAY)
    assert found.status is Reportability.REPORTABLE
    assert found.due_on == date(2026, 12, 4)
    assert found.deadline is not None and found.deadline.words == "5 work days (21 CFR 803.53(a))"


def test_us_without_remedial_action_gives_thirty_calendar_days() -> None:
    found = clock(Jurisdiction.US, US_REPORTABLE | {"remedial_action_needed": False}, FRIDAY)
    assert found.due_on == date(2026, 12, 27)
    assert not found.provisional


def test_us_a_malfunction_likely_to_harm_if_it_recurred_is_reportable() -> None:
    answers = {"death_or_serious_injury": False, "malfunction_likely_to_harm": True}
    assert reportability(Jurisdiction.US, answers) is Reportability.REPORTABLE


def test_us_neither_death_nor_malfunction_is_not_reportable_and_has_no_date() -> None:
    answers = {"death_or_serious_injury": False, "malfunction_likely_to_harm": False}
    found = clock(Jurisdiction.US, answers, FRIDAY)
    assert found.status is Reportability.NOT_REPORTABLE
    assert found.due_on is None and found.days_left(FRIDAY) is None


@pytest.mark.parametrize("where", [Jurisdiction.EU, Jurisdiction.UK])
def test_a_serious_incident_is_due_in_fifteen_days(where: Jurisdiction) -> None:
    assert clock(where, SERIOUS | NEITHER, FRIDAY).due_on == date(2026, 12, 12)


@pytest.mark.parametrize("where", [Jurisdiction.EU, Jurisdiction.UK])
def test_a_death_or_unanticipated_deterioration_is_due_in_ten_days(where: Jurisdiction) -> None:
    answers = SERIOUS | NEITHER | {"death_or_unanticipated_deterioration": True}
    assert clock(where, answers, FRIDAY).due_on == date(2026, 12, 7)


@pytest.mark.parametrize("where", [Jurisdiction.EU, Jurisdiction.UK])
def test_a_serious_public_health_threat_is_due_in_two_calendar_days(where: Jurisdiction) -> None:
    answers = SERIOUS | NEITHER | {"serious_public_health_threat": True}
    assert clock(where, answers, FRIDAY).due_on == date(2026, 11, 29)  # a Sunday: calendar days


def test_eu_without_a_possible_causal_relationship_is_not_reportable() -> None:
    answers = {"serious_incident": True, "causal_relationship": False}
    assert reportability(Jurisdiction.EU, answers) is Reportability.NOT_REPORTABLE


def test_an_unanswered_shortening_question_counts_as_yes_until_answered() -> None:
    found = clock(Jurisdiction.EU, SERIOUS, FRIDAY)
    assert found.due_on == date(2026, 11, 29) and found.provisional


def test_no_answers_run_no_clock_unless_triaged_as_a_possible_health_impact() -> None:
    assert clock(Jurisdiction.EU, {}, FRIDAY).due_on is None
    flagged = clock(Jurisdiction.EU, {}, FRIDAY, possible_health_impact=True)
    assert flagged.status is Reportability.UNDETERMINED
    assert flagged.due_on == date(2026, 11, 29) and flagged.provisional


def test_a_report_is_in_time_on_its_due_date_and_overdue_the_day_after() -> None:
    found = clock(Jurisdiction.US, US_REPORTABLE | {"remedial_action_needed": True}, FRIDAY)
    assert found.days_left(date(2026, 12, 4)) == 0
    assert not found.overdue(date(2026, 12, 4)) and found.due_soon(date(2026, 12, 4))
    assert found.overdue(date(2026, 12, 5)) and found.days_left(date(2026, 12, 5)) == -1
    assert not found.due_soon(date(2026, 11, 27))  # 7 days left


def test_a_filed_report_is_not_overdue_but_a_late_filing_shows() -> None:
    answers = US_REPORTABLE | {"remedial_action_needed": True}
    on_time = clock(Jurisdiction.US, answers, FRIDAY, filed_on=date(2026, 12, 3))
    assert not on_time.overdue(date(2026, 12, 20)) and not on_time.filed_late
    assert clock(Jurisdiction.US, answers, FRIDAY, filed_on=date(2026, 12, 7)).filed_late


def test_every_jurisdiction_asks_its_criteria() -> None:
    assert [c.key for c in CRITERIA[Jurisdiction.US]] == [
        "death_or_serious_injury",
        "malfunction_likely_to_harm",
        "remedial_action_needed",
    ]
    assert [c.key for c in CRITERIA[Jurisdiction.EU]] == [c.key for c in CRITERIA[Jurisdiction.UK]]
