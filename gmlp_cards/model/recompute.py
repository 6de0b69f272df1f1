"""What the validator recomputes from a metric's counts, and what it found: the one rule behind the
card's own checks, `gmlp-cards validate` and the "checked" notes readers see.

Only what the declared method allows is recomputed: the point estimate from x of n (not for a
model-adjusted analysis, whose estimate the observed counts do not give), a binomial interval for
Wilson, Clopper-Pearson, Wald, Agresti-Coull and Jeffreys, a mean's t interval from SD and n, and the
Hanley-McNeil AUROC interval from the row's class sizes. Bootstrap, DeLong and unstated methods are
shown as stated, and the reader is told so.

The functions read metrics by their attributes (`kind`, `name`, ...), not by class, so the metric
module can call them without an import circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from gmlp_cards.model.base import reading_schema
from gmlp_cards.model.intervals import (
    RECOMPUTABLE,
    IntervalMethod,
    hanley_mcneil,
    interval,
    rounding_tolerance,
    t_interval,
)
from gmlp_cards.model.vocabulary import Analysis, MetricName, Quantity, Sides


class Counts(Protocol):
    @property
    def tp(self) -> int: ...
    @property
    def fp(self) -> int: ...
    @property
    def fn(self) -> int: ...
    @property
    def tn(self) -> int: ...

    def fraction(self, name: str) -> tuple[int, int] | None: ...


@dataclass(frozen=True)
class Discrepancy:
    quantity: Quantity
    stated: float
    recomputed: float
    sentence: str


@dataclass(frozen=True)
class Verification:
    """What was recomputed (`checked`), what could not be (`as_stated`) and what disagreed."""

    checked: list[str] = field(default_factory=list)
    as_stated: list[str] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)


def _fraction(metric: Any, counts: Counts | None) -> tuple[int, int, str] | None:
    """(x, n, where from) that define the metric, or None: its own x of n first, else the row's counts
    for an observed metric the counts define."""
    x, n = getattr(metric, "x", None), metric.n
    if x is not None and n is not None:
        return (x, n, "x and n")
    if counts is None or metric.analysis is not Analysis.observed or metric.kind == "mean_sd":
        return None
    found = counts.fraction(metric.name)
    return None if found is None else (found[0], found[1], "the counts")


def verify(metric: Any, counts: Counts | None) -> Verification:
    """Recompute what `metric`'s method allows from its own x of n, its SD and n, or `counts`."""
    result = Verification()
    name, factor = str(metric.name), metric.scale.factor
    if metric.kind == "mean_sd":
        _verify_mean(metric, result)
        return result
    found = _fraction(metric, counts)
    if found is None:
        _verify_auroc(metric, counts, result)
        if not result.checked:
            result.as_stated.append(_why_not(metric))
        return result
    x, n, origin = found
    if x > n:
        result.discrepancies.append(Discrepancy(Quantity.n, n, x, f"{name} x is {x}, more than its n {n}"))
        return result
    if origin == "the counts" and metric.n is not None and metric.n != n:
        result.discrepancies.append(
            Discrepancy(
                Quantity.n, metric.n, n, f"{name} n is {metric.n} but the counts give a denominator of {n}"
            )
        )
    if origin == "x and n" and counts is not None and metric.analysis is Analysis.observed:
        row = counts.fraction(metric.name)
        if row is not None and row != (x, n):
            result.discrepancies.append(
                Discrepancy(
                    Quantity.n,
                    n,
                    row[1],
                    f"{name} is given as {x}/{n} but the row's counts give {row[0]}/{row[1]}",
                )
            )
    if n == 0:
        return result
    computed = x / n
    if metric.analysis is Analysis.model_adjusted:
        result.as_stated.append("model-adjusted estimate: the observed counts do not give it")
    else:
        _compare(
            result,
            Quantity.estimate,
            metric.value,
            computed,
            factor,
            f"{name} is stated as {metric.value:g} but {origin} give {x}/{n} = {computed * factor:.4g}",
        )
        result.checked.append(f"estimate = {x}/{n}")
    method = getattr(metric, "method", None)
    clustered = getattr(metric, "cluster", None) is not None
    if method in RECOMPUTABLE and metric.analysis is not Analysis.model_adjusted and not clustered:
        one_sided = metric.interval_sides is not Sides.two_sided
        low, high = interval(method, x, n, metric.level, one_sided=one_sided)
        _compare_bounds(result, metric, low, high, f"{_level(metric)} {method.label} interval from {x}/{n}")
    elif metric.kind == "estimate":
        result.as_stated.append(_why_not(metric))
    return result


def _level(metric: Any) -> str:
    side = {Sides.lower_only: " one-sided lower", Sides.upper_only: " one-sided upper"}
    return f"{metric.level * 100:.10g}%{side.get(metric.interval_sides, '')}"


def _verify_mean(metric: Any, result: Verification) -> None:
    if metric.method is IntervalMethod.t and metric.n is not None and metric.n >= 2:
        low, high = t_interval(metric.mean, metric.sd, metric.n, metric.level, one_sided=metric.one_sided)
        factor = metric.scale.factor
        _compare_bounds(
            result, metric, low / factor, high / factor, f"{_level(metric)} t interval from mean, SD and n"
        )
    elif metric.lower is not None or metric.upper is not None:
        result.as_stated.append(_why_not(metric))


def _verify_auroc(metric: Any, counts: Counts | None, result: Verification) -> None:
    if (
        metric.name is not MetricName.auroc
        or getattr(metric, "method", None) is not IntervalMethod.hanley_mcneil
    ):
        return
    if counts is None:
        return
    positives, negatives = counts.tp + counts.fn, counts.fp + counts.tn
    if positives == 0 or negatives == 0:
        return
    factor = metric.scale.factor
    low, high = hanley_mcneil(
        metric.value / factor, positives, negatives, metric.level, one_sided=metric.one_sided
    )
    _compare_bounds(
        result,
        metric,
        low,
        high,
        f"{_level(metric)} Hanley-McNeil interval from {positives} positives and {negatives} negatives",
    )


def _why_not(metric: Any) -> str:
    method = getattr(metric, "method", None)
    if method is None:
        return "single value: no interval to check" if metric.kind == "single" else "not recomputable"
    if metric.analysis is Analysis.model_adjusted:
        return "model-adjusted: the observed counts do not give it; shown as stated"
    if getattr(metric, "cluster", None) is not None:
        return (
            f"{method.label} interval accounting for clustering by {metric.cluster}: plain counts do "
            "not reproduce it; shown as stated"
        )
    if method in RECOMPUTABLE:
        return f"{method.label} interval: no counts to recompute it from; shown as stated"
    return f"{method.label} interval: cannot be recomputed from counts; shown as stated"


def _compare(
    result: Verification, quantity: Quantity, stated: float, computed: float, factor: float, sentence: str
) -> None:
    if abs(stated / factor - computed) > rounding_tolerance(stated, factor):
        result.discrepancies.append(
            Discrepancy(quantity, stated, float(f"{computed * factor:.4g}"), sentence)
        )


def _compare_bounds(result: Verification, metric: Any, low: float, high: float, recipe: str) -> None:
    factor, name = metric.scale.factor, str(metric.name)
    for quantity, stated, recomputed in (
        (Quantity.lower_bound, metric.lower, low),
        (Quantity.upper_bound, metric.upper, high),
    ):
        if stated is None:
            continue
        _compare(
            result,
            quantity,
            stated,
            recomputed,
            factor,
            f"{name} {quantity.value} bound is stated as {stated:g} but the {recipe} gives "
            f"{recomputed * factor:.4g}",
        )
    result.checked.append(recipe)


def unexcused(metric: Any, found: Verification) -> list[str]:
    """The discrepancies the metric's explanation does not account for, as sentences saying how to
    record one; an explanation entry that matches no discrepancy is a problem too (it went stale)."""
    if reading_schema() == 1 and metric.kind == "estimate" and isinstance(metric.explanation, str):
        return []  # schema 1: an estimate's explanation accepted any discrepancy (files never change)
    entries = list(metric.unreconciled)
    problems: list[str] = []
    for d in found.discrepancies:
        match = next((e for e in entries if _matches(e, d, metric.scale.factor)), None)
        if match is not None:
            entries.remove(match)
            continue
        problems.append(
            f"{d.sentence}; correct it, or record it in the metric's explanation: `unreconciled: "
            f"[{{quantity: {d.quantity.value}, stated: {d.stated:g}, recomputed: {d.recomputed:g}}}]`"
        )
    return problems


def stale_entries(metric: Any, found: Verification) -> list[str]:
    """Explanation entries that no discrepancy matches: the numbers changed, or they agree now."""
    left = list(metric.unreconciled)
    for d in found.discrepancies:
        match = next((e for e in left if _matches(e, d, metric.scale.factor)), None)
        if match is not None:
            left.remove(match)
    return [
        f"{metric.name}: the explanation records an unreconciled {e.quantity.value} (stated {e.stated:g}, "
        f"recomputed {e.recomputed:g}) that the numbers no longer show; update or remove it"
        for e in left
    ]


def _matches(entry: Any, found: Discrepancy, factor: float) -> bool:
    if entry.quantity is not found.quantity:
        return False
    if abs(entry.stated - found.stated) > 1e-9 * max(1.0, abs(found.stated)):
        return False
    if found.quantity is Quantity.n:
        return entry.recomputed == found.recomputed
    return abs(entry.recomputed - found.recomputed) / factor <= rounding_tolerance(entry.recomputed, factor)
