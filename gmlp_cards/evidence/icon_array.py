"""Outcomes out of 100 (or 1,000) people like me: counts that add up exactly, for icon arrays, and
natural frequencies that are never rounded to certainty ("fewer than 1 in 1,000", not "0 in 1,000")."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

OUTCOMES = ("true_positive", "false_positive", "false_negative", "true_negative")


@dataclass(frozen=True)
class OutcomeCounts:
    """Whole people out of `total`, per outcome; always sums to `total`."""

    total: int
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in OUTCOMES}


def outcome_counts(
    sensitivity: float, specificity: float, prevalence: float, total: int = 100
) -> OutcomeCounts:
    """Expected outcomes among `total` people, rounded by largest remainder so they add up.

    Plain rounding can give 99 or 101 icons; largest-remainder keeps the picture honest.
    """
    for name, value in (
        ("sensitivity", sensitivity),
        ("specificity", specificity),
        ("prevalence", prevalence),
    ):
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be between 0 and 1, got {value}")
    exact = {k: total * v for k, v in expected_outcomes(sensitivity, specificity, prevalence).items()}
    whole = {k: int(v) for k, v in exact.items()}
    missing = total - sum(whole.values())
    # Ties broken by the fixed outcome order, so the same inputs always give the same picture.
    by_remainder = sorted(OUTCOMES, key=lambda k: (-(exact[k] - whole[k]), OUTCOMES.index(k)))
    for name in by_remainder[:missing]:
        whole[name] += 1
    return OutcomeCounts(total=total, **whole)


FrequencyKind = Literal["none", "fewer", "about", "more", "all"]

PER_1000 = 1000
PER_100 = 100
_WHOLE = 1e-9  # how near a whole number a float product must be to count as one (float noise)


@dataclass(frozen=True)
class Frequency:
    """A share of people as a natural frequency that never claims more certainty than it has.

    `kind` says how to word it: `none` and `all` only when the share really is 0 or 1; `fewer`
    (than 1 in `total`) and `more` (than `total - 1`) when it is not, but rounds to 0 or `total`;
    otherwise `about` `count` in `total`.
    """

    kind: FrequencyKind
    count: int
    total: int


def _rounded(value: float) -> int:
    # Half up, not Python's half-to-even: 2.5 people are "about 3", as a reader would round.
    return math.floor(value + 0.5)


def frequency(share: float, total: int, count: int | None = None) -> Frequency:
    """`share` (0 to 1) of `total` people; `count` is the whole number drawn (an icon array's marks),
    by default the share rounded half up."""
    if not 0 <= share <= 1:
        raise ValueError(f"a share of people must be between 0 and 1, got {share}")
    shown = _rounded(share * total) if count is None else count
    if share == 0:
        return Frequency("none", 0, total)
    if share == 1:
        return Frequency("all", total, total)
    if shown <= 0:
        return Frequency("fewer", 1, total)
    if shown >= total:
        return Frequency("more", total - 1, total)
    return Frequency("about", shown, total)


def page_denominator(shares: Iterable[float]) -> int:
    """The one denominator of a page: 100 when every share on it is a whole number of people per
    100, else 1,000 (so no page says "8.0 of every 100" next to "... in 1,000")."""
    whole = all(abs(s * PER_100 - round(s * PER_100)) < _WHOLE for s in shares)
    return PER_100 if whole else PER_1000


def expected_outcomes(sensitivity: float, specificity: float, prevalence: float) -> dict[str, float]:
    """Each outcome's share of all people tested (the exact values `outcome_counts` rounds)."""
    return {
        "true_positive": prevalence * sensitivity,
        "false_negative": prevalence * (1 - sensitivity),
        "false_positive": (1 - prevalence) * (1 - specificity),
        "true_negative": (1 - prevalence) * specificity,
    }
