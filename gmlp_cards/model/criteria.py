"""Judging a number against a pre-specified acceptance criterion: the one rule the endpoint table,
the subgroup cautions, the forest plots and every export apply."""

from __future__ import annotations

from gmlp_cards.model.direction import Direction
from gmlp_cards.model.metrics import AnyMetric, EstimateMetric, MeanSDMetric
from gmlp_cards.model.performance import Bound, Endpoint, EndpointKind, StatedResult


def judged_value(metric: AnyMetric | None, bound: Bound) -> float | None:
    """The number `bound` names (a bound or the estimate), on the 0..1 scale of thresholds.

    None when the card does not state it: an endpoint on the lower bound cannot be judged from a
    single value or from an estimate without its lower bound.
    """
    if metric is None:
        return None
    factor = metric.scale.factor
    if bound is Bound.estimate:
        return metric.value / factor
    if not isinstance(metric, EstimateMetric | MeanSDMetric):
        return None
    stated = metric.lower if bound is Bound.lower_bound else metric.upper
    return None if stated is None else stated / factor


def _passes(value: float, limit: float, endpoint: Endpoint, metric: AnyMetric) -> bool:
    # Compared in rounded percentage points, so 80.0 on a percent scale is exactly 0.80.
    value, limit = round(value * 100, 6), round(limit * 100, 6)
    if endpoint.kind in (EndpointKind.non_inferiority, EndpointKind.superiority):
        return value > limit  # the difference's bound must clear the margin (or zero)
    if metric.better is Direction.lower_is_better:
        return value <= limit
    return value >= limit


def endpoint_met(endpoint: Endpoint, metric: AnyMetric | None) -> bool | None:
    """Whether the endpoint is met by `metric` (the study's overall result): True, False, or None
    when it cannot be judged (threshold not disclosed, the judged number not stated). Trend and
    maker-judged endpoints carry the result the source states; the software cannot recompute them."""
    if endpoint.kind in (EndpointKind.trend, EndpointKind.maker_judged):
        return {StatedResult.met: True, StatedResult.not_met: False}.get(endpoint.stated_result)  # type: ignore[arg-type]
    limit = endpoint.limit
    value = judged_value(metric, endpoint.judged_on)
    if limit is None or value is None or metric is None:
        return None
    return _passes(value, limit, endpoint, metric)


def falls_short(metric: AnyMetric, endpoint: Endpoint) -> bool:
    """True when `metric` (e.g. a subgroup's) shows the criterion is not met on the number the
    endpoint names. Without that number the estimate stands in only where it proves the point: a
    lower bound is never above its estimate, so an estimate under the threshold means the bound is
    too (and an estimate above it proves nothing either way, so it is not flagged)."""
    if endpoint.kind in (EndpointKind.trend, EndpointKind.maker_judged):
        return False
    limit = endpoint.limit
    if limit is None:
        return False
    value = judged_value(metric, endpoint.judged_on)
    if value is None:
        if endpoint.judged_on is not Bound.lower_bound or metric.better is Direction.lower_is_better:
            return False
        value = metric.value / metric.scale.factor
    return not _passes(value, limit, endpoint, metric)
