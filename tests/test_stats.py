"""Wilson and Clopper-Pearson intervals against published values and scipy, and the rounding rule."""

from __future__ import annotations

import pytest
from scipy.stats import binomtest

from gmlp_cards.model.intervals import (
    IntervalMethod,
    clopper_pearson,
    interval,
    rounding_tolerance,
    wald,
    wilson,
)

# Newcombe RG (1998), Two-sided confidence intervals for the single proportion, Stat Med 17:857-872,
# Table I: method 3 (Wilson score, no continuity correction) and method 5 (exact Clopper-Pearson).
NEWCOMBE = [
    # successes, n, wilson (lower, upper), clopper-pearson (lower, upper)
    (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
    (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
    (0, 20, (0.0000, 0.1611), (0.0000, 0.1684)),
    (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
]
# Textbook edge cases: all or nothing out of 10.
EDGES = [
    (0, 10, (0.0000, 0.2775), (0.0000, 0.3085)),
    (10, 10, (0.7225, 1.0000), (0.6915, 1.0000)),
]


@pytest.mark.parametrize(("successes", "n", "expected", "_"), NEWCOMBE + EDGES)
def test_wilson_matches_published_values(successes, n, expected, _):
    assert wilson(successes, n) == pytest.approx(expected, abs=5e-5)


@pytest.mark.parametrize(("successes", "n", "_", "expected"), NEWCOMBE + EDGES)
def test_clopper_pearson_matches_published_values(successes, n, _, expected):
    assert clopper_pearson(successes, n) == pytest.approx(expected, abs=5e-5)


CASES = [
    (0, 1),
    (1, 1),
    (0, 10),
    (10, 10),
    (3, 7),
    (81, 263),
    (88, 100),
    (380, 400),
    (1, 1000),
    (999, 1000),
    (5000, 10000),
]


@pytest.mark.parametrize(("successes", "n"), CASES)
@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_wilson_agrees_with_scipy(successes, n, level):
    ci = binomtest(successes, n).proportion_ci(confidence_level=level, method="wilson")
    assert wilson(successes, n, level) == pytest.approx((ci.low, ci.high), abs=1e-9)


@pytest.mark.parametrize(("successes", "n"), CASES)
@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_clopper_pearson_agrees_with_scipy_exact(successes, n, level):
    ci = binomtest(successes, n).proportion_ci(confidence_level=level, method="exact")
    assert clopper_pearson(successes, n, level) == pytest.approx((ci.low, ci.high), abs=1e-9)


@pytest.mark.parametrize("method", [wilson, clopper_pearson, wald])
def test_an_empty_denominator_gives_the_uninformative_interval(method):
    assert method(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize("method", [wilson, clopper_pearson, wald])
@pytest.mark.parametrize(("successes", "n"), CASES)
def test_intervals_stay_within_zero_and_one_and_contain_the_estimate(method, successes, n):
    lower, upper = method(successes, n)
    assert 0.0 <= lower <= successes / n <= upper <= 1.0


def test_wald_is_the_normal_approximation():
    # 50/100: 0.5 ± 1.959964 * sqrt(0.25 / 100)
    assert wald(50, 100) == pytest.approx((0.5 - 0.0979982, 0.5 + 0.0979982), abs=1e-6)


@pytest.mark.parametrize(
    "method", [IntervalMethod.wilson, IntervalMethod.clopper_pearson, IntervalMethod.wald]
)
def test_interval_dispatches_on_the_declared_method(method):
    expected = {"wilson": wilson, "clopper_pearson": clopper_pearson, "wald": wald}[method.value]
    assert interval(method, 7, 20, 0.95) == expected(7, 20, 0.95)


@pytest.mark.parametrize(
    "method",
    [
        IntervalMethod.clustered_bootstrap,
        IntervalMethod.bootstrap,
        IntervalMethod.model_adjusted,
        IntervalMethod.delong,
    ],
)
def test_interval_refuses_methods_that_counts_cannot_reproduce(method):
    with pytest.raises(ValueError, match=f"{method.value} intervals cannot be recomputed"):
        interval(method, 7, 20, 0.95)


@pytest.mark.parametrize(
    ("stated", "scale", "tolerance"),
    [
        (0.91, 1.0, 0.005),  # two decimals: half a hundredth
        (0.912, 1.0, 0.0005),  # three decimals: half a thousandth
        (0.91234, 1.0, 0.0005),  # never stricter than the fourth decimal
        (1.0, 1.0, 0.005),  # "1" cannot excuse more than half a hundredth
        (91.2, 100.0, 0.0005),  # percent: 91.2 stands for 0.9115..0.9125
        (91.0, 100.0, 0.005),  # percent without decimals
    ],
)
def test_rounding_tolerance_is_half_a_unit_in_the_last_written_decimal(stated, scale, tolerance):
    assert rounding_tolerance(stated, scale) == pytest.approx(tolerance, abs=1e-11)
