"""Judging a number against a pre-specified acceptance criterion: the one rule the endpoint table,
the subgroup cautions and the forest plots apply."""

from __future__ import annotations

from gmlp_cards.model.metrics import EstimateMetric, MeanSDMetric, SingleMetric
from gmlp_cards.model.performance import Bound, Endpoint

AnyMetric = EstimateMetric | SingleMetric | MeanSDMetric


def judged_value(metric: AnyMetric | None, bound: Bound) -> float | None:
    """The number `bound` names (lower bound or estimate), on the 0..1 scale of thresholds.

    None when the card does not state it: an endpoint on the lower bound cannot be judged from a
    single value or from an estimate without its lower bound.
    """
    if metric is None:
        return None
    factor = metric.scale.factor
    if bound is Bound.lower_bound:
        if not isinstance(metric, EstimateMetric) or metric.lower is None:
            return None
        return metric.lower / factor
    return metric.value / factor


def falls_short(metric: AnyMetric, endpoint: Endpoint) -> bool:
    """True when `metric` shows the criterion is not met: the number it is judged on is under the
    threshold. Without a stated lower bound the estimate stands in: a lower bound is never above its
    estimate, so an estimate under the threshold means the bound is too (and an estimate above it
    proves nothing either way, so it is not flagged here)."""
    value = judged_value(metric, endpoint.judged_on)
    if value is None:
        value = metric.value / metric.scale.factor
    # Compared in rounded percentage points, so 80.0 on a percent scale is exactly 0.80.
    return round(value * 100, 6) < round(endpoint.threshold * 100, 6)
