"""Subgroup cautions: the three rules, their boundaries, and that the maker cannot mute them."""

from __future__ import annotations

from typing import Any

import pytest
from check_cards import add_subgroup, codes, estimate, make_card, study, subgroup

from gmlp_cards.checks import CautionRules, Reason, caution_findings, cautioned_groups, subgroup_cautions
from gmlp_cards.model import ModelCard, SubgroupDimension


def card_with_row(dimension: str, group: str, metric: dict[str, Any]) -> ModelCard:
    """The clean card with one more subgroup row, of one metric."""
    return make_card(add_subgroup(subgroup(dimension, group, metric)))


# The clean card's overall sensitivity is 0.920; its endpoint requires a lower bound of 0.80.


def test_clean_card_has_no_cautions(clean_card: ModelCard) -> None:
    assert subgroup_cautions(clean_card) == []


def test_lower_bound_below_the_cards_own_criterion_is_flagged() -> None:
    card = card_with_row("site", "Clinic C", estimate("sensitivity", 0.88, 0.79, 0.95))
    findings = caution_findings(card)
    assert codes(findings) == ["subgroup.below-criterion"]
    assert findings[0].field == "performance.studies[0].subgroups[5].metrics[0]"
    assert "79%," in findings[0].message and "criterion of 80%" in findings[0].message


@pytest.mark.parametrize(
    ("dimension", "group", "metric"),
    [
        ("site", "Clinic C", estimate("sensitivity", 0.88, 0.80, 0.95)),
        ("race", "Asian", estimate("sensitivity", 0.87, 0.82, 0.91)),
        ("site", "Clinic C", estimate("ppv", 0.80, 0.70, 0.90)),
    ],
    ids=[
        "lower-bound-exactly-at-the-criterion",
        "gap-of-exactly-the-margin",
        "half-width-of-exactly-ten-points",
    ],
)
def test_a_subgroup_exactly_at_a_rules_boundary_is_not_flagged(
    dimension: str, group: str, metric: dict[str, Any]
) -> None:
    assert subgroup_cautions(card_with_row(dimension, group, metric)) == []


@pytest.mark.parametrize(
    ("row", "code", "says"),
    [
        (
            ("race", "Asian", estimate("sensitivity", 0.86, 0.81, 0.90)),
            "subgroup.worse-than-overall",
            "86% against 92% overall, 6.0 points lower",
        ),
        # PPV has no endpoint and no overall value here, so only the width rule can apply.
        (
            ("site", "Clinic C", estimate("ppv", 0.80, 0.65, 0.90)),
            "subgroup.too-uncertain",
            "half-width 12.5 points",
        ),
    ],
    ids=["estimate-more-than-the-margin-below-overall", "interval-too-wide-to-conclude"],
)
def test_a_broken_rule_is_flagged_with_the_numbers_that_broke_it(
    row: tuple[str, str, dict[str, Any]], code: str, says: str
) -> None:
    findings = caution_findings(card_with_row(*row))
    assert codes(findings) == [code]
    assert says in findings[0].message


def test_the_margin_is_configurable() -> None:
    card = card_with_row("race", "Asian", estimate("sensitivity", 0.88, 0.83, 0.92))
    assert subgroup_cautions(card) == []
    assert [c.reason for c in subgroup_cautions(card, CautionRules(margin_points=3))] == [
        Reason.worse_than_overall
    ]


def test_a_subgroup_given_without_an_interval_is_too_uncertain() -> None:
    single = {"kind": "single", "name": "ppv", "value": 0.8}
    card = card_with_row("site", "Clinic C", single)
    assert codes(caution_findings(card)) == ["subgroup.too-uncertain"]


def test_one_subgroup_can_break_several_rules_at_once() -> None:
    card = card_with_row("age_band", "85+", estimate("sensitivity", 0.80, 0.62, 0.91))
    assert codes(caution_findings(card)) == [
        "subgroup.below-criterion",
        "subgroup.worse-than-overall",
        "subgroup.too-uncertain",
    ]


def test_percent_scale_estimates_are_judged_like_proportions() -> None:
    metric = estimate("sensitivity", 88.0, 79.0, 95.0) | {"scale": "percent"}
    card = card_with_row("site", "Clinic C", metric)
    assert codes(caution_findings(card)) == ["subgroup.below-criterion"]


def test_metrics_where_lower_is_not_worse_are_not_judged() -> None:
    card = card_with_row("site", "Clinic C", estimate("prevalence", 0.05, 0.01, 0.40))
    assert subgroup_cautions(card) == []


def test_the_makers_own_words_do_not_mute_a_caution() -> None:
    def maker_mentions_it(data: dict) -> None:
        data["risks"]["under_represented"] = ["Asian patients"]
        data["risks"]["known_biases"] = [
            {"title": "Asian patients", "detail": "Fewer cases.", "severity": "low"}
        ]

    card = make_card(
        maker_mentions_it, add_subgroup(subgroup("race", "Asian", estimate("sensitivity", 0.86, 0.81, 0.90)))
    )
    assert codes(caution_findings(card)) == ["subgroup.worse-than-overall"]


def test_rows_at_another_operating_point_are_compared_with_that_points_overall() -> None:
    def second_point(data: dict) -> None:
        data["outputs"]["operating_points"].append(
            {"name": "high-sens", "description": "Fewer misses, more referrals.", "threshold": 0.3}
        )
        study(data)["by_operating_point"] = [
            {
                "operating_point": "high-sens",
                "n": 1500,
                "metrics": [estimate("sensitivity", 0.97, 0.95, 0.98, n=300)],
            }
        ]

    row = subgroup("age_band", "85+", estimate("sensitivity", 0.90, 0.85, 0.94)) | {
        "operating_point": "high-sens"
    }
    cautions = subgroup_cautions(make_card(second_point, add_subgroup(row)))
    # 7 points under that setting's 0.97; the endpoint, fixed for the default setting, is not applied.
    assert [c.reason for c in cautions] == [Reason.worse_than_overall]
    assert "operating point 'high-sens'" in cautions[0].message


def test_patient_wording_says_less_is_known_for_the_group() -> None:
    card = card_with_row("race", "Asian", estimate("sensitivity", 0.86, 0.81, 0.90))
    message = caution_findings(card)[0].patient_message
    assert message is not None and message.startswith("Less is known") and "Asian" in message


def test_flagged_groups_are_listed_once_in_first_flagged_order() -> None:
    card = make_card(
        add_subgroup(subgroup("age_band", "85+", estimate("sensitivity", 0.80, 0.62, 0.91))),
        add_subgroup(subgroup("race", "Asian", estimate("sensitivity", 0.86, 0.81, 0.90))),
    )
    assert cautioned_groups(subgroup_cautions(card)) == [
        (SubgroupDimension.age_band, "85+"),
        (SubgroupDimension.race, "Asian"),
    ]


def test_a_criterion_judged_on_the_estimate_is_checked_on_the_estimate() -> None:
    # The endpoint asks for an estimate of at least 0.80; this group's estimate 0.88 meets it even
    # though its lower bound (0.79) does not, so it is not "below the card's own criterion".
    def on_estimate(data: dict) -> None:
        study(data)["endpoints"][0]["judged_on"] = "estimate"

    card = make_card(
        on_estimate, add_subgroup(subgroup("site", "Clinic C", estimate("sensitivity", 0.88, 0.79, 0.95)))
    )
    assert codes(caution_findings(card)) == []


def test_a_criterion_judged_on_the_estimate_flags_an_estimate_below_it() -> None:
    def on_estimate(data: dict) -> None:
        study(data)["endpoints"][0]["judged_on"] = "estimate"

    card = make_card(
        on_estimate, add_subgroup(subgroup("site", "Clinic C", estimate("sensitivity", 0.78, 0.70, 0.85)))
    )
    findings = caution_findings(card)
    assert codes(findings)[0] == "subgroup.below-criterion"
    assert "its estimate, 78%, is below" in findings[0].message


def _overall_no_result_rate(data: dict) -> None:
    study(data)["overall"]["metrics"].append(estimate("no_result_rate", 0.03, 0.02, 0.04, n=1500))


def test_a_group_with_a_higher_no_result_rate_than_overall_is_flagged() -> None:
    # Lower is better for a no-result rate: 11% of this group's inputs could not be analysed, 3% overall.
    card = make_card(
        _overall_no_result_rate,
        add_subgroup(subgroup("site", "Clinic C", estimate("no_result_rate", 0.11, 0.07, 0.16))),
    )
    findings = caution_findings(card)
    assert codes(findings) == ["subgroup.worse-than-overall"]
    assert "11% against 3% overall, 8.0 points higher, and lower is better here" in findings[0].message


def test_a_group_with_a_lower_no_result_rate_than_overall_is_not_flagged() -> None:
    card = make_card(
        _overall_no_result_rate,
        add_subgroup(subgroup("site", "Clinic C", estimate("no_result_rate", 0.00, 0.0, 0.02))),
    )
    assert subgroup_cautions(card) == []
