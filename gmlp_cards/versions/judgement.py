"""The judgement rule of a metric between two versions: better, worse or within uncertainty.

Judgement rule (also in the README). Estimates are compared on one scale (percent divided by 100).
  1. Equal estimates are `unchanged`.
  2. Otherwise the 95% interval of the difference new - old is built from the two stated intervals
     by the MOVER / Newcombe method: with d = new - old > 0 it reaches down to
     d - sqrt((old.upper - old)^2 + (new - new.lower)^2) (mirrored when d < 0). Intervals stated at
     another level, or one-sided, are rescaled to a two-sided 95% half-width through the normal
     quantile; a missing side mirrors the stated one. A mean with sd and n gets the interval of
     the mean, 1.96 sd / sqrt(n).
  3. If that interval contains 0 the change is `within uncertainty`. Otherwise it is `better` or
     `worse` by the metric's direction (`gmlp_cards.model.direction`, the one rule every view
     reads): higher is better for sensitivity, specificity, predictive values, accuracy, AUROC,
     AUPRC, F1, kappa and lead time; lower is better for the no-result rate, the alert rate (alert
     burden), time to notification and mean absolute error; a calibration slope is better nearer 1.
     Metrics with no better direction (prevalence, `other`) are only `changed`.
  4. With no interval on either side (a single value, a mean without n) the move is `not judged`.
A metric, row or study on one side only is `added` or `removed`. The rule treats the two test sets
as independent; for a re-analysis of the same patients it is conservative (it says "within
uncertainty" more often than a paired test would).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from gmlp_cards.model import EstimateMetric, MeanSDMetric, SingleMetric
from gmlp_cards.model.direction import Direction
from gmlp_cards.model.formatting import interval_text
from gmlp_cards.model.intervals import normal_quantile

EPSILON = 1e-12


@lru_cache(maxsize=64)
def _quantile(q: float) -> float:
    # A quantile costs ~50 µs and the catalog diffs thousands of estimates at a handful of levels.
    return normal_quantile(q)


class Judgement(StrEnum):
    """How a metric moved between two versions; see the module docstring for the rule."""

    better = "better"
    worse = "worse"
    within_uncertainty = "within uncertainty"
    changed = "changed"
    unchanged = "unchanged"
    not_judged = "not judged"
    added = "added"
    removed = "removed"


@dataclass(frozen=True)
class Estimate:
    """One metric value on a common scale (proportions 0..1), with what is known of its precision."""

    value: float
    lower: float | None = None
    upper: float | None = None
    level: float | None = None
    n: int | None = None
    sd: float | None = None
    method: str = ""

    @property
    def interval_text(self) -> str:
        if self.lower is None and self.upper is None and self.sd is not None:
            return f"sd {fmt(self.sd)}"
        return interval_text(self.lower, self.upper, self.level, fmt)

    @property
    def text(self) -> str:
        """`0.861 (95% CI 0.806 to 0.903, n 198)`: how every diff view writes one side of a change."""
        n = f", n {self.n}" if self.n is not None else ""
        return f"{fmt(self.value)} ({self.interval_text}{n})"

    def half_width_95(self, upward: bool) -> float | None:
        """Distance from the estimate to its bound on one side, as a two-sided 95% half-width."""
        if self.lower is None and self.upper is None:
            if self.sd is not None and self.n:
                return _quantile(0.975) * self.sd / math.sqrt(self.n)
            return None
        level = self.level or 0.95
        two_sided = self.lower is not None and self.upper is not None
        z = _quantile(0.5 + level / 2) if two_sided else _quantile(level)
        up = None if self.upper is None else self.upper - self.value
        down = None if self.lower is None else self.value - self.lower
        # A one-sided bound says nothing about the other side: mirror it (a symmetric guess).
        side = (up if up is not None else down) if upward else (down if down is not None else up)
        assert side is not None
        return side * _quantile(0.975) / z


def fmt(value: float | None) -> str:
    """Four significant digits, no float noise: 0.9120000001 -> 0.912."""
    return "none" if value is None else f"{value:.4g}"


def estimate_of(metric: EstimateMetric | SingleMetric | MeanSDMetric) -> Estimate:
    factor = metric.scale.factor
    if isinstance(metric, EstimateMetric):
        return Estimate(
            metric.estimate / factor,
            None if metric.lower is None else metric.lower / factor,
            None if metric.upper is None else metric.upper / factor,
            metric.level,
            metric.n,
            None,
            metric.method.value if metric.method is not None else "not stated",
        )
    if isinstance(metric, MeanSDMetric):
        return Estimate(metric.mean / factor, n=metric.n, sd=metric.sd / factor, method="mean ± sd")
    return Estimate(metric.value / factor, n=metric.n, method="single value")


def judge(direction: Direction, old: Estimate, new: Estimate, target: float = 1.0) -> Judgement:
    """Judge the move from `old` to `new` for a metric whose better `direction` (`metric.better`,
    from `model.direction`) is given, by the rule in the module docstring; `target` is the value a
    `nearer_target` metric aims at (on the 0..1 scale of the estimates)."""
    change = new.value - old.value
    if abs(change) < EPSILON:
        return Judgement.unchanged
    upward = change > 0
    # The interval of the difference: each estimate's half-width on the side facing the other.
    old_half = old.half_width_95(upward=upward)
    new_half = new.half_width_95(upward=not upward)
    if old_half is None or new_half is None:
        return Judgement.not_judged
    if abs(change) <= math.hypot(old_half, new_half) + EPSILON:
        return Judgement.within_uncertainty
    if direction is Direction.none:
        return Judgement.changed
    if direction in (Direction.nearer_one, Direction.nearer_target):
        aim = 1.0 if direction is Direction.nearer_one else target
        improved = abs(new.value - aim) < abs(old.value - aim)
    else:
        improved = upward == (direction is Direction.higher)
    return Judgement.better if improved else Judgement.worse
