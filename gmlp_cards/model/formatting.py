"""How a metric's interval is written, everywhere: its own level, its sides, never "None"."""

from __future__ import annotations

from collections.abc import Callable

Show = Callable[[float], str]


def shortest(value: float) -> str:
    """A number as the card states it (0.88 stays 0.88, 87.4 stays 87.4), at most 6 digits."""
    return f"{value:g}"


def level_text(level: float | None) -> str:
    """`95%`, `90%`, `97.5%`; empty when the level is not known."""
    if level is None:
        return ""
    return f"{level * 100:.10g}%"


def interval_text(
    lower: float | None, upper: float | None, level: float | None, show: Show = shortest
) -> str:
    """An interval in words, with the level it was stated at.

    `95% CI 0.851 to 0.934`; a one-sided bound: `95% lower bound 0.851` or `90% upper bound 0.12`;
    neither bound: `no interval`. A missing level (a value the card gives without one) is left out
    rather than assumed to be 95%.
    """
    prefix = f"{level_text(level)} " if level is not None else ""
    if lower is not None and upper is not None:
        return f"{prefix}CI {show(lower)} to {show(upper)}"
    if lower is not None:
        return f"{prefix}lower bound {show(lower)}"
    if upper is not None:
        return f"{prefix}upper bound {show(upper)}"
    return "no interval"
