"""Triage assessments: stored with their codes and answers, appended not overwritten, checked first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from concern_helpers import make_report, new_submission_id

from gmlp_cards.concerns import ConcernStore, UnknownReport
from gmlp_cards.concerns.assessment import (
    Assessment,
    AssessmentError,
    Category,
    default_aware_on,
    suggests_health_impact,
)
from gmlp_cards.concerns.assessment_store import AssessmentLog
from gmlp_cards.concerns.clocks import Jurisdiction

FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
FRIDAY = date(2026, 11, 27)


@pytest.fixture
def fixed_store(make_store: Callable[..., ConcernStore]) -> ConcernStore:
    return make_store(clock=lambda: FRIDAY_NOON)


def harmful() -> Assessment:
    return Assessment(
        category=Category.POSSIBLE_HEALTH_IMPACT,
        aware_on=FRIDAY,
        codes=("F13", "A090803"),
        answers={
            Jurisdiction.US: {"death_or_serious_injury": True, "remedial_action_needed": True},
            Jurisdiction.EU: {"serious_incident": True, "causal_relationship": False},
        },
        note="False negative on a referable image; patient seen late.",
    )


def test_an_assessment_reads_back_with_its_codes_answers_and_author(fixed_store: ConcernStore) -> None:
    receipt = fixed_store.submit(make_report(), new_submission_id()).number
    AssessmentLog(fixed_store).record(receipt, harmful(), actor="alice")
    [stored] = AssessmentLog(fixed_store).history(receipt)
    assert stored.actor == "alice" and stored.at == FRIDAY_NOON
    assert stored.assessment.category is Category.POSSIBLE_HEALTH_IMPACT
    assert stored.assessment.codes == ("A090803", "F13")  # the shipped list's order
    assert stored.assessment.answers == {
        Jurisdiction.US: {"death_or_serious_injury": True, "remedial_action_needed": True},
        Jurisdiction.EU: {"serious_incident": True, "causal_relationship": False},
    }
    assert stored.assessment.note == "False negative on a referable image; patient seen late."


def test_a_new_assessment_is_appended_and_becomes_current(fixed_store: ConcernStore) -> None:
    first = fixed_store.submit(make_report(), new_submission_id())
    other = fixed_store.submit(make_report(), new_submission_id())
    log = AssessmentLog(fixed_store)
    log.record(first.number, harmful(), actor="alice")
    filed = Assessment(Category.POSSIBLE_HEALTH_IMPACT, FRIDAY, filed_on={Jurisdiction.US: FRIDAY})
    log.record(first.number, filed, actor="bob")
    log.record(other.number, Assessment(Category.SUPPORT_QUESTION, FRIDAY), actor="carol")
    assert [a.actor for a in log.history(first.number)] == ["alice", "bob"]
    current = log.current()
    by_receipt = {s.receipt: current[s.id] for s in fixed_store.reports() if s.id in current}
    assert by_receipt[first.number].actor == "bob"
    assert by_receipt[first.number].assessment.filed_on == {Jurisdiction.US: FRIDAY}
    assert by_receipt[other.number].assessment.category is Category.SUPPORT_QUESTION


def test_an_unknown_code_is_refused_and_nothing_is_stored(fixed_store: ConcernStore) -> None:
    receipt = fixed_store.submit(make_report(), new_submission_id()).number
    bad = Assessment(Category.COMPLAINT, FRIDAY, codes=("A11", "A0999"))
    with pytest.raises(AssessmentError, match="'A0999'"):
        AssessmentLog(fixed_store).record(receipt, bad, actor="alice")
    assert AssessmentLog(fixed_store).history(receipt) == []


@pytest.mark.parametrize(
    ("assessment", "message"),
    [
        (Assessment(Category.COMPLAINT, date(2026, 11, 28)), "future"),
        (
            Assessment(
                Category.COMPLAINT, FRIDAY, answers={Jurisdiction.EU: {"remedial_action_needed": True}}
            ),
            "unknown criteria remedial_action_needed",
        ),
        (
            Assessment(Category.COMPLAINT, FRIDAY, filed_on={Jurisdiction.UK: date(2026, 11, 26)}),
            "filing date",
        ),
    ],
)
def test_an_impossible_assessment_is_refused(
    fixed_store: ConcernStore, assessment: Assessment, message: str
) -> None:
    receipt = fixed_store.submit(make_report(), new_submission_id()).number
    with pytest.raises(AssessmentError, match=message):
        AssessmentLog(fixed_store).record(receipt, assessment, actor="alice")


def test_assessing_an_unknown_receipt_is_refused(fixed_store: ConcernStore) -> None:
    with pytest.raises(UnknownReport):
        AssessmentLog(fixed_store).record("GC-2026-999999", harmful(), actor="alice")


def test_the_awareness_date_proposed_is_the_day_received_not_the_event_date() -> None:
    # The report's event was on 1 May; the portal received it on Friday 27 November.
    assert default_aware_on(FRIDAY_NOON) == FRIDAY
    assert default_aware_on(datetime(2026, 11, 27, 23, 30, tzinfo=UTC)) == FRIDAY


def test_the_clocks_of_an_assessment_follow_its_answers() -> None:
    us, eu, uk = harmful().clocks()
    assert us.due_on == date(2026, 12, 4)  # 5 work days from Friday
    assert eu.due_on is None  # no causal relationship: nothing to file in the EU
    assert uk.due_on == date(2026, 11, 29) and uk.provisional  # unanswered, possible health impact


@pytest.mark.parametrize(
    ("overrides", "flagged"),
    [
        ({}, False),
        ({"harm_occurred": "yes", "seriousness": "hospitalization"}, True),
        ({"concern_type": "possible_harm"}, True),
        ({"harm_occurred": "unknown"}, False),
    ],
)
def test_a_report_suggesting_harm_is_flagged(overrides: dict[str, str], flagged: bool) -> None:
    assert suggests_health_impact(make_report(**overrides)) is flagged
