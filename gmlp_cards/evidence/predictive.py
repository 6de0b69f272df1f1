"""Predictive values at a chosen prevalence, with bounds from the sensitivity and specificity intervals.

Uncertainty is propagated by interval arithmetic: PPV and NPV are monotone in sensitivity and
specificity (both increase with each), so evaluating them at the lower ends together and at the upper
ends together gives bounds that contain every combination of the two intervals. Because both ends are
taken at once, the range is conservative (wider than a joint 95% interval would be); it is exact to
compute, deterministic, and behaves at the extremes (prevalence 0 or 1, sensitivity 1.0).
"""

from __future__ import annotations

from dataclasses import dataclass

from gmlp_cards.model import EstimateMetric, MeanSDMetric, MetricName, ModelCard, SingleMetric, Study
from gmlp_cards.model.intervals import wilson
from gmlp_cards.model.vocabulary import Quantity


@dataclass(frozen=True)
class Proportion:
    """An estimate with bounds, as proportions in 0..1."""

    estimate: float
    lower: float
    upper: float


@dataclass(frozen=True)
class PredictiveValues:
    prevalence: float
    ppv: Proportion | None  # None where undefined: nobody tests positive (prevalence 0, specificity 1)
    npv: Proportion | None  # None where undefined: nobody tests negative


def ppv(sensitivity: float, specificity: float, prevalence: float) -> float | None:
    """P(condition | positive result); None when no one would test positive."""
    true_pos = sensitivity * prevalence
    false_pos = (1 - specificity) * (1 - prevalence)
    return None if true_pos + false_pos == 0 else true_pos / (true_pos + false_pos)


def npv(sensitivity: float, specificity: float, prevalence: float) -> float | None:
    """P(no condition | negative result); None when no one would test negative."""
    true_neg = specificity * (1 - prevalence)
    false_neg = (1 - sensitivity) * prevalence
    return None if true_neg + false_neg == 0 else true_neg / (true_neg + false_neg)


def _bounded(estimate: float | None, low: float | None, high: float | None) -> Proportion | None:
    if estimate is None:
        return None
    # An undefined end (e.g. specificity 1 at prevalence 0 has no positives) is replaced by the
    # estimate, so the bound still describes every defined combination.
    low = estimate if low is None else low
    high = estimate if high is None else high
    return Proportion(estimate, min(low, estimate), max(high, estimate))


def predictive_values(
    sensitivity: Proportion, specificity: Proportion, prevalence: float
) -> PredictiveValues:
    """PPV and NPV at `prevalence`, with bounds from the two intervals (see module docstring)."""
    if not 0 <= prevalence <= 1:
        raise ValueError(f"prevalence must be between 0 and 1, got {prevalence}")
    sens, spec = sensitivity, specificity
    return PredictiveValues(
        prevalence=prevalence,
        ppv=_bounded(
            ppv(sens.estimate, spec.estimate, prevalence),
            ppv(sens.lower, spec.lower, prevalence),
            ppv(sens.upper, spec.upper, prevalence),
        ),
        npv=_bounded(
            npv(sens.estimate, spec.estimate, prevalence),
            npv(sens.lower, spec.lower, prevalence),
            npv(sens.upper, spec.upper, prevalence),
        ),
    )


def metric_proportion(study: Study, name: str) -> Proportion | None:
    """The study's overall `name` (its observed analysis first) as a Proportion; a single value gets
    zero-width bounds.

    A number whose interval the maker records as unreconciled (no method reproduces it) is never
    used as stated: its interval is recomputed (Wilson) from its counts, and without counts there is
    no proportion to derive from.
    """
    metric = study.overall.metric(name)
    if metric is None or isinstance(metric, MeanSDMetric):
        return None
    factor = metric.scale.factor
    if {e.quantity for e in metric.unreconciled} & _NUMBERS:
        counts = _counts_of(metric, study)
        if counts is None:
            return None
        x, n = counts
        low, high = wilson(x, n, metric.level if isinstance(metric, EstimateMetric) else 0.95)
        return Proportion(x / n, low, high)
    if isinstance(metric, EstimateMetric):
        est = metric.estimate / factor
        low = metric.lower / factor if metric.lower is not None else est
        high = metric.upper / factor if metric.upper is not None else est
        return Proportion(est, low, high)
    value = metric.value / factor
    return Proportion(value, value, value)


_NUMBERS = frozenset({Quantity.estimate, Quantity.lower_bound, Quantity.upper_bound})


def _counts_of(metric: EstimateMetric | SingleMetric, study: Study) -> tuple[int, int] | None:
    if metric.x is not None and metric.n:
        return (metric.x, metric.n)
    counts = study.overall.counts
    fraction = counts.fraction(metric.name) if counts is not None else None
    return fraction if fraction is not None and fraction[1] else None


def study_prevalence(study: Study) -> float | None:
    """Prevalence in the study population, from counts or a stated prevalence metric."""
    counts = study.overall.counts
    if counts is not None and counts.total:
        return (counts.tp + counts.fn) / counts.total
    stated = metric_proportion(study, MetricName.prevalence)
    return stated.estimate if stated else None


def for_study(study: Study, prevalence: float | None = None) -> PredictiveValues | None:
    """PPV and NPV for a study's overall sensitivity and specificity, at the study's prevalence by default."""
    sens = metric_proportion(study, MetricName.sensitivity)
    spec = metric_proportion(study, MetricName.specificity)
    chosen = study_prevalence(study) if prevalence is None else prevalence
    if sens is None or spec is None or chosen is None:
        return None
    return predictive_values(sens, spec, chosen)


def prevalence_differs(chosen: float, studied: float, *, relative: float = 0.5) -> bool:
    """True when the chosen setting is far from the studied one (default: off by more than half)."""
    if studied == 0:
        return chosen != 0
    return abs(chosen - studied) / studied > relative


def setting_prevalence(card: ModelCard) -> tuple[float | None, str]:
    """The prevalence to show patients and to start the calculator at, and where it came from.

    The intended population's prevalence is preferred: study samples are often enriched with cases,
    which would make a positive result look more telling than it is in practice.
    """
    stated = card.data.intended_population.prevalence
    if stated is not None:
        return stated, "intended population"
    studied = study_prevalence(card.performance.primary)
    return studied, "study population"
