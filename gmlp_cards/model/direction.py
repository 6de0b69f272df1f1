"""Which way is better for each metric: the one rule the diff, the cautions and every view read."""

from __future__ import annotations

from enum import StrEnum

from gmlp_cards.model.metrics import MetricName


class Direction(StrEnum):
    # `lower_is_better`, not `lower`, so the member does not shadow `str.lower`.
    higher = "higher is better"
    lower_is_better = "lower is better"
    nearer_one = "nearer 1 is better"
    none = "no better direction"


_DIRECTIONS: dict[MetricName, Direction] = {
    MetricName.sensitivity: Direction.higher,
    MetricName.specificity: Direction.higher,
    MetricName.ppv: Direction.higher,
    MetricName.npv: Direction.higher,
    MetricName.accuracy: Direction.higher,
    MetricName.auroc: Direction.higher,
    MetricName.auprc: Direction.higher,
    MetricName.f1: Direction.higher,
    MetricName.kappa: Direction.higher,
    # Earlier warning is the benefit a lead-time claim makes.
    MetricName.median_lead_time_hours: Direction.higher,
    MetricName.mean_lead_time_hours: Direction.higher,
    # Inputs the device could not analyse: each one is a patient the device did not help.
    MetricName.no_result_rate: Direction.lower_is_better,
    # Alert burden: every alert costs a clinician's attention (alert fatigue); fewer is better.
    MetricName.alert_rate: Direction.lower_is_better,
    MetricName.time_to_notification_minutes: Direction.lower_is_better,
    MetricName.mean_absolute_error: Direction.lower_is_better,
    MetricName.calibration_slope: Direction.nearer_one,
    # A property of the population studied, not of the device.
    MetricName.prevalence: Direction.none,
    # A metric the card names itself: the software cannot know which way is better.
    MetricName.other: Direction.none,
}


def direction_of(name: MetricName) -> Direction:
    """Which way is better for `name`; every metric name has an explicit entry (a test checks)."""
    return _DIRECTIONS[name]
