"""The judgement rule of gmlp_cards.versions.diff: interval of the difference, direction per metric."""

from __future__ import annotations

import pytest

from gmlp_cards.model import EstimateMetric, MeanSDMetric, MetricName, SingleMetric
from gmlp_cards.model.direction import Direction, direction_of
from gmlp_cards.versions.judgement import Estimate, Judgement, estimate_of, judge

S = MetricName.sensitivity
TTN = MetricName.time_to_notification_minutes


def est(value: float, lower: float | None, upper: float | None, level: float = 0.95) -> Estimate:
    return Estimate(value, lower, upper, level)


def test_equal_estimates_are_unchanged() -> None:
    assert judge(direction_of(S), est(0.9, 0.85, 0.94), est(0.9, 0.88, 0.92)) is Judgement.unchanged


def test_a_rise_beyond_the_combined_intervals_is_better() -> None:
    assert judge(direction_of(S), est(0.80, 0.76, 0.84), est(0.90, 0.87, 0.93)) is Judgement.better


def test_a_fall_beyond_the_combined_intervals_is_worse() -> None:
    assert judge(direction_of(S), est(0.90, 0.87, 0.93), est(0.80, 0.76, 0.84)) is Judgement.worse


def test_overlapping_intervals_can_still_differ_under_the_difference_rule() -> None:
    # The intervals overlap (0.86..0.90 and 0.89..0.93), yet the difference 0.04 exceeds
    # sqrt(0.02^2 + 0.02^2) = 0.028: a real change, which an overlap rule would miss.
    assert judge(direction_of(S), est(0.88, 0.86, 0.90), est(0.91, 0.89, 0.93)) is Judgement.better


def test_a_move_inside_the_uncertainty_is_within_uncertainty() -> None:
    assert (
        judge(direction_of(S), est(0.88, 0.80, 0.94), est(0.90, 0.83, 0.95)) is Judgement.within_uncertainty
    )


def test_only_the_sides_facing_each_other_count() -> None:
    # old's upper side (0.01) and new's lower side (0.01) are narrow; the far sides are wide.
    old, new = est(0.80, 0.50, 0.81), est(0.83, 0.82, 0.99)
    assert judge(direction_of(S), old, new) is Judgement.better


def test_time_to_notification_is_lower_is_better() -> None:
    assert direction_of(TTN) is Direction.lower_is_better


@pytest.mark.parametrize(
    ("name", "old", "new", "judgement"),
    [
        (TTN, est(5.0, 4.5, 5.5), est(3.0, 2.6, 3.4), Judgement.better),
        (TTN, est(3.0, 2.6, 3.4), est(5.0, 4.5, 5.5), Judgement.worse),
        (MetricName.mean_absolute_error, est(2.0, 1.8, 2.2), est(1.0, 0.9, 1.1), Judgement.better),
        (MetricName.calibration_slope, est(0.7, 0.65, 0.75), est(1.1, 1.05, 1.15), Judgement.better),
        (MetricName.calibration_slope, est(1.0, 0.95, 1.05), est(1.4, 1.35, 1.45), Judgement.worse),
        (MetricName.prevalence, est(0.10, 0.09, 0.11), est(0.30, 0.28, 0.32), Judgement.changed),
    ],
    ids=[
        "faster-notification-is-better",
        "slower-notification-is-worse",
        "smaller-mean-absolute-error-is-better",
        "calibration-slope-nearer-one-is-better",
        "calibration-slope-further-from-one-is-worse",
        "prevalence-has-no-better-direction",
    ],
)
def test_a_move_is_judged_in_the_metrics_own_direction(
    name: MetricName, old: Estimate, new: Estimate, judgement: Judgement
) -> None:
    assert judge(direction_of(name), old, new) is judgement


def test_without_any_interval_a_move_is_not_judged() -> None:
    assert judge(direction_of(S), Estimate(0.8), Estimate(0.9)) is Judgement.not_judged


def test_a_mean_with_sd_and_n_is_judged_by_the_interval_of_the_mean() -> None:
    old = estimate_of(MeanSDMetric(kind="mean_sd", name=TTN, mean=5.0, sd=2.0, n=400))
    new = estimate_of(MeanSDMetric(kind="mean_sd", name=TTN, mean=4.0, sd=2.0, n=400))
    assert judge(direction_of(TTN), old, new) is Judgement.better  # 1.0 > 1.96 * 2 / 20 * sqrt(2) = 0.28
    few = estimate_of(MeanSDMetric(kind="mean_sd", name=TTN, mean=4.0, sd=2.0, n=4))
    assert judge(direction_of(TTN), old, few) is Judgement.within_uncertainty


def test_a_mean_without_n_is_not_judged() -> None:
    old = estimate_of(MeanSDMetric(kind="mean_sd", name=TTN, mean=5.0, sd=2.0))
    assert (
        judge(direction_of(TTN), old, estimate_of(SingleMetric(kind="single", name=TTN, value=3.0)))
        is Judgement.not_judged
    )


def test_percent_and_proportion_cards_compare_on_one_scale() -> None:
    old = estimate_of(
        EstimateMetric(
            kind="estimate", name=S, estimate=91.2, lower=88.1, upper=93.5, method="wilson", scale="percent"
        )
    )
    new = estimate_of(
        EstimateMetric(kind="estimate", name=S, estimate=0.912, lower=0.881, upper=0.935, method="wilson")
    )
    assert old.value == pytest.approx(new.value)
    assert judge(direction_of(S), old, new) is Judgement.unchanged


def test_a_one_sided_bound_is_rescaled_and_mirrored() -> None:
    # One-sided 95% lower bound 0.85 at 0.90: half-width 0.05 at z=1.645 becomes 0.0596 two-sided.
    one_sided = Estimate(0.90, 0.85, None, 0.95)
    assert one_sided.half_width_95(upward=True) == pytest.approx(0.05 * 1.95996 / 1.64485, rel=1e-4)
    assert judge(direction_of(S), one_sided, est(0.95, 0.94, 0.96)) is Judgement.within_uncertainty
    assert judge(direction_of(S), one_sided, est(0.99, 0.985, 0.995)) is Judgement.better


def test_a_90_percent_interval_is_widened_to_95() -> None:
    ninety = Estimate(0.90, 0.88, 0.92, 0.90)
    assert ninety.half_width_95(upward=False) == pytest.approx(0.02 * 1.95996 / 1.64485, rel=1e-4)


def test_a_rising_no_result_rate_is_worse() -> None:
    # 2% of inputs unreadable before, 10% after: more patients the device could not help.
    rate = MetricName.no_result_rate
    assert judge(direction_of(rate), est(0.02, 0.015, 0.026), est(0.10, 0.09, 0.11)) is Judgement.worse
    assert judge(direction_of(rate), est(0.10, 0.09, 0.11), est(0.02, 0.015, 0.026)) is Judgement.better


def test_a_rising_alert_rate_is_a_heavier_alert_burden() -> None:
    assert (
        judge(direction_of(MetricName.alert_rate), est(0.05, 0.045, 0.055), est(0.12, 0.11, 0.13))
        is Judgement.worse
    )


@pytest.mark.parametrize("name", list(MetricName))
def test_every_metric_name_has_a_stated_direction(name: MetricName) -> None:
    assert isinstance(direction_of(name), Direction)
