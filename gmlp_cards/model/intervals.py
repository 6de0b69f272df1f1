"""Binomial proportions and their confidence intervals (Wilson score, exact Clopper-Pearson)."""

from __future__ import annotations

import math
from enum import StrEnum
from functools import lru_cache

from scipy.stats import beta, norm


class IntervalMethod(StrEnum):
    """How an interval was computed. Only `wilson` and `clopper_pearson` can be recomputed from counts."""

    wilson = "wilson"
    clopper_pearson = "clopper_pearson"
    wald = "wald"
    bootstrap = "bootstrap"
    clustered_bootstrap = "clustered_bootstrap"
    delong = "delong"
    model_adjusted = "model_adjusted"
    other = "other"


RECOMPUTABLE = frozenset({IntervalMethod.wilson, IntervalMethod.clopper_pearson, IntervalMethod.wald})


@lru_cache(maxsize=16)
def z_value(level: float) -> float:
    """Two-sided normal quantile; cached because scipy's ppf costs ~50 µs and cards reuse one level."""
    return float(norm.ppf(0.5 + level / 2))


def wilson(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval; well-behaved at 0 and n, unlike the Wald interval."""
    if n == 0:
        return (0.0, 1.0)
    z = z_value(level)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # At 0/n and n/n the bound is exactly 0 or 1; floating point would land a hair inside.
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == n else min(1.0, centre + half)
    return (lower, upper)


@lru_cache(maxsize=4096)
def clopper_pearson(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval from the beta distribution."""
    if n == 0:
        return (0.0, 1.0)
    alpha = 1 - level
    lower = 0.0 if successes == 0 else float(beta.ppf(alpha / 2, successes, n - successes + 1))
    upper = 1.0 if successes == n else float(beta.ppf(1 - alpha / 2, successes + 1, n - successes))
    return (lower, upper)


def wald(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Normal-approximation interval, kept only to check cards that state they used it."""
    if n == 0:
        return (0.0, 1.0)
    z = z_value(level)
    p = successes / n
    half = z * math.sqrt(p * (1 - p) / n)
    return (max(0.0, p - half), min(1.0, p + half))


def interval(method: IntervalMethod, successes: int, n: int, level: float) -> tuple[float, float]:
    """The interval `method` gives for `successes` out of `n`; only for recomputable methods."""
    if method is IntervalMethod.wilson:
        return wilson(successes, n, level)
    if method is IntervalMethod.clopper_pearson:
        return clopper_pearson(successes, n, level)
    if method is IntervalMethod.wald:
        return wald(successes, n, level)
    raise ValueError(f"{method.value} intervals cannot be recomputed from counts")


def rounding_tolerance(stated: float, scale: float = 1.0) -> float:
    """Half a unit in the last decimal the card wrote, in proportion units.

    0.91 may stand for 0.905..0.915 and 91.2 (percent, scale 100) for 0.9115..0.9125. Floats arrive
    without trailing zeros (0.910 reads as 0.91), so this errs generous; it is clipped to
    [0.0005, 0.005] so that "1" cannot excuse anything and many decimals do not demand float-exact
    agreement (interval recipes differ in the fourth decimal, e.g. z = 1.96 versus 1.95996).
    """
    text = repr(float(stated))
    decimals = 0 if "e" in text else len(text.split(".", 1)[1].rstrip("0"))
    half_unit = 0.5 * 10.0**-decimals / scale
    return min(0.005, max(0.0005, half_unit)) + 1e-12
