"""Rows of results: n, optional confusion counts, and metrics that must agree with them."""

from __future__ import annotations

from pydantic import Field, model_validator

from gmlp_cards.model.base import CardModel, Count, ShortText, SubgroupDimension
from gmlp_cards.model.metrics import AnyMetric, Metric, Source
from gmlp_cards.model.not_stated import OrNotStated
from gmlp_cards.model.recompute import stale_entries, unexcused, verify
from gmlp_cards.model.vocabulary import Analysis, MetricName


class Confusion(CardModel):
    """Confusion-matrix counts against the reference standard."""

    tp: Count = Field(description="True positives.")
    fp: Count = Field(description="False positives.")
    fn: Count = Field(description="False negatives.")
    tn: Count = Field(description="True negatives.")

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    def fraction(self, name: str) -> tuple[int, int] | None:
        """(successes, denominator) that define `name`, or None when counts do not define it."""
        return {
            MetricName.sensitivity: (self.tp, self.tp + self.fn),
            MetricName.specificity: (self.tn, self.tn + self.fp),
            MetricName.ppv: (self.tp, self.tp + self.fp),
            MetricName.npv: (self.tn, self.tn + self.fn),
            MetricName.accuracy: (self.tp + self.tn, self.total),
            MetricName.prevalence: (self.tp + self.fn, self.total),
        }.get(MetricName(name) if name in MetricName.__members__ else MetricName.other)


DERIVED_FROM_COUNTS = (MetricName.sensitivity, MetricName.specificity, MetricName.ppv, MetricName.npv)


def check_against_counts(metric: AnyMetric, counts: Confusion) -> list[str]:
    """Sentences for every way `metric` disagrees with `counts` beyond rounding and its explanation
    does not account for; [] when it agrees. Only what the declared method allows is checked."""
    found = verify(metric, counts)
    return unexcused(metric, found) + stale_entries(metric, found)


class ResultRow(CardModel):
    """Results for one population: n, optional confusion counts, and metrics that must agree with them."""

    n: Count = Field(description="Number of units of analysis in this row.")
    counts: Confusion | None = Field(
        default=None, description="Confusion-matrix counts; when given, metrics are checked against them."
    )
    metrics: list[Metric] = Field(default_factory=list, description="Estimates for this row.")
    source: Source | None = Field(default=None, description="Where this row's n and counts were read.")

    @property
    def size(self) -> int | None:
        """The row's n, or None when the source does not state it."""
        return self.n if isinstance(self.n, int) else None

    @model_validator(mode="after")
    def _consistent(self) -> ResultRow:
        keys = [m.key for m in self.metrics]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(
                "; ".join(
                    f"metric {name} is given more than once"
                    + ("" if analysis is Analysis.observed else f" for the {analysis.label} analysis")
                    + " (give each analysis its own `analysis:`)"
                    for name, analysis in repeated
                )
            )
        problems: list[str] = []
        if self.counts is not None and self.size is not None and self.counts.total != self.size:
            problems.append(f"n is {self.size} but the counts add up to {self.counts.total}")
        for metric in self.metrics:
            if self.counts is not None:
                problems.extend(check_against_counts(metric, self.counts))
            else:
                problems.extend(stale_entries(metric, verify(metric, None)))
        if problems:
            raise ValueError("; ".join(dict.fromkeys(problems)))
        return self

    def metric(self, name: str, analysis: Analysis | None = None) -> AnyMetric | None:
        """The row's `name` metric: of `analysis`, or else the observed one, or else the first."""
        found = [m for m in self.metrics if m.name == name]
        if analysis is not None:
            return next((m for m in found if m.analysis is analysis), None)
        return next((m for m in found if m.analysis is Analysis.observed), found[0] if found else None)


class SubgroupCell(CardModel):
    dimension: SubgroupDimension = Field(description="Another axis this row is crossed with.")
    group: ShortText = Field(description="The group on that axis.")


class SubgroupResult(ResultRow):
    """One row of a subgroup table: a dimension, a group within it, and its results."""

    n: OrNotStated[Count] = Field(  # type: ignore[assignment]  # a subgroup's n may be unknown
        description="Number of units in this row, or `{not_stated: why}` when the source does not give it."
    )
    dimension: SubgroupDimension = Field(description="The axis of the breakdown (sex, age band, ...).")
    group: ShortText = Field(description="The group on that axis, e.g. `female` or `65+`.")
    crossed_with: list[SubgroupCell] = Field(
        default_factory=list,
        description="Further axes this row combines, e.g. a cohort crossed with a site type.",
    )
    stratum: bool = Field(
        default=False,
        description="True for a design stratum (enrolment cohort, study arm, enrichment stratum): a "
        "part of the study design, not a trait of patients, so never shown as 'people like you'.",
    )
    operating_point: ShortText | None = Field(
        default=None, description="Operating point these results are for, if not the default."
    )

    @property
    def cells(self) -> list[tuple[SubgroupDimension, str]]:
        return [(self.dimension, self.group), *((c.dimension, c.group) for c in self.crossed_with)]

    @property
    def title(self) -> str:
        """`Sex: female`, or crossed `Cohort: enriched × Site type: primary care`."""
        return " × ".join(f"{d.label}: {g}" for d, g in self.cells)
