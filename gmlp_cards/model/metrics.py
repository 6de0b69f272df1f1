"""Typed performance values: a metric's name, scale, analysis, interval, source and explanation.

A metric checks what it can on its own (its range, its bounds, its own x of n); the row it sits in
checks it against the row's confusion counts (`gmlp_cards.model.results`). Both use one rule,
`gmlp_cards.model.recompute`, which also tells readers what was checked.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, Strict, WithJsonSchema, model_validator

from gmlp_cards.model.base import CardModel, Count, ShortText, Text, reading_schema
from gmlp_cards.model.direction import Better, Direction, direction_of
from gmlp_cards.model.intervals import IntervalMethod
from gmlp_cards.model.recompute import unexcused, verify
from gmlp_cards.model.vocabulary import Analysis, MetricName, Quantity, Scale, Sides

_COINED = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _metric_key(value: str) -> str:
    """A known name becomes its MetricName (so `is MetricName.sensitivity` holds); a coined one stays
    text, written in snake_case like the known ones."""
    if value in MetricName.__members__:
        return MetricName(value)
    if not _COINED.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a metric name: use a known one (sensitivity, specificity, ppv, npv, "
            "auroc, ...) or coin one in snake_case (letters, digits, _), e.g. imageability_rate"
        )
    return value


MetricKey = Annotated[
    str,
    AfterValidator(_metric_key),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": [m.value for m in MetricName]},
                {"type": "string", "pattern": _COINED.pattern},
            ]
        }
    ),
]
"""A metric name: a known `MetricName`, or (schema 2) a name of the card's own in snake_case."""


class Source(CardModel):
    """Where a number was read: a document and, as precisely as it allows, a table and a page."""

    document: ShortText = Field(description="The document, e.g. `FDA decision summary DEN180005`.")
    table: ShortText | None = Field(default=None, description="Table or figure, e.g. `Table 7`.")
    page: ShortText | None = Field(default=None, description="Page or pages, e.g. `12` or `12-13`.")


class Unreconciled(CardModel):
    """One discrepancy the maker could not reconcile, pinned to the numbers: if either changes, the
    check runs again."""

    quantity: Quantity = Field(description="`estimate`, `lower`, `upper` or `n`.")
    stated: float = Field(description="The number as the source states it (as in this metric).")
    recomputed: float = Field(description="The number the validator recomputes, as it reported it.")


class Explanation(CardModel):
    text: Text = Field(description="Why the numbers are as they are; shown wherever the number is.")
    unreconciled: list[Unreconciled] = Field(
        default_factory=list,
        description="Discrepancies the maker could not reconcile; each accepted only while its "
        "stated and recomputed numbers still hold.",
    )


class _MetricBase(CardModel):
    name: MetricKey = Field(
        description="What is measured: a known name or (schema 2) one of the card's own, which then "
        "needs `label`, `scale` and `direction`."
    )
    label: ShortText | None = Field(default=None, description="Display name; required for own names.")
    unit: ShortText | None = Field(
        default=None, description="Unit of a `value`-scale number, e.g. `minutes` or `points`."
    )
    scale: Scale = Field(
        default=Scale.proportion,
        description="`proportion` (0 to 1), `percent` (0 to 100), `percentage_points` (a difference "
        "of percentages) or `value` (a number in `unit`).",
    )
    direction: Better | None = Field(
        default=None, description="For an own name: `higher`, `lower`, `nearer_target` or `none`."
    )
    target: float | None = Field(default=None, description="The target of a `nearer_target` metric.")
    analysis: Analysis = Field(
        default=Analysis.observed,
        description="Which analysis the number comes from (observed, model_adjusted, worst_case, ...).",
    )
    n: Count | None = Field(default=None, description="Number of units the estimate is based on.")
    source: Source | None = Field(default=None, description="Where the number was read.")
    explanation: Text | Explanation | None = Field(
        default=None,
        description="The maker's note on the number; to accept a discrepancy it must list it under "
        "`unreconciled` (schema 1: plain text, which accepted any discrepancy of an estimate).",
    )

    @property
    def title(self) -> str:
        if self.label:
            return self.label
        return self.name.label if isinstance(self.name, MetricName) else self.name.replace("_", " ")

    @property
    def is_proportion(self) -> bool:
        """A share of units (0 to 1 or 0 to 100), shown in percent."""
        if isinstance(self.name, MetricName):
            return self.name.is_proportion  # schema 1's `other` was never range-checked
        return self.scale.is_share

    @property
    def better(self) -> Direction:
        return direction_of(self.name, self.direction)

    @property
    def key(self) -> tuple[str, Analysis]:
        """What may appear once in a row: a metric per analysis (`other` is told apart by label)."""
        return (self.label or "" if self.name is MetricName.other else self.name, self.analysis)

    @property
    def explanation_text(self) -> str | None:
        if isinstance(self.explanation, Explanation):
            return self.explanation.text
        return self.explanation

    @property
    def unreconciled(self) -> list[Unreconciled]:
        return self.explanation.unreconciled if isinstance(self.explanation, Explanation) else []

    @model_validator(mode="before")
    @classmethod
    def _schema1_adjusted(cls, data: Any) -> Any:
        # Schema 1 marked a model-adjusted estimate by its method; schema 2 by its analysis.
        if reading_schema() == 1 and isinstance(data, dict) and data.get("method") == "model_adjusted":
            return {"analysis": Analysis.model_adjusted.value, **data}
        return data

    def _check_name(self) -> None:
        schema = reading_schema()
        if self.name is MetricName.other:
            if schema >= 2:
                raise ValueError(
                    "schema 2 has no `other` metric: give the metric its own snake_case name with "
                    "`label`, `scale` and `direction`"
                )
            if not self.label:
                raise ValueError("a metric named `other` needs a `label` saying what it measures")
            return
        if isinstance(self.name, MetricName):
            if self.direction is not None:
                raise ValueError(
                    f"{self.name} has a known direction ({self.better.value}); remove `direction`"
                )
            return
        if schema < 2:
            raise ValueError(f"{self.name!r} is not a schema 1 metric name (set schema_version: 2)")
        missing = [f for f in ("label", "direction") if getattr(self, f) is None]
        if "scale" not in self.model_fields_set:
            missing.append("scale")
        if missing:
            needs = ", ".join(f"`{m}`" for m in missing)
            raise ValueError(f"metric {self.name!r} is not a known name, so it needs {needs}")
        if self.scale is Scale.value and self.unit is None:
            raise ValueError(f"metric {self.name!r} has scale `value`, so it needs a `unit`")
        if (self.direction is Better.nearer_target) != (self.target is not None):
            raise ValueError("`target` goes with `direction: nearer_target`, and only with it")

    def _check_range(self, field: str, value: float | None) -> None:
        if value is None:
            return
        if self.is_proportion:
            top = self.scale.factor
            if not 0 <= value <= top:
                hint = "; for percentages add `scale: percent`" if top == 1 and 0 <= value <= 100 else ""
                raise ValueError(f"{field} {value} is outside 0..{top:g} for a {self.scale.value}{hint}")
        elif self.scale is Scale.percentage_points and not -100 <= value <= 100:
            raise ValueError(f"{field} {value} is outside -100..100 percentage points")


class _Interval(CardModel):
    """A confidence interval: its bounds, their sides and level, and how it was computed."""

    lower: float | None = Field(default=None, description="Lower confidence bound.")
    upper: float | None = Field(default=None, description="Upper confidence bound.")
    level: float = Field(default=0.95, gt=0, lt=1, description="Confidence level, e.g. 0.95.")
    sides: Sides | None = Field(
        default=None,
        description="`two_sided`, or a one-sided `lower` or `upper` bound (whose level is one-sided); "
        "schema 2 requires it when only one bound is given.",
    )
    # intervals.IntervalMethod is not a CardEnum (it knows nothing of the card model): from its text.
    method: Annotated[IntervalMethod, Strict(False)] | None = Field(
        default=None,
        description="How the interval was computed; wilson, clopper_pearson, wald, agresti_coull and "
        "jeffreys are recomputed from counts, t from mean, SD and n, hanley_mcneil from the row's "
        "counts; other methods are shown as stated.",
    )
    cluster: ShortText | None = Field(
        default=None,
        description="The unit the interval accounts for clustering by, e.g. `patient` for lesions of one "
        "patient (a clustered bootstrap, or a Wilson interval adjusted for within-patient correlation); "
        "such an interval is not recomputed from plain counts.",
    )
    se: float | None = Field(default=None, ge=0, description="Standard error, as the source states it.")
    p_value: float | None = Field(default=None, ge=0, le=1, description="p-value, as the source states it.")

    @property
    def interval_sides(self) -> Sides:
        if self.sides is not None:
            return self.sides
        return Sides.two_sided

    @property
    def one_sided(self) -> bool:
        return self.interval_sides is not Sides.two_sided

    def _check_interval(self, point: float) -> None:
        schema = reading_schema()
        if self.lower is not None and self.lower > point:
            raise ValueError(f"lower bound {self.lower} is above the estimate {point}")
        if self.upper is not None and point > self.upper:
            raise ValueError(f"upper bound {self.upper} is below the estimate {point}")
        sides, given = self.sides, (self.lower is not None, self.upper is not None)
        if sides is None and schema >= 2 and given in ((True, False), (False, True)):
            which = "lower" if given[0] else "upper"
            raise ValueError(
                f"only the {which} bound is given: say `sides: {which}` for a one-sided bound, or give "
                "both ends of the two-sided interval"
            )
        wanted = {Sides.lower_only: (True, False), Sides.upper_only: (False, True)}
        if sides in wanted and given != wanted[sides]:
            raise ValueError(f"`sides: {sides.value}` takes the {sides.value} bound alone")
        if sides is Sides.two_sided and given != (True, True):
            raise ValueError("`sides: two_sided` needs both `lower` and `upper`")
        method = self.method
        if method is IntervalMethod.model_adjusted and schema >= 2:
            raise ValueError(
                "`model_adjusted` is an analysis, not an interval method: write "
                "`analysis: model_adjusted` and the interval's method (or `not_stated`)"
            )
        if method is IntervalMethod.clustered_bootstrap and self.cluster is None and schema >= 2:
            raise ValueError("a clustered bootstrap needs `cluster`: the unit resampled, e.g. patient")


class EstimateMetric(_Interval, _MetricBase):
    """A point estimate with a confidence interval (two-sided, or a one-sided bound)."""

    kind: Literal["estimate"] = Field(description="Tag: an estimate with an interval.")
    estimate: float = Field(description="The point estimate, on the declared scale.")
    x: Count | None = Field(default=None, description="Successes: the estimate is x of n (with `n`).")

    @model_validator(mode="after")
    def _ordered(self) -> EstimateMetric:
        self._check_name()
        for field in ("estimate", "lower", "upper"):
            self._check_range(field, getattr(self, field))
        if self.lower is None and self.upper is None:
            raise ValueError("an estimate needs at least one confidence bound (lower or upper)")
        if self.method is None:
            raise ValueError("an estimate needs `method`: how its interval was computed (or not_stated)")
        self._check_interval(self.estimate)
        _own_checks(self)
        return self

    @property
    def value(self) -> float:
        return self.estimate


class SingleMetric(_MetricBase):
    """A single value without an interval (e.g. a count-free rate quoted by a source)."""

    kind: Literal["single"] = Field(description="Tag: a single value without interval.")
    value: float = Field(description="The value, on the declared scale.")
    x: Count | None = Field(default=None, description="Successes: the value is x of n (with `n`).")

    @model_validator(mode="after")
    def _in_range(self) -> SingleMetric:
        self._check_name()
        self._check_range("value", self.value)
        _own_checks(self)
        return self


class MeanSDMetric(_Interval, _MetricBase):
    """A mean with its standard deviation (e.g. lead time), and optionally its interval."""

    kind: Literal["mean_sd"] = Field(description="Tag: a mean with standard deviation.")
    mean: float = Field(description="The mean.")
    sd: float = Field(ge=0, description="The standard deviation.")

    @model_validator(mode="after")
    def _in_range(self) -> MeanSDMetric:
        self._check_name()
        self._check_range("mean", self.mean)
        if (self.lower is not None or self.upper is not None) and self.method is None:
            raise ValueError("an interval needs `method` (t, bootstrap, ... or not_stated)")
        self._check_interval(self.mean)
        _own_checks(self)
        return self

    @property
    def value(self) -> float:
        return self.mean


AnyMetric = EstimateMetric | SingleMetric | MeanSDMetric
Metric = Annotated[AnyMetric, Field(discriminator="kind")]


def _own_checks(metric: AnyMetric) -> None:
    problems = unexcused(metric, verify(metric, None))
    if problems:
        raise ValueError("; ".join(problems))
