"""Typed performance values: tagged metrics with n, confusion counts, and rows that check one another."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from gmlp_cards.model.base import CardEnum, CardModel, Count, ShortText, SubgroupDimension, Text
from gmlp_cards.model.intervals import RECOMPUTABLE, IntervalMethod, interval, rounding_tolerance


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


class Scale(CardEnum):
    proportion = "proportion"
    percent = "percent"

    @property
    def factor(self) -> float:
        return 100.0 if self is Scale.percent else 1.0


class _MetricBase(CardModel):
    name: MetricName = Field(description="What is measured; `other` needs a `label`.")
    label: ShortText | None = Field(default=None, description="Display name, required for `other`.")
    n: Count | None = Field(default=None, description="Number of units the estimate is based on.")
    scale: Scale = Field(
        default=Scale.proportion, description="`proportion` (0 to 1) or `percent` (0 to 100)."
    )

    @property
    def title(self) -> str:
        return self.label or self.name.label

    def _check_name(self) -> None:
        if self.name is MetricName.other and not self.label:
            raise ValueError("a metric named `other` needs a `label` saying what it measures")

    def _check_range(self, field: str, value: float | None) -> None:
        if value is None or not self.name.is_proportion:
            return
        top = self.scale.factor
        if not 0 <= value <= top:
            hint = "; for percentages add `scale: percent`" if top == 1 and 0 <= value <= 100 else ""
            raise ValueError(f"{field} {value} is outside 0..{top:g} for a {self.scale.value}{hint}")


class EstimateMetric(_MetricBase):
    """A point estimate with a confidence interval (two-sided, or a one-sided bound)."""

    kind: Literal["estimate"] = Field(description="Tag: an estimate with an interval.")
    estimate: float = Field(description="The point estimate, on the declared scale.")
    lower: float | None = Field(default=None, description="Lower confidence bound.")
    upper: float | None = Field(default=None, description="Upper confidence bound.")
    level: float = Field(default=0.95, gt=0, lt=1, description="Confidence level, e.g. 0.95.")
    # stats.IntervalMethod is not a CardEnum (stats knows nothing of the card model): from its text.
    method: Annotated[IntervalMethod, Strict(False)] = Field(
        description="How the interval was computed; wilson, clopper_pearson and wald are recomputed "
        "from counts, other methods are shown as stated."
    )
    explanation: Text | None = Field(
        default=None,
        description="The maker's explanation where stated numbers cannot be reconciled with the "
        "counts (e.g. a model-adjusted estimate); readers are shown it beside the numbers.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> EstimateMetric:
        self._check_name()
        for field in ("estimate", "lower", "upper"):
            self._check_range(field, getattr(self, field))
        if self.lower is None and self.upper is None:
            raise ValueError("an estimate needs at least one confidence bound (lower or upper)")
        if self.lower is not None and self.lower > self.estimate:
            raise ValueError(f"lower bound {self.lower} is above the estimate {self.estimate}")
        if self.upper is not None and self.estimate > self.upper:
            raise ValueError(f"upper bound {self.upper} is below the estimate {self.estimate}")
        return self

    @property
    def value(self) -> float:
        return self.estimate


class SingleMetric(_MetricBase):
    """A single value without an interval (e.g. a count-free rate quoted by a source)."""

    kind: Literal["single"] = Field(description="Tag: a single value without interval.")
    value: float = Field(description="The value, on the declared scale.")

    @model_validator(mode="after")
    def _in_range(self) -> SingleMetric:
        self._check_name()
        self._check_range("value", self.value)
        return self


class MeanSDMetric(_MetricBase):
    """A mean with its standard deviation (e.g. lead time)."""

    kind: Literal["mean_sd"] = Field(description="Tag: a mean with standard deviation.")
    mean: float = Field(description="The mean.")
    sd: float = Field(ge=0, description="The standard deviation.")

    @model_validator(mode="after")
    def _in_range(self) -> MeanSDMetric:
        self._check_name()
        self._check_range("mean", self.mean)
        return self

    @property
    def value(self) -> float:
        return self.mean


Metric = Annotated[EstimateMetric | SingleMetric | MeanSDMetric, Field(discriminator="kind")]


class Confusion(CardModel):
    """Confusion-matrix counts against the reference standard."""

    tp: Count = Field(description="True positives.")
    fp: Count = Field(description="False positives.")
    fn: Count = Field(description="False negatives.")
    tn: Count = Field(description="True negatives.")

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    def fraction(self, name: MetricName) -> tuple[int, int] | None:
        """(successes, denominator) that define `name`, or None when counts do not define it."""
        return {
            MetricName.sensitivity: (self.tp, self.tp + self.fn),
            MetricName.specificity: (self.tn, self.tn + self.fp),
            MetricName.ppv: (self.tp, self.tp + self.fp),
            MetricName.npv: (self.tn, self.tn + self.fn),
            MetricName.accuracy: (self.tp + self.tn, self.total),
            MetricName.prevalence: (self.tp + self.fn, self.total),
        }.get(name)


DERIVED_FROM_COUNTS = (MetricName.sensitivity, MetricName.specificity, MetricName.ppv, MetricName.npv)


def check_against_counts(
    metric: EstimateMetric | SingleMetric | MeanSDMetric, counts: Confusion
) -> list[str]:
    """Sentences for every way `metric` disagrees with `counts` beyond rounding; [] when it agrees.

    Only what the declared method allows is checked: the point estimate always (unless
    model-adjusted), the interval only for wilson, clopper_pearson and wald.
    """
    fraction = counts.fraction(metric.name)
    if fraction is None or isinstance(metric, MeanSDMetric):
        return []
    successes, denominator = fraction
    problems: list[str] = []
    name = metric.name.value
    if metric.n is not None and metric.n != denominator:
        problems.append(f"{name} n is {metric.n} but the counts give a denominator of {denominator}")
    if denominator == 0:
        return problems
    computed = successes / denominator
    factor = metric.scale.factor
    if isinstance(metric, EstimateMetric) and metric.method is IntervalMethod.model_adjusted:
        return problems
    stated = metric.value / factor
    if abs(stated - computed) > rounding_tolerance(metric.value, factor):
        problems.append(
            f"{name} is stated as {metric.value:g} but the counts give "
            f"{successes}/{denominator} = {computed * factor:.4g}"
        )
    if isinstance(metric, EstimateMetric) and metric.method in RECOMPUTABLE:
        low, high = interval(metric.method, successes, denominator, metric.level)
        for bound, stated_bound, recomputed in (("lower", metric.lower, low), ("upper", metric.upper, high)):
            if stated_bound is None:
                continue
            if abs(stated_bound / factor - recomputed) > rounding_tolerance(stated_bound, factor):
                problems.append(
                    f"{name} {bound} bound is stated as {stated_bound:g} but the "
                    f"{metric.method.value} {metric.level:.0%} interval from "
                    f"{successes}/{denominator} gives {recomputed * factor:.4g}"
                )
    return problems


class ResultRow(CardModel):
    """Results for one population: n, optional confusion counts, and metrics that must agree with them."""

    n: Count = Field(description="Number of units of analysis in this row.")
    counts: Confusion | None = Field(
        default=None, description="Confusion-matrix counts; when given, metrics are checked against them."
    )
    metrics: list[Metric] = Field(default_factory=list, description="Estimates for this row.")

    @model_validator(mode="after")
    def _consistent(self) -> ResultRow:
        names = [m.name for m in self.metrics if m.name is not MetricName.other]
        repeated = sorted({n.value for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"metric {', '.join(repeated)} is given more than once")
        if self.counts is None:
            return self
        problems: list[str] = []
        if self.counts.total != self.n:
            problems.append(f"n is {self.n} but the counts add up to {self.counts.total}")
        for metric in self.metrics:
            if isinstance(metric, EstimateMetric) and metric.explanation:
                continue  # the maker could not reconcile it and says why; readers see the note
            problems.extend(check_against_counts(metric, self.counts))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def metric(self, name: MetricName) -> EstimateMetric | SingleMetric | MeanSDMetric | None:
        return next((m for m in self.metrics if m.name is name), None)


class SubgroupResult(ResultRow):
    """One row of a subgroup table: a dimension, a group within it, and its results."""

    dimension: SubgroupDimension = Field(description="The axis of the breakdown (sex, age band, ...).")
    group: ShortText = Field(description="The group on that axis, e.g. `female` or `65+`.")
    operating_point: ShortText | None = Field(
        default=None, description="Operating point these results are for, if not the default."
    )
