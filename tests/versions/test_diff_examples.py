"""Diffs of every consecutive pair of shipped example versions, with the judgements we expect."""

from __future__ import annotations

import itertools

import pytest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.model import MetricName, semver_key
from gmlp_cards.versions.diff import CardDiff, ChangeKind, diff_cards
from gmlp_cards.versions.judgement import Judgement

S, SP, PPV, AUROC, PREV = (
    MetricName.sensitivity,
    MetricName.specificity,
    MetricName.ppv,
    MetricName.auroc,
    MetricName.prevalence,
)


def pair(examples: Catalog, device_id: str, old: str, new: str) -> CardDiff:
    return diff_cards(examples.card(device_id, old), examples.card(device_id, new))


def judgement(diff: CardDiff, study: str, row: str, metric: MetricName) -> Judgement:
    found = diff.metric(study, row, metric)
    assert found is not None, f"{metric.value} not in {study} / {row}"
    return found.judgement


def test_every_consecutive_pair_of_examples_is_covered_below(examples: Catalog) -> None:
    # If the examples gain a version, this test names the pair that still needs expectations.
    pairs = set()
    for device_id in examples.device_ids():
        versions = sorted(examples.versions(device_id), key=semver_key)
        pairs |= {(device_id, a, b) for a, b in itertools.pairwise(versions)}
    assert pairs == {
        ("lumen-cxr-triage", "1.0.0", "1.1.0"),
        ("retina-dr-screen", "1.0.0", "1.1.0"),
        ("retina-dr-screen", "1.1.0", "2.0.0"),
        ("retina-dr-screen", "2.0.0", "2.1.0"),
        ("sepsis-sentinel", "1.0.0", "1.1.0"),
        ("sepsis-sentinel", "1.1.0", "1.2.0"),
    }


# --- lumen-cxr-triage 1.0.0 -> 1.1.0: CR input added, model unchanged ---------------------------


def test_lumen_keeps_every_pivotal_estimate_unchanged(examples: Catalog) -> None:
    diff = pair(examples, "lumen-cxr-triage", "1.0.0", "1.1.0")
    pivotal = [m for m in diff.metrics if m.study == "pivotal-2022"]
    assert pivotal and {m.judgement for m in pivotal} == {Judgement.unchanged}
    sensitivity = diff.metric("pivotal-2022", "overall", S)
    assert sensitivity is not None and sensitivity.old == sensitivity.new
    assert sensitivity.new is not None and sensitivity.new.value == pytest.approx(0.912)


def test_lumen_time_to_notification_is_compared_and_unchanged(examples: Catalog) -> None:
    diff = pair(examples, "lumen-cxr-triage", "1.0.0", "1.1.0")
    assert (
        judgement(diff, "pivotal-2022", "overall", MetricName.time_to_notification_minutes)
        is Judgement.unchanged
    )


def test_lumen_adds_the_cr_study_and_its_results(examples: Catalog) -> None:
    diff = pair(examples, "lumen-cxr-triage", "1.0.0", "1.1.0")
    assert diff.studies_added == ("cr-2023",)
    assert diff.studies_removed == () and diff.studies_replaced == ()
    added = diff.metric("cr-2023", "overall", S)
    assert added is not None and added.judgement is Judgement.added and added.old is None
    assert added.new is not None and added.new.value == pytest.approx(0.916)


def test_lumen_reports_the_new_input_and_the_acquisition_device_criterion(examples: Catalog) -> None:
    diff = pair(examples, "lumen-cxr-triage", "1.0.0", "1.1.0")
    added_inputs = [
        c.new for c in diff.inputs if c.path == "inputs.acceptable" and c.kind is ChangeKind.added
    ]
    assert len(added_inputs) == 1 and "computed radiography" in (added_inputs[0] or "")
    assert any(
        c.path == "intended_use.population_criteria[acquisition_device].allowed"
        and c.kind is ChangeKind.added
        and c.new == "computed radiography"
        for c in diff.intended_use
    )
    assert [c.new for c in diff.data if c.path == "data.test" and c.kind is ChangeKind.added] == [
        "LCT computed radiography test set (locked)"
    ]
    assert next(c for c in diff.identity if c.path == "identity.software_version").new == "2.5.0"


# --- retina-dr-screen 1.0.0 -> 1.1.0: labelling only ---------------------------------------------


def test_retina_labelling_release_moves_no_number(examples: Catalog) -> None:
    diff = pair(examples, "retina-dr-screen", "1.0.0", "1.1.0")
    assert diff.metrics and diff.moved_metrics == ()
    assert judgement(diff, "pivotal-2021", "overall", S) is Judgement.unchanged
    assert diff.inputs == () and diff.intended_use == () and diff.data == ()


def test_retina_labelling_release_adds_korea_and_korean_text(examples: Catalog) -> None:
    diff = pair(examples, "retina-dr-screen", "1.0.0", "1.1.0")
    assert [(c.path, c.kind, c.new) for c in diff.identity] == [
        ("identity.regulatory", ChangeKind.added, "KR")
    ]
    assert [(c.path, c.kind) for c in diff.patient] == [("patient.texts[ko]", ChangeKind.added)]


# --- retina-dr-screen 1.1.0 -> 2.0.0: new pivotal study, ages 18-21 added -------------------------


def test_retina_v2_compares_the_new_pivotal_study_with_the_old_one(examples: Catalog) -> None:
    diff = pair(examples, "retina-dr-screen", "1.1.0", "2.0.0")
    assert diff.studies_replaced == (
        ("pivotal-2021", "pivotal-2024"),
        ("pivotal-2021-eyes", "pivotal-2024-eyes"),
    )
    sensitivity = diff.metric("pivotal-2024", "overall", S)
    assert sensitivity is not None and sensitivity.old_study == "pivotal-2021"
    assert (sensitivity.old.value, sensitivity.new.value) == pytest.approx((0.861, 0.899))  # type: ignore[union-attr]
    assert sensitivity.judgement is Judgement.within_uncertainty
    assert judgement(diff, "pivotal-2024", "overall", SP) is Judgement.within_uncertainty
    assert judgement(diff, "pivotal-2024-eyes", "overall", S) is Judgement.within_uncertainty


def test_retina_v2_prevalence_moved_but_has_no_better_direction(examples: Catalog) -> None:
    diff = pair(examples, "retina-dr-screen", "1.1.0", "2.0.0")
    assert judgement(diff, "pivotal-2024", "overall", PREV) is Judgement.changed


def test_retina_v2_judges_nothing_better_or_worse(examples: Catalog) -> None:
    diff = pair(examples, "retina-dr-screen", "1.1.0", "2.0.0")
    assert not [m for m in diff.metrics if m.judgement in (Judgement.better, Judgement.worse)]


def test_retina_v2_adds_the_young_adult_subgroup_and_widens_the_population(examples: Catalog) -> None:
    diff = pair(examples, "retina-dr-screen", "1.1.0", "2.0.0")
    assert [(g.study, g.row) for g in diff.subgroups_added] == [("pivotal-2024", "age_band = 18-21")]
    assert diff.subgroups_dropped == ()
    population = [c for c in diff.intended_use if c.path == "intended_use.indications.target_population"]
    assert len(population) == 1 and "22" in (population[0].old or "") and "18" in (population[0].new or "")


# --- sepsis-sentinel 1.0.0 -> 1.1.0: retrained under the PCCP ------------------------------------


def test_sepsis_retrain_improves_specificity_and_ppv(examples: Catalog) -> None:
    diff = pair(examples, "sepsis-sentinel", "1.0.0", "1.1.0")
    assert diff.studies_replaced == (("external-2022", "temporal-2024"),)
    assert judgement(diff, "temporal-2024", "overall", SP) is Judgement.better
    assert judgement(diff, "temporal-2024", "overall", PPV) is Judgement.better


def test_sepsis_retrain_sensitivity_and_auroc_gains_are_within_uncertainty(examples: Catalog) -> None:
    diff = pair(examples, "sepsis-sentinel", "1.0.0", "1.1.0")
    assert judgement(diff, "temporal-2024", "overall", S) is Judgement.within_uncertainty
    assert judgement(diff, "temporal-2024", "overall", AUROC) is Judgement.within_uncertainty
    assert judgement(diff, "temporal-2024", "overall", MetricName.alert_rate) is Judgement.within_uncertainty


def test_sepsis_median_lead_time_without_interval_is_not_judged(examples: Catalog) -> None:
    diff = pair(examples, "sepsis-sentinel", "1.0.0", "1.1.0")
    assert (
        judgement(diff, "temporal-2024", "overall", MetricName.median_lead_time_hours) is Judgement.not_judged
    )


def test_sepsis_subgroups_keep_their_own_judgements(examples: Catalog) -> None:
    diff = pair(examples, "sepsis-sentinel", "1.0.0", "1.1.0")
    assert judgement(diff, "temporal-2024", "race = Asian", S) is Judgement.unchanged
    assert judgement(diff, "temporal-2024", "sex = male", SP) is Judgement.better
    assert judgement(diff, "temporal-2024", "sex = female", SP) is Judgement.within_uncertainty
    assert [g.row for g in diff.subgroups_added] == ["site = Bayview Community Hospital (fictional)"]


def test_sepsis_new_lab_input_is_in_the_inputs_section(examples: Catalog) -> None:
    diff = pair(examples, "sepsis-sentinel", "1.0.0", "1.1.0")
    added = [c.new or "" for c in diff.inputs if c.kind is ChangeKind.added]
    assert any("SaO2" in text for text in added)


# --- schema 2 versions of two of them: the five HTI-1 facts added, numbers untouched --------------------

SCHEMA_2_PAIRS = [
    ("retina-dr-screen", "2.0.0", "2.1.0", 36),
    ("sepsis-sentinel", "1.1.0", "1.2.0", 44),
]


@pytest.mark.parametrize(("device", "old", "new", "compared"), SCHEMA_2_PAIRS)
def test_schema_2_version_changes_no_number(
    examples: Catalog, device: str, old: str, new: str, compared: int
) -> None:
    diff = pair(examples, device, old, new)
    assert len(diff.metrics) == compared
    assert {m.judgement for m in diff.metrics} == {Judgement.unchanged}
    assert diff.studies_replaced == () and diff.subgroups_added == () and diff.subgroups_dropped == ()


@pytest.mark.parametrize(("device", "old", "new", "compared"), SCHEMA_2_PAIRS)
def test_schema_2_version_adds_the_five_hti1_facts(
    examples: Catalog, device: str, old: str, new: str, compared: int
) -> None:
    diff = pair(examples, device, old, new)
    changes = (*diff.identity, *diff.intended_use, *diff.inputs, *diff.outputs, *diff.risks)
    assert changes == ()
    assert [c.path for c in (*diff.data, *diff.monitoring)] == [
        "data.funding",
        "data.training_criteria",
        "data.demographic_inputs",
        "monitoring.fairness_monitoring",
        "monitoring.local_validation",
    ]
    assert {c.old for c in (*diff.data, *diff.monitoring)} == {"none"}  # the diff's word for absent
