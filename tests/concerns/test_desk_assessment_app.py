"""AppTest of the desk's assessment: the urgent list on top, and the triage form's fields."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from apptest_helpers import app_store, desk, page_dump
from concern_helpers import make_report, new_submission_id
from streamlit.testing.v1 import AppTest

from gmlp_cards.concerns import ConcernStore
from gmlp_cards.concerns.assessment import Assessment, Category
from gmlp_cards.concerns.assessment_store import AssessmentLog
from gmlp_cards.concerns.clocks import Jurisdiction

HARM = {"harm_occurred": "yes", "seriousness": "hospitalization"}


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConcernStore]:
    monkeypatch.delenv("GMLP_CARDS_DESK_USERS", raising=False)
    with app_store(tmp_path, monkeypatch) as store:
        yield store


def today() -> date:
    return datetime.now(UTC).date()


def submit(store: ConcernStore, **overrides: str) -> str:
    return store.submit(make_report(**overrides), new_submission_id()).number


def test_a_report_describing_harm_is_flagged_at_the_top_the_day_it_arrives(database: ConcernStore) -> None:
    submit(database)
    harmed = submit(database, **HARM)
    at = desk()
    titles = [s.value for s in at.subheader]
    assert titles[: titles.index("Needs attention (1)") + 2][-1].startswith("Reports (")  # right above
    [line] = [w.value for w in at.warning]
    assert line.startswith(f"{harmed}: possible health impact, not assessed yet. Assess it today")
    assert str(today() + timedelta(days=2)) in line  # the 2-day serious public health threat limit


def test_a_report_without_harm_and_without_a_clock_is_not_listed(database: ConcernStore) -> None:
    submit(database)
    at = desk()
    assert not any(s.value.startswith("Needs attention") for s in at.subheader)
    assert not at.warning and not at.error


def test_an_overdue_reportable_report_is_shown_as_an_error_above_the_list(database: ConcernStore) -> None:
    late = submit(database)
    aware = today() - timedelta(days=40)
    answers = {"death_or_serious_injury": True, "remedial_action_needed": False}
    AssessmentLog(database).record(
        late, Assessment(Category.COMPLAINT, aware, answers={Jurisdiction.US: answers}), actor="bob"
    )
    at = desk()
    [line] = [e.value for e in at.error]
    due = aware + timedelta(days=30)
    assert line == f"{late}: report to United States (FDA, 21 CFR 803) overdue since {due} (10 days)"
    titles = [s.value for s in at.subheader]
    assert titles.index("Needs attention (1)") < next(
        i for i, t in enumerate(titles) if t.startswith("Reports (")
    )


def test_a_clock_due_within_days_is_listed_as_due_soon(database: ConcernStore) -> None:
    soon = submit(database)
    answers = {
        "serious_incident": True,
        "causal_relationship": True,
        "serious_public_health_threat": True,
    }
    AssessmentLog(database).record(
        soon, Assessment(Category.COMPLAINT, today(), answers={Jurisdiction.EU: answers}), actor="bob"
    )
    at = desk()
    assert [w.value for w in at.warning] == [
        f"{soon}: report to European Union (MDR Art. 87) due {today() + timedelta(days=2)} (2 days left)"
    ]


def test_the_codes_are_offered_as_code_dash_term(database: ConcernStore) -> None:
    receipt = submit(database)
    at = desk()
    options = at.multiselect(key=f"gc_assess_{receipt}_codes").options
    assert "A090803 - False Negative Result" in options
    assert "F13 - Misdiagnosis/ Misclassification" in options


def test_the_triage_form_records_category_codes_and_answers(database: ConcernStore) -> None:
    receipt = submit(database, **HARM)
    at = desk()
    key = f"gc_assess_{receipt}"
    at.selectbox(key=f"{key}_category").set_value(Category.POSSIBLE_HEALTH_IMPACT)
    at.multiselect(key=f"{key}_codes").set_value(["F13", "A090803"])
    at.radio(key=f"{key}_us_death_or_serious_injury").set_value(True)
    at.radio(key=f"{key}_us_remedial_action_needed").set_value(False)
    at.radio(key=f"{key}_eu_causal_relationship").set_value(False)
    at.text_area(key=f"{key}_note").input("False negative; patient admitted.")
    at = at.button(key=f"FormSubmitter:{key}-Save assessment").click().run()
    assert not at.error
    [stored] = AssessmentLog(database).history(receipt)
    assert stored.actor == "alice"
    assert stored.assessment.category is Category.POSSIBLE_HEALTH_IMPACT
    assert stored.assessment.codes == ("A090803", "F13")
    assert stored.assessment.aware_on == today()  # proposed: the day the report arrived
    assert stored.assessment.answers == {
        Jurisdiction.US: {"death_or_serious_injury": True, "remedial_action_needed": False},
        Jurisdiction.EU: {"causal_relationship": False},
    }
    # Saved and shown again: the US clock runs 30 calendar days from today.
    [clocks] = [d.value for d in at.dataframe if "Jurisdiction" in d.value.columns]
    us = clocks[clocks["Jurisdiction"] == "United States (FDA, 21 CFR 803)"].iloc[0]
    assert (us["Reportability"], us["Due"]) == ("Reportable", str(today() + timedelta(days=30)))


def test_saving_without_a_category_is_explained_not_stored(database: ConcernStore) -> None:
    receipt = submit(database)
    at = desk()
    at = at.button(key=f"FormSubmitter:gc_assess_{receipt}-Save assessment").click().run()
    assert any("choose a category" in e.value for e in at.error)
    assert AssessmentLog(database).history(receipt) == []


def this_monday() -> date:
    now = datetime.now(UTC)
    return now.date() - timedelta(days=now.weekday())


def rise(database: ConcernStore, **device: str) -> AppTest:
    """One report a week for eight weeks, then nine this week (a signal), and the desk opened."""
    monday = this_monday()
    for weeks_ago in range(8, 0, -1):
        at = datetime.combine(monday - timedelta(weeks=weeks_ago), datetime.min.time(), tzinfo=UTC)
        past = ConcernStore(str(database.url), clock=lambda at=at: at)
        past.submit(make_report(**device), new_submission_id())
        past.close()
    for _ in range(9):
        database.submit(make_report(**device), new_submission_id())
    return desk()


def test_a_rise_in_reports_shows_as_a_signal_under_the_trend(database: ConcernStore) -> None:
    at = rise(database)
    monday = this_monday()
    [signal] = [w.value for w in at.warning if w.value.startswith("Signal:")]
    assert signal.startswith(
        f"Signal: retina-screen 2.1.0, week of {monday}: 9 reports, "
        "1.0 expected per week from the 8 weeks before"
    )
    assert not [w for w in at.warning if not w.value.startswith("Signal:")]


def test_a_flat_history_shows_no_signal(database: ConcernStore) -> None:
    submit(database)
    at = desk()
    assert not [w for w in at.warning if w.value.startswith("Signal:")]
    assert any(c.value == "No week is above its control limit." for c in at.caption)


LUMEN = {"device_id": "lumen-cxr-triage", "card_version": "1.1.0"}


def test_a_signal_links_to_the_leaflet_of_its_card_version_and_shows_its_monitoring_plan(
    database: ConcernStore,
) -> None:
    at = rise(database, **LUMEN)
    assert [w.value for w in at.warning if w.value.startswith("Signal: lumen-cxr-triage 1.1.0")]
    [link] = [e.proto for e in at.get("page_link") if "Monitoring after release" in e.proto.label]
    assert link.label == "Monitoring after release: leaflet of lumen-cxr-triage 1.1.0"
    assert parse_qs(link.query_string) == {
        "device": ["lumen-cxr-triage"],
        "version": ["1.1.0"],
        "tier": ["leaflet"],
    }
    assert [e.label for e in at.expander].count("Monitoring plan stated in card lumen-cxr-triage 1.1.0") == 1
    assert "Each site sends de-identified monthly counts to Northwind." in page_dump(at)


def test_a_signal_on_a_card_not_in_the_catalog_says_the_plan_cannot_be_shown(database: ConcernStore) -> None:
    at = rise(database)  # retina-screen is not in model_cards/
    assert any(
        c.value
        == "Card retina-screen 2.1.0 is not in the catalog, so its monitoring plan cannot be shown here."
        for c in at.caption
    )
    assert not [e for e in at.get("page_link") if "Monitoring after release" in e.proto.label]
