"""The metric vocabulary: known metric names, scales, analyses and interval sides.

A known name brings its label, scale kind and direction; a card may also name a metric of its own
(schema 2) and then declares those itself, so nothing real is forced into `other`.
"""

from __future__ import annotations

from gmlp_cards.model.base import CardEnum


class MetricName(CardEnum):
    sensitivity = "sensitivity"
    specificity = "specificity"
    ppv = "ppv"
    npv = "npv"
    accuracy = "accuracy"
    prevalence = "prevalence"
    auroc = "auroc"
    auprc = "auprc"
    f1 = "f1"
    kappa = "kappa"
    alert_rate = "alert_rate"
    median_lead_time_hours = "median_lead_time_hours"
    mean_lead_time_hours = "mean_lead_time_hours"
    no_result_rate = "no_result_rate"
    time_to_notification_minutes = "time_to_notification_minutes"
    mean_absolute_error = "mean_absolute_error"
    calibration_slope = "calibration_slope"
    positive_likelihood_ratio = "positive_likelihood_ratio"
    negative_likelihood_ratio = "negative_likelihood_ratio"
    other = "other"

    @property
    def label(self) -> str:
        return _LABELS.get(self.value, self.value.replace("_", " ").capitalize())

    @property
    def is_proportion(self) -> bool:
        return self.value in _PROPORTIONS


_LABELS = {
    "ppv": "Positive predictive value",
    "npv": "Negative predictive value",
    "auroc": "Area under the ROC curve",
    "auprc": "Area under the precision-recall curve",
    "f1": "F1 score",
    "kappa": "Cohen's kappa",
    "median_lead_time_hours": "Median lead time (hours)",
    "mean_lead_time_hours": "Mean lead time (hours)",
    "no_result_rate": "No-result rate (input could not be analysed)",
    "time_to_notification_minutes": "Time to notification (minutes)",
    "positive_likelihood_ratio": "Positive likelihood ratio",
    "negative_likelihood_ratio": "Negative likelihood ratio",
}
_PROPORTIONS = frozenset(
    {
        "sensitivity",
        "specificity",
        "ppv",
        "npv",
        "accuracy",
        "prevalence",
        "auroc",
        "auprc",
        "f1",
        "alert_rate",
        "no_result_rate",
    }
)


AREA_METRICS = frozenset({MetricName.auroc, MetricName.auprc, MetricName.f1})
"""Shares conventionally written as 0.912 rather than as a percentage."""


class Scale(CardEnum):
    """How a number is written. Proportions are 0..1 or 0..100; the other two are any real number."""

    proportion = "proportion"
    percent = "percent"
    percentage_points = "percentage_points"
    """A difference of two percentages (e.g. aided minus unaided sensitivity): -100..100."""
    value = "value"
    """A number in its own unit (minutes, a ratio, a score): shown with the metric's `unit`."""

    @property
    def factor(self) -> float:
        """Divide by this to reach the 0..1 scale thresholds and recomputed fractions use."""
        return 100.0 if self in (Scale.percent, Scale.percentage_points) else 1.0

    @property
    def is_share(self) -> bool:
        return self in (Scale.proportion, Scale.percent)


class Analysis(CardEnum):
    """Which analysis of the data a number comes from; one metric may be given once per analysis."""

    observed = "observed"
    model_adjusted = "model_adjusted"
    worst_case = "worst_case"
    best_case = "best_case"
    per_protocol = "per_protocol"
    intention_to_treat = "intention_to_treat"
    complete_case = "complete_case"
    imputed = "imputed"
    sensitivity_analysis = "sensitivity_analysis"
    training_data = "training_data"
    """Measured on the data the model was trained on: not an independent test."""
    other = "other"

    @property
    def label(self) -> str:
        return _ANALYSIS_LABELS.get(self.value, self.value.replace("_", " "))


_ANALYSIS_LABELS = {
    "observed": "observed",
    "model_adjusted": "model-adjusted",
    "worst_case": "worst case",
    "best_case": "best case",
    "per_protocol": "per protocol",
    "intention_to_treat": "intention to treat",
    "complete_case": "complete cases",
    "sensitivity_analysis": "sensitivity analysis",
    "training_data": "on the training data (not an independent test)",
    "other": "other analysis",
}


class Sides(CardEnum):
    """Which bounds an interval has. A one-sided bound's `level` is one-sided (a 95% lower bound is
    the lower end of the two-sided 90% interval)."""

    # Members not named `lower`/`upper` so they do not shadow `str.lower`/`str.upper`.
    two_sided = "two_sided"
    lower_only = "lower"
    upper_only = "upper"


class Quantity(CardEnum):
    """A number of a metric that a check can disagree with."""

    estimate = "estimate"
    lower_bound = "lower"
    upper_bound = "upper"
    n = "n"


def label_of(name: str) -> str:
    """A metric name's label when no metric is at hand (a known name's label; else the name in words)."""
    return MetricName(name).label if name in MetricName.__members__ else name.replace("_", " ").capitalize()
