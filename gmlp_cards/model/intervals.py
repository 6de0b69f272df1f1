"""Confidence intervals the validator can recompute: binomial proportions (Wilson, Clopper-Pearson,
Wald, Agresti-Coull, Jeffreys), a mean's t interval and the Hanley-McNeil AUROC interval."""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache


class IntervalMethod(StrEnum):
    """How an interval was computed; `RECOMPUTABLE` lists those a count can reproduce."""

    wilson = "wilson"
    clopper_pearson = "clopper_pearson"
    wald = "wald"
    agresti_coull = "agresti_coull"
    jeffreys = "jeffreys"
    t = "t"
    bootstrap = "bootstrap"
    bootstrap_percentile = "bootstrap_percentile"
    bootstrap_bca = "bootstrap_bca"
    clustered_bootstrap = "clustered_bootstrap"
    delong = "delong"
    hanley_mcneil = "hanley_mcneil"
    model_adjusted = "model_adjusted"
    """Schema 1 only: schema 2 says `analysis: model_adjusted` and names the interval's own method."""
    other = "other"
    not_stated = "not_stated"

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self.value]

    @property
    def is_bootstrap(self) -> bool:
        return self.value.endswith("bootstrap") or self.value.startswith("bootstrap")


_METHOD_LABELS = {
    "wilson": "Wilson score",
    "clopper_pearson": "Clopper-Pearson (exact)",
    "wald": "Wald",
    "agresti_coull": "Agresti-Coull (modified Wald)",
    "jeffreys": "Jeffreys",
    "t": "t distribution",
    "bootstrap": "bootstrap",
    "bootstrap_percentile": "percentile bootstrap",
    "bootstrap_bca": "BCa bootstrap",
    "clustered_bootstrap": "clustered bootstrap",
    "delong": "DeLong",
    "hanley_mcneil": "Hanley-McNeil",
    "model_adjusted": "model-adjusted",
    "other": "other method",
    "not_stated": "method not stated",
}

RECOMPUTABLE = frozenset(
    {
        IntervalMethod.wilson,
        IntervalMethod.clopper_pearson,
        IntervalMethod.wald,
        IntervalMethod.agresti_coull,
        IntervalMethod.jeffreys,
    }
)
"""Binomial intervals a count x of n reproduces exactly."""


# The quantiles come from scipy.special, imported on first use: `import scipy.stats` loads every
# distribution it has, two seconds of the first page after a restart (issue 17), for three functions.
# They are what scipy.stats' own ppf calls (scipy 1.17: norm -> ndtri, beta -> betaincinv, t ->
# stdtrit), so every interval is the same to the bit (tests/model/test_interval_quantiles.py).
def normal_quantile(q: float) -> float:
    """The standard normal distribution's `q` quantile (scipy.stats.norm.ppf)."""
    from scipy.special import ndtri

    return float(ndtri(q))


def beta_quantile(q: float, a: float, b: float) -> float:
    """The Beta(a, b) distribution's `q` quantile (scipy.stats.beta.ppf)."""
    from scipy.special import betaincinv

    return float(betaincinv(a, b, q))


def t_quantile(q: float, df: float) -> float:
    """Student's t distribution's `q` quantile with `df` degrees of freedom (scipy.stats.t.ppf)."""
    from scipy.special import stdtrit

    return float(stdtrit(df, q))


@lru_cache(maxsize=16)
def z_value(level: float) -> float:
    """Two-sided normal quantile; cached because a quantile costs ~50 µs and cards reuse one level."""
    return normal_quantile(0.5 + level / 2)


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
    lower = 0.0 if successes == 0 else beta_quantile(alpha / 2, successes, n - successes + 1)
    upper = 1.0 if successes == n else beta_quantile(1 - alpha / 2, successes + 1, n - successes)
    return (lower, upper)


def wald(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Normal-approximation interval, kept only to check cards that state they used it."""
    if n == 0:
        return (0.0, 1.0)
    z = z_value(level)
    p = successes / n
    half = z * math.sqrt(p * (1 - p) / n)
    return (max(0.0, p - half), min(1.0, p + half))


def agresti_coull(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Agresti-Coull ("add z^2/2 successes and failures", the modified Wald) interval."""
    if n == 0:
        return (0.0, 1.0)
    z = z_value(level)
    n_tilde = n + z * z
    p_tilde = (successes + z * z / 2) / n_tilde
    half = z * math.sqrt(p_tilde * (1 - p_tilde) / n_tilde)
    return (max(0.0, p_tilde - half), min(1.0, p_tilde + half))


@lru_cache(maxsize=4096)
def jeffreys(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Jeffreys interval: quantiles of Beta(x + 1/2, n - x + 1/2), ends fixed at 0 and 1 for 0/n and n/n
    (Brown, Cai and DasGupta 2001)."""
    if n == 0:
        return (0.0, 1.0)
    alpha = 1 - level
    a, b = successes + 0.5, n - successes + 0.5
    lower = 0.0 if successes == 0 else beta_quantile(alpha / 2, a, b)
    upper = 1.0 if successes == n else beta_quantile(1 - alpha / 2, a, b)
    return (lower, upper)


_BINOMIAL: dict[IntervalMethod, Callable[[int, int, float], tuple[float, float]]] = {
    IntervalMethod.wilson: wilson,
    IntervalMethod.clopper_pearson: clopper_pearson,
    IntervalMethod.wald: wald,
    IntervalMethod.agresti_coull: agresti_coull,
    IntervalMethod.jeffreys: jeffreys,
}


def two_sided_level(level: float, one_sided: bool) -> float:
    """The two-sided level whose end is a one-sided bound at `level`: a 95% lower bound is the lower
    end of the two-sided 90% interval."""
    return 2 * level - 1 if one_sided else level


def interval(
    method: IntervalMethod, successes: int, n: int, level: float, *, one_sided: bool = False
) -> tuple[float, float]:
    """The interval `method` gives for `successes` out of `n`; only for `RECOMPUTABLE` methods."""
    recipe = _BINOMIAL.get(method)
    if recipe is None:
        raise ValueError(f"{method.value} intervals cannot be recomputed from counts")
    return recipe(successes, n, two_sided_level(level, one_sided))


def t_interval(
    mean: float, sd: float, n: int, level: float, *, one_sided: bool = False
) -> tuple[float, float]:
    """mean +/- t(n-1) * sd / sqrt(n): the interval of a mean from its SD and n (n >= 2)."""
    q = t_quantile(0.5 + two_sided_level(level, one_sided) / 2, n - 1)
    half = q * sd / math.sqrt(n)
    return (mean - half, mean + half)


def hanley_mcneil(
    auc: float, positives: int, negatives: int, level: float, *, one_sided: bool = False
) -> tuple[float, float]:
    """AUROC +/- z * SE with the Hanley and McNeil (1982) standard error from the class sizes."""
    q1, q2 = auc / (2 - auc), 2 * auc * auc / (1 + auc)
    variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (
        positives * negatives
    )
    half = z_value(two_sided_level(level, one_sided)) * math.sqrt(max(variance, 0.0))
    return (max(0.0, auc - half), min(1.0, auc + half))


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
