"""Exports to file from: choices in words, the triage history and the assessment with its clocks."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from concern_helpers import make_report, new_submission_id

from gmlp_cards.concerns import ConcernStore, Status, Transition
from gmlp_cards.concerns.assessment import Assessment, Category
from gmlp_cards.concerns.assessment_store import AssessmentLog
from gmlp_cards.concerns.clocks import Jurisdiction
from gmlp_cards.concerns.export import to_csv, to_json
from gmlp_cards.concerns.report_details import load_details

FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def fixed_store(make_store: Callable[..., ConcernStore]) -> ConcernStore:
    return make_store(clock=lambda: FRIDAY_NOON)


@pytest.fixture
def assessed(fixed_store: ConcernStore) -> ConcernStore:
    receipt = fixed_store.submit(
        make_report(harm_occurred="yes", seriousness="hospitalization"), "sub-assessed-1"
    ).number
    fixed_store.submit(make_report(), new_submission_id())
    fixed_store.transition(
        receipt, Transition(Status.UNDER_REVIEW, "alice", note="Looking into it."), expected=Status.NEW
    )
    AssessmentLog(fixed_store).record(
        receipt,
        Assessment(
            Category.POSSIBLE_HEALTH_IMPACT,
            date(2026, 11, 27),
            codes=("F13", "A090803"),
            answers={
                Jurisdiction.US: {"death_or_serious_injury": True, "remedial_action_needed": True},
                Jurisdiction.EU: {"serious_incident": True, "causal_relationship": False},
            },
            filed_on={Jurisdiction.US: date(2026, 11, 27)},
            note="=cmd|' /C calc'!A0",
        ),
        actor="alice",
    )
    return fixed_store


def rows_of(store: ConcernStore) -> list[dict[str, str]]:
    reports = store.reports()
    text = to_csv(reports, details=load_details(store, reports))
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_shows_each_choice_in_words(assessed: ConcernStore) -> None:
    row = next(r for r in rows_of(assessed) if r["receipt"].endswith("-000001"))
    assert row["reporter_role"] == "Clinician (doctor, nurse, ...)"
    assert row["concern_type"] == "Wrong or misleading output"
    assert (row["harm_occurred"], row["seriousness"]) == ("Yes", "Hospital stay (new or longer)")
    assert row["status"] == "Under review"


def test_the_csv_carries_the_assessment_and_its_clocks(assessed: ConcernStore) -> None:
    row = next(r for r in rows_of(assessed) if r["receipt"].endswith("-000001"))
    assert row["category"] == "Possible health impact"
    assert row["aware_on"] == "2026-11-27"
    assert row["imdrf_codes"] == "A090803 - False Negative Result; F13 - Misdiagnosis/ Misclassification"
    assert (row["us_reportability"], row["us_due_on"], row["us_filed_on"]) == (
        "Reportable",
        "2026-12-04",
        "2026-11-27",
    )
    assert (row["eu_reportability"], row["eu_due_on"]) == ("Not reportable", "")
    assert row["uk_reportability"] == "Not decided yet (provisional)"
    assert row["assessed_by"] == "alice"


def test_the_csv_carries_the_triage_history_with_its_notes(assessed: ConcernStore) -> None:
    row = next(r for r in rows_of(assessed) if r["receipt"].endswith("-000001"))
    assert row["triage_history"] == (
        "2026-11-27 12:00 UTC reporter: New\n"
        "2026-11-27 12:00 UTC alice: New -> Under review: Looking into it."
    )


def test_an_unassessed_report_exports_empty_assessment_cells(assessed: ConcernStore) -> None:
    row = next(r for r in rows_of(assessed) if r["receipt"].endswith("-000002"))
    assert (row["category"], row["imdrf_codes"], row["us_reportability"]) == ("", "", "")


def test_a_formula_in_the_assessment_note_is_defused_in_the_csv(assessed: ConcernStore) -> None:
    row = next(r for r in rows_of(assessed) if r["receipt"].endswith("-000001"))
    assert row["assessment_note"].startswith("'=")


def test_the_json_keeps_codes_and_adds_their_words_history_and_assessment(assessed: ConcernStore) -> None:
    reports = assessed.reports()
    [first] = [
        r
        for r in json.loads(to_json(reports, details=load_details(assessed, reports)))
        if r["receipt"].endswith("-000001")
    ]
    assert first["concern_type"] == "wrong_or_misleading_output"
    assert first["labels"]["concern_type"] == "Wrong or misleading output"
    assert first["category"] == "possible_health_impact"
    assert first["labels"]["category"] == "Possible health impact"
    assert first["imdrf_codes"] == ["A090803", "F13"]
    assert first["us_due_on"] == "2026-12-04"
    assert first["assessment_note"] == "=cmd|' /C calc'!A0"  # verbatim in JSON
    assert [(h["actor"], h["to_status"], h["note"]) for h in first["triage_history"]] == [
        ("reporter", "new", ""),
        ("alice", "under_review", "Looking into it."),
    ]
