"""Card schema 2: evidence as it is published, each pattern accepted, checked as its method allows.

The base is tests/checks/clean_card.yaml (fictional) read as schema 2; every expected number below
was computed separately (scipy quantiles and the textbook formulas) and is written out literally.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from schema2_examples import WORST_CASE, irreproducible_ppv

from gmlp_cards.checks.cautions import cautioned_groups, subgroup_cautions
from gmlp_cards.checks.coverage import information_coverage, resolve
from gmlp_cards.evidence import results
from gmlp_cards.model import ModelCard
from gmlp_cards.model.formatting import period_text

CLEAN = Path(__file__).parent / "checks" / "clean_card.yaml"
BASE: dict[str, Any] = yaml.safe_load(CLEAN.read_text(encoding="utf-8"))


@pytest.fixture
def card2() -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["schema_version"] = 2
    return data


def study(data: dict[str, Any]) -> dict[str, Any]:
    return data["performance"]["studies"][0]


def add_overall(data: dict[str, Any], *metrics: dict[str, Any]) -> ModelCard:
    study(data)["overall"]["metrics"].extend(metrics)
    return ModelCard.model_validate(data)


# --- analyses: one metric once per analysis ------------------------------------------------------


def test_an_observed_and_a_model_adjusted_sensitivity_sit_in_one_row(card2):
    adjusted = {
        "kind": "estimate",
        "name": "sensitivity",
        "analysis": "model_adjusted",
        "estimate": 0.861,
        "lower": 0.806,
        "upper": 0.903,
        "method": "bootstrap_percentile",
    }
    card = add_overall(card2, adjusted)
    row = card.performance.studies[0].overall
    assert row.metric("sensitivity").estimate == 0.92  # the observed one by default
    assert row.metric("sensitivity", row.metrics[-1].analysis).estimate == 0.861


def test_the_same_metric_twice_in_one_analysis_is_refused(card2):
    again = dict(study(card2)["overall"]["metrics"][0])
    with pytest.raises(ValidationError, match=r"metric sensitivity is given more than once"):
        add_overall(card2, again)


def test_schema_2_refuses_method_model_adjusted_and_says_what_to_write(card2):
    metric = {**study(card2)["overall"]["metrics"][0], "method": "model_adjusted"}
    study(card2)["overall"]["metrics"][0] = metric
    with pytest.raises(ValidationError, match=r"write `analysis: model_adjusted`"):
        ModelCard.model_validate(card2)


# --- interval sides, levels and methods ----------------------------------------------------------


def test_a_one_sided_90_percent_wilson_lower_bound_is_recomputed_one_sided(card2):
    card = add_overall(card2, WORST_CASE)  # one-sided 90% Wilson lower bound of 174/198: 0.84591
    found = card.performance.studies[0].overall.metrics[-1]
    assert results.checked_text(found) == (
        "recomputed: estimate = 174/198; 90% one-sided lower Wilson score interval from 174/198"
    )
    assert "90% one-sided lower bound 84.6%" in results.describe(found)
    assert "worst case analysis" in results.describe(found)


def test_a_one_sided_bound_read_as_two_sided_would_disagree(card2):
    # 0.8259 is the lower end of the two-sided 90% interval, not the one-sided 90% bound.
    with pytest.raises(ValidationError, match=r"lower bound is stated as 0.826 but .* gives 0.8459"):
        add_overall(card2, {**WORST_CASE, "lower": 0.826})


def test_only_one_bound_without_sides_is_refused_in_schema_2(card2):
    one_end = {k: v for k, v in WORST_CASE.items() if k != "sides"}
    with pytest.raises(ValidationError, match=r"say `sides: lower` for a one-sided bound"):
        add_overall(card2, one_end)


@pytest.mark.parametrize(
    ("method", "lower", "upper", "recipe"),
    [
        ("agresti_coull", 0.825, 0.918, "95% Agresti-Coull (modified Wald) interval from 174/198"),
        ("jeffreys", 0.828, 0.919, "95% Jeffreys interval from 174/198"),
    ],
)
def test_agresti_coull_and_jeffreys_intervals_are_recomputed(card2, method, lower, upper, recipe):
    metric = {**WORST_CASE, "method": method, "lower": lower, "upper": upper, "level": 0.95}
    metric["sides"] = "two_sided"
    card = add_overall(card2, metric)
    assert recipe in results.checked_text(card.performance.studies[0].overall.metrics[-1])
    with pytest.raises(ValidationError, match=re.escape(f"upper bound is stated as 0.93 but the {recipe}")):
        add_overall(copy.deepcopy(card2), {**metric, "upper": 0.93})


def test_a_t_interval_of_a_mean_is_recomputed_from_mean_sd_and_n(card2):
    mean = {
        "kind": "mean_sd",
        "name": "time_to_read_minutes",
        "label": "Time to read a case",
        "scale": "value",
        "unit": "minutes",
        "direction": "lower",
        "n": 50,
        "mean": 6.1,
        "sd": 4.3,
        "lower": 4.878,
        "upper": 7.322,
        "method": "t",
    }
    card = add_overall(copy.deepcopy(card2), mean)
    found = card.performance.studies[0].overall.metrics[-1]
    assert results.checked_text(found) == "recomputed: 95% t interval from mean, SD and n"
    assert results.describe(found).startswith("mean 6.1 minutes (SD 4.3 minutes; 95% CI 4.878 minutes")
    with pytest.raises(ValidationError, match=r"upper bound is stated as 7.5 but the 95% t interval"):
        add_overall(card2, {**mean, "upper": 7.5})


def test_a_hanley_mcneil_auroc_interval_is_recomputed_from_the_rows_class_sizes(card2):
    # 300 positives and 1,200 negatives (the clean card's counts); AUROC 0.90 -> 0.8761 to 0.9239.
    auroc = {"kind": "estimate", "name": "auroc", "estimate": 0.9, "lower": 0.876, "upper": 0.924}
    card = add_overall(copy.deepcopy(card2), {**auroc, "method": "hanley_mcneil"})
    assert "Hanley-McNeil interval from 300 positives and 1200 negatives" in results.checked_text(
        card.performance.studies[0].overall.metrics[-1], card.performance.studies[0].overall.counts
    )
    with pytest.raises(ValidationError, match=r"lower bound is stated as 0.86 but the 95% Hanley-McNeil"):
        add_overall(card2, {**auroc, "lower": 0.86, "method": "hanley_mcneil"})


def test_bootstrap_delong_and_clustered_intervals_are_shown_as_stated_and_say_so(card2):
    clustered = {**WORST_CASE, "lower": 0.80, "cluster": "patient"}  # plain Wilson would disagree
    card = add_overall(card2, clustered)
    text = results.checked_text(card.performance.studies[0].overall.metrics[-1])
    assert text == (
        "recomputed: estimate = 174/198; Wilson score interval accounting for clustering by "
        "patient: plain counts do not reproduce it; shown as stated"
    )


# --- explanations: pinned to the numbers --------------------------------------------------------


def _irreproducible(**explanation: Any) -> dict[str, Any]:
    return irreproducible_ppv(**explanation)


def test_a_discrepancy_is_refused_with_the_exact_entry_that_would_record_it(card2):
    with pytest.raises(ValidationError) as caught:
        add_overall(card2, _irreproducible())
    assert "ppv upper bound is stated as 0.932 but the 95% Wilson score interval from 276/336 gives " in str(
        caught.value
    )
    assert "`unreconciled: [{quantity: upper, stated: 0.932, recomputed: 0.8587}]`" in str(caught.value)


def test_a_recorded_discrepancy_is_accepted_and_shown_beside_the_number(card2):
    entry = {"quantity": "upper", "stated": 0.932, "recomputed": 0.8587}
    text = "The summary's upper bound cannot be reproduced by any standard method (Table 9, p. 14)."
    card = add_overall(card2, _irreproducible(text=text, unreconciled=[entry]))
    table = results.metrics_table(list(card.performance.studies[0].overall.metrics))
    assert table.iloc[-1]["Note"] == text


def test_an_explanation_never_switches_the_point_estimate_check_off(card2):
    entry = {"quantity": "upper", "stated": 0.932, "recomputed": 0.8587}
    changed = {**_irreproducible(text="Upper bound as published.", unreconciled=[entry]), "estimate": 0.9}
    with pytest.raises(ValidationError, match=r"ppv is stated as 0.9 but x and n give 276/336"):
        add_overall(card2, changed)


def test_a_recorded_discrepancy_goes_stale_when_its_stated_number_changes(card2):
    entry = {"quantity": "upper", "stated": 0.932, "recomputed": 0.8587}
    changed = {**_irreproducible(text="Upper bound as published.", unreconciled=[entry]), "upper": 0.95}
    with pytest.raises(ValidationError, match=r"stated as 0.95 but"):
        add_overall(card2, changed)


def test_a_plain_text_explanation_is_a_note_that_excuses_nothing_in_schema_2(card2):
    with pytest.raises(ValidationError, match=r"ppv upper bound is stated as 0.932"):
        add_overall(card2, _irreproducible(text="Model-adjusted."))


def test_a_schema_1_explanation_still_accepts_what_it_accepted(card2):
    data = copy.deepcopy(BASE)  # schema 1: a published file never changes
    metric = {k: v for k, v in _irreproducible().items() if k not in ("x", "sides", "analysis")}
    metric.update(n=336, explanation="As published.")
    add_overall(data, metric)


IMAGEABILITY = {
    "kind": "single",
    "name": "imageability_rate",
    "label": "Imageability",
    "scale": "percent",
    "direction": "higher",
    "value": 95.8,
    "explanation": "Reported without an interval or counts (p. 9).",
}
"""A single value of the card's own metric, with the maker's note on it."""


def test_a_single_value_can_carry_an_explanation_shown_in_the_table(card2):
    card = add_overall(card2, IMAGEABILITY)
    row = results.metrics_table(list(card.performance.studies[0].overall.metrics)).iloc[-1]
    assert (row["Metric"], row["Estimate"], row["Note"]) == (
        "Imageability",
        "95.8%",
        "Reported without an interval or counts (p. 9).",
    )


# --- an open vocabulary --------------------------------------------------------------------------


def test_a_metric_of_the_cards_own_needs_label_scale_and_direction(card2):
    coined = {"kind": "single", "name": "ungradable_rate", "value": 0.04}
    with pytest.raises(ValidationError, match=r"needs `label`, `direction`, `scale`"):
        add_overall(card2, coined)


def test_schema_2_has_no_other_metric(card2):
    other = {"kind": "single", "name": "other", "label": "Imageability", "value": 0.96}
    with pytest.raises(ValidationError, match=r"schema 2 has no `other` metric"):
        add_overall(card2, other)


def test_a_lower_is_better_metric_of_the_cards_own_is_judged_lower_is_better(card2):
    rate = {
        "kind": "estimate",
        "name": "ungradable_rate",
        "label": "Ungradable images",
        "scale": "proportion",
        "direction": "lower",
        "estimate": 0.04,
        "lower": 0.03,
        "upper": 0.05,
        "method": "bootstrap",
    }
    study(card2)["endpoints"].append({"metric": "ungradable_rate", "threshold": 0.06, "judged_on": "upper"})
    card = add_overall(card2, rate)
    verdicts = {r.metric: r.verdict for r in results.endpoint_results(card.performance.studies[0])}
    assert verdicts["Ungradable images"] == "met"


# --- endpoints ------------------------------------------------------------------------------------


def test_a_threshold_that_is_not_disclosed_cannot_be_judged(card2):
    study(card2)["endpoints"][0]["threshold"] = "not_disclosed"
    card = ModelCard.model_validate(card2)
    first = results.endpoint_results(card.performance.studies[0])[0]
    assert (first.threshold, first.verdict) == ("not disclosed", "cannot be judged")


def test_a_non_inferiority_endpoint_is_judged_on_the_differences_lower_bound(card2):
    difference = {
        "kind": "estimate",
        "name": "sensitivity_difference",
        "label": "Sensitivity, aided minus unaided",
        "scale": "percentage_points",
        "direction": "higher",
        "estimate": 1.2,
        "lower": -3.1,
        "upper": 5.5,
        "method": "bootstrap",
    }
    study(card2)["endpoints"].append(
        {"kind": "non_inferiority", "metric": "sensitivity_difference", "margin": 0.05}
    )
    card = add_overall(copy.deepcopy(card2), difference)
    verdicts = {r.metric: r.verdict for r in results.endpoint_results(card.performance.studies[0])}
    assert verdicts["Sensitivity, aided minus unaided"] == "met"  # -3.1 points > -5 points
    card = add_overall(card2, {**difference, "lower": -5.4, "estimate": -1.0})
    verdicts = {r.metric: r.verdict for r in results.endpoint_results(card.performance.studies[0])}
    assert verdicts["Sensitivity, aided minus unaided"] == "not met"


def test_a_maker_judged_trend_carries_the_result_the_source_states(card2):
    study(card2)["endpoints"].append(
        {
            "kind": "maker_judged",
            "metric": "sensitivity",
            "description": "Event rates rise across the four risk bands.",
            "stated_result": "met",
        }
    )
    card = ModelCard.model_validate(card2)
    last = results.endpoint_results(card.performance.studies[0])[-1]
    assert last.verdict == "met (as stated by the source)"


# --- not stated, never invented -------------------------------------------------------------------


def test_facts_the_source_does_not_state_are_not_stated_and_count_as_missing(card2):
    card2["risks"]["privacy"] = {"not_stated": "the decision summary does not describe it"}
    study(card2)["start_date"] = {"not_stated": "the summary gives no study dates"}
    card2["identity"]["manufacturer"]["contact_email"] = {"not_stated": "only a postal address"}
    card = ModelCard.model_validate(card2)
    assert card.risks.privacy == "Not stated in the source: the decision summary does not describe it"
    assert card.model_dump(mode="json")["risks"]["privacy"] == {
        "not_stated": "the decision summary does not describe it"
    }
    assert resolve(card, "identity.manufacturer.contact_email") == []
    report = next(i for i in information_coverage(card) if i.item.key == "report_concerns")
    assert report.status.value == "missing"
    assert report.parts[0].note == "identity.manufacturer.contact_email is not stated in the source"


def test_a_not_stated_date_is_never_a_date(card2):
    study(card2)["start_date"] = {"not_stated": "not printed"}
    card = ModelCard.model_validate(card2)
    dated = card.performance.studies[0]
    assert period_text(dated.start_date, dated.end_date) == "not stated to 2024-06-28"


# --- subgroups ------------------------------------------------------------------------------------


def test_crossed_rows_strata_and_unknown_n_are_accepted_and_shown(card2):
    row = study(card2)["subgroups"][0]
    row.update(
        dimension="cohort",
        group="enriched enrolment",
        stratum=True,
        crossed_with=[{"dimension": "site_type", "group": "primary care"}],
        n={"not_stated": "the summary gives percentages only"},
    )
    del row["counts"]
    for metric in row["metrics"]:
        metric.pop("n")
        metric["estimate"], metric["lower"] = 0.70, 0.60  # far below the criterion and overall
    card = ModelCard.model_validate(card2)
    table = results.subgroup_table(card.performance.studies[0])
    assert table.iloc[0]["Dimension"] == "Cohort × Site type"
    assert table.iloc[0]["Group"] == "enriched enrolment × primary care (design stratum)"
    assert table.iloc[0]["n"] == "not stated"
    flagged = subgroup_cautions(card)
    assert any(c.group == "enriched enrolment" for c in flagged)
    # A design stratum is not a trait of patients: never "less is known for people like you".
    assert all(group != "enriched enrolment" for _, group in cautioned_groups(flagged))


def test_every_subgroup_dimension_has_patient_words_in_every_language() -> None:
    from gmlp_cards.model import SubgroupDimension
    from gmlp_cards.tiers.patient_words import STRINGS

    for lang, strings in STRINGS.items():
        missing = [d.value for d in SubgroupDimension if f"dimension_{d.value}" not in strings]
        assert missing == [], (lang, missing)


def test_a_count_of_units_is_written_with_the_right_plural() -> None:
    from gmlp_cards.model import UnitOfAnalysis

    assert UnitOfAnalysis.study.counted(300) == "300 studies"
    assert UnitOfAnalysis.lesion.counted(1) == "1 lesion"
    assert UnitOfAnalysis.patient.counted(1200) == "1,200 patients"
    assert UnitOfAnalysis.image.counted(None) == "n not stated"


def test_the_makers_note_goes_wherever_the_number_is_described(card2):
    card = add_overall(card2, IMAGEABILITY)
    found = card.performance.studies[0].overall.metrics[-1]
    assert results.describe(found) == (
        "95.8% (no interval given) — maker's note: Reported without an interval or counts (p. 9)."
    )
    assert results.describe(found, note=False) == "95.8% (no interval given)"
