"""Which way is better for each metric: the one rule the diff, the cautions and every view read."""

from __future__ import annotations

from enum import StrEnum

from gmlp_cards.model.base import CardEnum
from gmlp_cards.model.vocabulary import MetricName


class Direction(StrEnum):
    # `lower_is_better`, not `lower`, so the member does not shadow `str.lower`.
    higher = "higher is better"
    lower_is_better = "lower is better"
    nearer_one = "nearer 1 is better"
    nearer_target = "nearer its target is better"
    none = "no better direction"


class Better(CardEnum):
    """The direction a card declares for a metric it names itself (schema 2)."""

    higher = "higher"
    lower_is_better = "lower"
    nearer_target = "nearer_target"
    none = "none"

    @property
    def direction(self) -> Direction:
        return {
            Better.higher: Direction.higher,
            Better.lower_is_better: Direction.lower_is_better,
            Better.nearer_target: Direction.nearer_target,
            Better.none: Direction.none,
        }[self]


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
    # A positive result should raise the odds as much as possible, a negative one lower them.
    MetricName.positive_likelihood_ratio: Direction.higher,
    MetricName.negative_likelihood_ratio: Direction.lower_is_better,
    # A property of the population studied, not of the device.
    MetricName.prevalence: Direction.none,
    # A metric the card names itself: the software cannot know which way is better.
    MetricName.other: Direction.none,
}


def direction_of(name: str, declared: Better | None = None) -> Direction:
    """Which way is better for the metric `name`.

    Every known name has an explicit entry (a test checks); a name the card coins itself takes the
    direction the card declares, and without one no direction is assumed.
    """
    if name in MetricName.__members__:
        return _DIRECTIONS[MetricName(name)]
    return Direction.none if declared is None else declared.direction
