"""The card model's rules: consistency with counts, ordered intervals, ranges, versions, no unknown keys."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from gmlp_cards.model import Confusion, EstimateMetric, ModelCard, SingleMetric, check_against_counts


def overall(card: dict) -> dict:
    return card["performance"]["studies"][0]["overall"]


def sensitivity(card: dict) -> dict:
    return overall(card)["metrics"][0]


def test_the_fixture_card_is_valid(card_dict):
    card = ModelCard.model_validate(card_dict)
    assert (card.device_id, card.version) == ("demo-dr-screen", "1.0.0")


# --- estimates against confusion counts -------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "name", "stated", "fraction"),
    [
        (0, "sensitivity", 0.91, "88/100 = 0.88"),
        (1, "specificity", 0.93, "380/400 = 0.95"),
    ],
)
def test_a_stated_estimate_that_disagrees_with_the_counts_names_both_numbers(
    card_dict, index, name, stated, fraction
):
    overall(card_dict)["metrics"][index]["estimate"] = stated
    message = rf"{name} is stated as {stated:g} but the counts give {fraction}"
    with pytest.raises(ValidationError, match=message):
        ModelCard.model_validate(card_dict)


@pytest.mark.parametrize(
    ("name", "counts", "estimate"),
    [
        ("ppv", {"tp": 88, "fp": 20}, 88 / 108),
        ("npv", {"tn": 380, "fn": 12}, 380 / 392),
    ],
)
def test_ppv_and_npv_are_checked_against_the_counts(card_dict, name, counts, estimate):
    metric = {"kind": "single", "name": name, "value": round(estimate, 3)}
    overall(card_dict)["metrics"].append(metric)
    ModelCard.model_validate(card_dict)  # agrees
    metric["value"] = round(estimate + 0.02, 3)
    with pytest.raises(ValidationError, match=rf"{name} is stated as"):
        ModelCard.model_validate(card_dict)


def test_a_difference_within_rounding_is_accepted(card_dict):
    # 88/100 = 0.88 with Wilson (0.8019, 0.9300); each stated number is within half a thousandth.
    sensitivity(card_dict).update(estimate=0.8804, lower=0.8015, upper=0.9302)
    ModelCard.model_validate(card_dict)


def test_a_clopper_pearson_interval_is_checked_against_the_exact_interval(card_dict):
    # The exact interval of 88/100 is (0.7998, 0.9364).
    sensitivity(card_dict).update(method="clopper_pearson", lower=0.800, upper=0.936)
    ModelCard.model_validate(card_dict)


WILSON_LOWER = (
    r"sensitivity lower bound is stated as 0.79 but the 95% Wilson score interval from 88/100 gives 0.8019"
)
EXACT_UPPER = (
    r"upper bound is stated as 0.93 but the 95% Clopper-Pearson \(exact\) interval from 88/100 gives 0.9364"
)


@pytest.mark.parametrize(
    ("method", "bounds", "message"),
    [
        ("wilson", {"lower": 0.79}, WILSON_LOWER),
        # 0.930 is the Wilson bound, not the exact one (0.936).
        ("clopper_pearson", {"lower": 0.800, "upper": 0.930}, EXACT_UPPER),
    ],
    ids=["wilson", "clopper-pearson"],
)
def test_an_interval_that_disagrees_with_the_counts_names_its_method_and_the_recomputed_bound(
    card_dict, method, bounds, message
):
    sensitivity(card_dict).update(method=method, **bounds)
    with pytest.raises(ValidationError, match=message):
        ModelCard.model_validate(card_dict)


def test_a_clustered_bootstrap_interval_is_not_recomputed(card_dict):
    sensitivity(card_dict).update(method="clustered_bootstrap", lower=0.75, upper=0.95)
    ModelCard.model_validate(card_dict)


def test_a_clustered_bootstrap_estimate_is_still_checked(card_dict):
    sensitivity(card_dict).update(method="clustered_bootstrap", estimate=0.92, lower=0.75, upper=0.95)
    with pytest.raises(ValidationError, match=r"sensitivity is stated as 0.92"):
        ModelCard.model_validate(card_dict)


def test_a_model_adjusted_estimate_is_not_checked(card_dict):
    sensitivity(card_dict).update(method="model_adjusted", estimate=0.92, lower=0.85, upper=0.96)
    ModelCard.model_validate(card_dict)


def test_an_explanation_suppresses_the_consistency_error(card_dict):
    sensitivity(card_dict).update(
        estimate=0.92, lower=0.79, explanation="As published; the sponsor's report gives no 2x2 table."
    )
    card = ModelCard.model_validate(card_dict)
    assert card.performance.studies[0].overall.metrics[0].explanation


def test_metrics_without_counts_are_not_checked(card_dict):
    del overall(card_dict)["counts"]
    sensitivity(card_dict).update(estimate=0.91, lower=0.7)
    ModelCard.model_validate(card_dict)


def test_check_against_counts_agrees_with_consistent_numbers():
    metric = EstimateMetric(
        kind="estimate", name="sensitivity", n=100, estimate=0.88, lower=0.802, upper=0.930, method="wilson"
    )
    assert check_against_counts(metric, Confusion(tp=88, fp=20, fn=12, tn=380)) == []


def test_check_against_counts_reads_percent_on_the_percent_scale():
    metric = SingleMetric(kind="single", name="specificity", value=95.0, scale="percent")
    assert check_against_counts(metric, Confusion(tp=88, fp=20, fn=12, tn=380)) == []
    wrong = SingleMetric(kind="single", name="specificity", value=93.0, scale="percent")
    assert check_against_counts(wrong, Confusion(tp=88, fp=20, fn=12, tn=380)) == [
        "specificity is stated as 93 but the counts give 380/400 = 95; correct it, or record it in the "
        "metric's explanation: `unreconciled: [{quantity: estimate, stated: 93, recomputed: 95}]`"
    ]


def test_check_against_counts_ignores_metrics_counts_cannot_define():
    metric = EstimateMetric(
        kind="estimate", name="auroc", estimate=0.5, lower=0.1, sides="lower", method="delong"
    )
    assert check_against_counts(metric, Confusion(tp=1, fp=1, fn=1, tn=1)) == []


# --- subgroups, distributions -------------------------------------------------------------------


def test_a_subgroup_larger_than_the_study_is_an_error(card_dict):
    row = card_dict["performance"]["studies"][0]["subgroups"][0]
    del row["counts"]
    row["n"] = 600
    with pytest.raises(ValidationError, match=r"subgroup sex='female' has n 600, more than the study n 500"):
        ModelCard.model_validate(card_dict)


def test_a_subgroup_listed_twice_is_an_error(card_dict):
    subgroups = card_dict["performance"]["studies"][0]["subgroups"]
    subgroups[1]["group"] = "female"
    with pytest.raises(ValidationError, match=r"subgroup sex='female' is listed more than once"):
        ModelCard.model_validate(card_dict)


@pytest.mark.parametrize("shares", [[50, 50], [33.3, 33.3, 33.3], [12.5, 37.5, 50], [49.6, 50.9]])
def test_distribution_shares_that_sum_to_100_within_rounding_are_accepted(card_dict, shares):
    distribution = card_dict["data"]["test"][0]["demographics"][0]
    distribution["shares"] = [{"group": f"g{i}", "percent": p} for i, p in enumerate(shares)]
    ModelCard.model_validate(card_dict)


@pytest.mark.parametrize(
    ("shares", "total"), [([50, 52], "102"), ([30, 30, 30], "90"), ([0.00001, 50], "50")]
)
def test_distribution_shares_that_do_not_sum_to_100_are_an_error(card_dict, shares, total):
    distribution = card_dict["data"]["test"][0]["demographics"][0]
    distribution["shares"] = [{"group": f"g{i}", "percent": p} for i, p in enumerate(shares)]
    with pytest.raises(ValidationError, match=rf"sex shares add up to {total}"):
        ModelCard.model_validate(card_dict)


# --- ordering and ranges ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "key", "value", "message"),
    [
        (sensitivity, "n", 500, r"sensitivity n is 500 but the counts give a denominator"),
        (overall, "n", 501, r"n is 501 but the counts add up to 500"),
        (sensitivity, "lower", 0.902, r"lower bound 0.902 is above the estimate 0.88"),
        (sensitivity, "upper", 0.85, r"upper bound 0.85 is below the estimate 0.88"),
    ],
    ids=[
        "a-metric-n-that-is-not-the-denominator",
        "counts-that-do-not-add-up-to-n",
        "a-lower-bound-above-the-estimate",
        "an-upper-bound-below-the-estimate",
    ],
)
def test_a_number_out_of_line_with_the_others_is_an_error_naming_both(card_dict, part, key, value, message):
    part(card_dict)[key] = value
    with pytest.raises(ValidationError, match=message):
        ModelCard.model_validate(card_dict)


def test_swapped_bounds_are_an_error(card_dict):
    metric = sensitivity(card_dict)
    metric["lower"], metric["upper"] = metric["upper"], metric["lower"]
    with pytest.raises(ValidationError, match=r"is above the estimate"):
        ModelCard.model_validate(card_dict)


def test_an_estimate_needs_a_bound(card_dict):
    del sensitivity(card_dict)["lower"], sensitivity(card_dict)["upper"]
    with pytest.raises(ValidationError, match=r"needs at least one confidence bound"):
        ModelCard.model_validate(card_dict)


def test_a_proportion_above_one_is_an_error_that_suggests_the_percent_scale(card_dict):
    sensitivity(card_dict).update(estimate=88.0, lower=80.2, upper=93.0)
    with pytest.raises(
        ValidationError,
        match=r"estimate 88.0 is outside 0..1 for a proportion; "
        r"for percentages add `scale: percent`",
    ):
        ModelCard.model_validate(card_dict)


def test_percentages_are_accepted_with_scale_percent(card_dict):
    sensitivity(card_dict).update(estimate=88.0, lower=80.2, upper=93.0, scale="percent")
    ModelCard.model_validate(card_dict)


def test_a_percentage_above_100_is_an_error(card_dict):
    sensitivity(card_dict).update(estimate=88.0, lower=80.2, upper=101.0, scale="percent")
    with pytest.raises(ValidationError, match=r"upper 101.0 is outside 0..100 for a percent"):
        ModelCard.model_validate(card_dict)


def test_a_negative_proportion_is_an_error(card_dict):
    overall(card_dict)["metrics"][2]["lower"] = -0.1
    with pytest.raises(ValidationError, match=r"lower -0.1 is outside 0..1"):
        ModelCard.model_validate(card_dict)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_numbers_must_be_finite(card_dict, value):
    overall(card_dict)["metrics"].append({"kind": "single", "name": "median_lead_time_hours", "value": value})
    with pytest.raises(ValidationError, match=r"finite number"):
        ModelCard.model_validate(card_dict)


# --- versions, dates, change notices ------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0.0", "0.1.0", "10.20.30", "1.2.0-rc.1"])
def test_semantic_card_versions_are_accepted(card_dict, version):
    card_dict["identity"]["card_version"] = version
    ModelCard.model_validate(card_dict)


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "1.0.0.0", "01.0.0", "latest", ""])
def test_card_versions_must_be_semantic_versions(card_dict, version):
    card_dict["identity"]["card_version"] = version
    with pytest.raises(ValidationError, match=r"card_version"):
        ModelCard.model_validate(card_dict)


def test_a_study_that_ends_before_it_starts_is_an_error(card_dict):
    card_dict["performance"]["studies"][0]["end_date"] = "2023-06-28"
    with pytest.raises(ValidationError, match=r"end_date 2023-06-28 is before start_date 2024-01-08"):
        ModelCard.model_validate(card_dict)


def change_notice(previous: str) -> dict:
    return {
        "previous_version": previous,
        "effective_date": "2025-09-01",
        "change_types": ["fix"],
        "within_pccp": False,
        "summary": "Fixed a typo.",
        "rationale": "Clarity.",
        "data_used": "none",
        "performance_summary": "Unchanged.",
        "bias_changes": "none known",
        "user_action": "None.",
    }


def test_a_change_notice_must_name_an_older_version(card_dict):
    card_dict["change_notice"] = change_notice("1.0.0")
    with pytest.raises(ValidationError, match=r"previous_version 1.0.0 is not older than card_version 1.0.0"):
        ModelCard.model_validate(card_dict)


def test_labelling_only_cannot_be_combined_with_other_changes(card_dict):
    card_dict["identity"]["card_version"] = "1.1.0"
    card_dict["change_notice"] = change_notice("1.0.0") | {"change_types": ["labelling_only", "fix"]}
    with pytest.raises(ValidationError, match=r"`labelling_only` cannot be combined"):
        ModelCard.model_validate(card_dict)


# --- unknown keys anywhere in the tree -----------------------------------------------------------


@pytest.mark.parametrize(
    "where",
    [
        (),
        ("identity",),
        ("identity", "manufacturer"),
        ("identity", "regulatory", 0),
        ("intended_use", "indications"),
        ("inputs", "acceptable", 0),
        ("outputs", "operating_points", 0),
        ("performance", "studies", 0),
        ("performance", "studies", 0, "overall"),
        ("performance", "studies", 0, "overall", "counts"),
        ("performance", "studies", 0, "overall", "metrics", 0),
        ("performance", "studies", 0, "overall", "metrics", 2),
        ("performance", "studies", 0, "subgroups", 1),
        ("performance", "studies", 0, "reference_standard"),
        ("data", "test", 0, "demographics", 0, "shares", 0),
        ("data", "intended_population"),
        ("risks", "warnings", 0),
        ("patient", "texts", "en"),
        ("patient", "texts", "en", "natural_frequencies", 0),
        ("monitoring", "update_policy"),
        ("monitoring", "snapshots", 0),
    ],
)
def test_unknown_keys_are_rejected_anywhere(card_dict, where):
    node = card_dict
    for part in where:
        node = node[part]
    node["colour"] = "blue"
    with pytest.raises(ValidationError, match=r"Extra inputs are not permitted") as caught:
        ModelCard.model_validate(card_dict)
    assert caught.value.errors()[0]["loc"][-1] == "colour"


def test_the_schema_version_is_required(card_dict):
    del card_dict["schema_version"]
    with pytest.raises(ValidationError, match=r"schema_version"):
        ModelCard.model_validate(card_dict)


# --- strict scalar types (issue #12, item 11) ---------------------------------------------------


def error_types(card_dict: dict) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as caught:
        ModelCard.model_validate(card_dict)
    return [(e["loc"], e["type"]) for e in caught.value.errors()]


def test_a_number_in_quotes_is_not_a_number(card_dict):
    sensitivity(card_dict)["estimate"] = "0.880"
    assert error_types(card_dict) == [
        (("performance", "studies", 0, "overall", "metrics", 0, "estimate", "estimate"), "float_type")
    ]


def test_true_is_not_a_count(card_dict):
    overall(card_dict)["n"] = True
    assert error_types(card_dict) == [(("performance", "studies", 0, "overall", "n"), "int_type")]


def test_a_count_in_quotes_is_not_a_count(card_dict):
    overall(card_dict)["n"] = "500"
    assert error_types(card_dict) == [(("performance", "studies", 0, "overall", "n"), "int_type")]


def test_a_whole_float_is_not_a_count(card_dict):
    overall(card_dict)["n"] = 500.0
    assert error_types(card_dict) == [(("performance", "studies", 0, "overall", "n"), "int_type")]


@pytest.mark.parametrize("text", ["no", "false", "0"])
def test_text_is_not_a_yes_or_no(card_dict, text):
    card_dict["identity"]["pccp_authorized"] = text
    # The value-or-not-stated field names its tag (`given`) in the location; lint drops it.
    assert error_types(card_dict) == [(("identity", "pccp_authorized", "given"), "bool_type")]


def test_a_whole_number_is_accepted_where_a_number_is_expected(card_dict):
    overall(card_dict)["metrics"][2]["upper"] = 1  # the AUROC's bound, not recomputed from counts
    metric = ModelCard.model_validate(card_dict).performance.studies[0].overall.metrics[2]
    assert isinstance(metric, EstimateMetric)
    assert metric.upper == 1.0


def test_enum_values_are_read_from_their_text(card_dict):
    card_dict["identity"]["status"] = "withdrawn"
    assert ModelCard.model_validate(card_dict).identity.status.value == "withdrawn"


def test_an_enum_value_must_still_be_one_of_the_members(card_dict):
    card_dict["identity"]["status"] = "Published"
    assert error_types(card_dict) == [(("identity", "status"), "enum")]


def test_dates_are_accepted_as_yaml_dates_and_as_iso_text(card_dict):
    card_dict["identity"]["release_date"] = dt.date(2025, 3, 1)
    assert ModelCard.model_validate(card_dict).identity.release_date == dt.date(2025, 3, 1)
    card_dict["identity"]["release_date"] = "2025-03-01"
    assert ModelCard.model_validate(card_dict).identity.release_date == dt.date(2025, 3, 1)


@pytest.mark.parametrize("value", [0, 1740787200, dt.datetime(2025, 3, 1), "1 March 2025", "2025-3-1"])
def test_a_date_must_be_a_date(card_dict, value):
    # pydantic's lax date would read 0 and 1740787200 as Unix times (1970-01-01, 2025-03-01).
    card_dict["identity"]["release_date"] = value
    with pytest.raises(ValidationError, match=r"expected a date, written YYYY-MM-DD") as caught:
        ModelCard.model_validate(card_dict)
    assert [e["loc"] for e in caught.value.errors()] == [("identity", "release_date")]
