"""Outcomes out of 100 (or 1,000) people like me: counts that add up exactly, for icon arrays."""

from __future__ import annotations

from dataclasses import dataclass

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
    exact = {
        "true_positive": total * prevalence * sensitivity,
        "false_negative": total * prevalence * (1 - sensitivity),
        "false_positive": total * (1 - prevalence) * (1 - specificity),
        "true_negative": total * (1 - prevalence) * specificity,
    }
    whole = {k: int(v) for k, v in exact.items()}
    missing = total - sum(whole.values())
    # Ties broken by the fixed outcome order, so the same inputs always give the same picture.
    by_remainder = sorted(OUTCOMES, key=lambda k: (-(exact[k] - whole[k]), OUTCOMES.index(k)))
    for name in by_remainder[:missing]:
        whole[name] += 1
    return OutcomeCounts(total=total, **whole)
