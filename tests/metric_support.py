"""Metrics for the tests that read how a number is written: built in one place, so each test states
only the numbers it is about."""

from __future__ import annotations

from typing import Any

from gmlp_cards.model import EstimateMetric


def percent_estimate(
    name: str, estimate: float, lower: float | None, upper: float | None = None, **more: Any
) -> EstimateMetric:
    """An estimate on the percent scale with an exact (Clopper-Pearson) interval, as FDA summaries
    often print them; `more` sets the rest (n, level, sides)."""
    return EstimateMetric(
        kind="estimate",
        name=name,
        estimate=estimate,
        lower=lower,
        upper=upper,
        scale="percent",
        method="clopper_pearson",
        **more,
    )
