"""How a metric's numbers are written, everywhere: on one scale with their unit, the interval at its
own level and sides, never "None", never rounded beyond what the card states."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from gmlp_cards.model.vocabulary import AREA_METRICS, Scale, Sides

Show = Callable[[float], str]


def shortest(value: float) -> str:
    """A number as the card states it (0.88 stays 0.88, 87.4 stays 87.4), at most 6 digits."""
    return f"{value:g}"


def as_percent(value: float, factor: float = 1.0) -> str:
    """A share in percent with exactly the digits the card stated: 0.851 -> `85.1`, 0.9 -> `90`,
    87.4 (already percent) -> `87.4`. Decimal arithmetic, so no float noise and no rounding."""
    exact = Decimal(repr(float(value))) * (Decimal(100) / Decimal(repr(float(factor))))
    text = format(exact.normalize(), "f")
    return "0" if text in ("-0", "") else text


def shower(metric: Any) -> Show:
    """How `metric`'s numbers are written: shares in percent, differences in percentage points,
    other numbers with their unit."""
    scale, factor = metric.scale, metric.scale.factor
    if metric.name in AREA_METRICS:
        return lambda v: format((Decimal(repr(float(v))) / Decimal(repr(factor))).normalize(), "f")
    if metric.is_proportion:
        return lambda v: f"{as_percent(v, factor)}%"
    if scale is Scale.percentage_points:
        return lambda v: f"{shortest(v)} percentage points"
    unit = getattr(metric, "unit", None)
    return (lambda v: f"{shortest(v)} {unit}") if unit else shortest


def level_text(level: float | None) -> str:
    """`95%`, `90%`, `97.5%`; empty when the level is not known."""
    if level is None:
        return ""
    return f"{level * 100:.10g}%"


def interval_text(
    lower: float | None,
    upper: float | None,
    level: float | None,
    show: Show = shortest,
    sides: Sides | None = None,
) -> str:
    """An interval in words, with the level and sides it was stated at.

    `95% CI 85.1% to 93.4%`; a one-sided bound: `95% one-sided lower bound 85.1%`; one end of a
    two-sided interval whose sides the card does not state (schema 1): `95% lower bound 85.1%`;
    neither bound: `no interval`. A missing level is left out rather than assumed to be 95%.
    """
    prefix = f"{level_text(level)} " if level is not None else ""
    one_sided = "one-sided " if sides in (Sides.lower_only, Sides.upper_only) else ""
    if lower is not None and upper is not None:
        return f"{prefix}CI {show(lower)} to {show(upper)}"
    if lower is not None:
        return f"{prefix}{one_sided}lower bound {show(lower)}"
    if upper is not None:
        return f"{prefix}{one_sided}upper bound {show(upper)}"
    return "no interval"


def metric_interval(metric: Any, show: Show | None = None) -> str:
    """The interval of an estimate (or a mean's), in the metric's own units; `no interval` else."""
    lower, upper = getattr(metric, "lower", None), getattr(metric, "upper", None)
    if lower is None and upper is None:
        return "no interval"
    return interval_text(lower, upper, metric.level, show or shower(metric), metric.sides)


def method_text(metric: Any) -> str:
    """`Wilson score`, `clustered bootstrap by patient`, `method not stated`; empty without interval."""
    method = getattr(metric, "method", None)
    if method is None:
        return ""
    cluster = getattr(metric, "cluster", None)
    return method.label + (f", clustered by {cluster}" if cluster else "")


def n_text(n: int | None) -> str:
    """`n = 200`, or `n not stated` for a row whose size the source does not give."""
    return "n not stated" if n is None else f"n = {n}"


def date_text(value: Any) -> str:
    """`2021-03-01`, or `not stated` for a date the source does not give."""
    return value.isoformat() if hasattr(value, "isoformat") else "not stated"


def period_text(start: Any, end: Any) -> str:
    """`2021-03-01 to 2021-11-30`; `dates not stated` when neither is given."""
    if not hasattr(start, "isoformat") and not hasattr(end, "isoformat"):
        return "dates not stated"
    return f"{date_text(start)} to {date_text(end)}"


def fact_text(value: Any) -> str:
    """A single fact in words: an enum's value, a date, yes/no, or `not stated` (with no invented
    stand-in) when the source does not give it."""
    if value is None or type(value).__name__ == "NotStated":
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if hasattr(value, "value"):
        return str(value.value).replace("_", " ")
    return str(value)


def policy_text(policy: Any) -> str:
    """`quarterly, manual, global`, or `not stated`."""
    if type(policy).__name__ == "NotStated":
        return "not stated"
    return f"{policy.frequency}, {fact_text(policy.mode)}, {fact_text(policy.scope)}"


def monitored_text(name: Any, value: float) -> str:
    """A monitored threshold or real-world value, which the card gives on the 0..1 scale for shares:
    sensitivity 0.65 -> `65%`; an area or other number as stated (`0.85`, `12 minutes` by its name)."""
    if name in AREA_METRICS or not getattr(name, "is_proportion", False):
        return shortest(value)
    return f"{as_percent(value)}%"
