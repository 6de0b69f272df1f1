"""Subgroup cautions: groups below the card's own criterion, clearly worse than overall, or too uncertain."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gmlp_cards.checks.finding import Finding, Level, Loc, points
from gmlp_cards.model import AnyMetric, EstimateMetric, MeanSDMetric, ModelCard, SingleMetric
from gmlp_cards.model.base import SubgroupDimension
from gmlp_cards.model.criteria import falls_short, judged_value
from gmlp_cards.model.direction import Direction
from gmlp_cards.model.formatting import n_text, shower
from gmlp_cards.model.performance import Bound, Study
from gmlp_cards.model.results import ResultRow, SubgroupResult

_JUDGED = (Direction.higher, Direction.lower_is_better)
"""Proportions with a better direction are judged (`model.direction`); prevalence and `other` have
none, and a lead time in hours has no percentage points to compare."""


@dataclass(frozen=True)
class CautionRules:
    """Thresholds in percentage points (0.05 AUROC counts as 5 points)."""

    margin_points: float = 5.0
    """A subgroup more than this far below the overall estimate is flagged as weaker."""
    max_half_width_points: float = 10.0
    """A subgroup interval with a half-width above this is too wide to conclude anything."""


class Reason(StrEnum):
    """Which rule a subgroup's metric breaks.

    below-criterion: it falls short of the card's own pre-specified acceptance criterion;
    worse-than-overall: it is worse than the overall result by more than the margin;
    too-uncertain: its interval is too wide, or missing, to conclude anything.
    """

    below_criterion = "below-criterion"
    worse_than_overall = "worse-than-overall"
    too_uncertain = "too-uncertain"


@dataclass(frozen=True)
class Caution:
    """One rule that one subgroup's metric breaks; `message` is worded for clinicians."""

    study_id: str
    loc: Loc
    dimension: SubgroupDimension
    group: str
    operating_point: str | None
    metric: str
    reason: Reason
    message: str
    stratum: bool = False
    """The row is a design stratum (cohort, arm), not a trait of patients."""

    @property
    def group_label(self) -> str:
        return f"{self.dimension.label}: {self.group}"


def subgroup_cautions(card: ModelCard, rules: CautionRules | None = None) -> list[Caution]:
    """Every caution in card order (study, subgroup row, metric, rule), so output is stable."""
    rules = rules or CautionRules()
    default_point = next((p.name for p in card.outputs.operating_points if p.default), None)
    found: list[Caution] = []
    for s, study in enumerate(card.performance.studies):
        for r, row in enumerate(study.subgroups):
            at_default = row.operating_point in (None, default_point)
            reference = (
                study.overall
                if at_default
                else next(
                    (o for o in study.by_operating_point if o.operating_point == row.operating_point), None
                )
            )
            for m, metric in enumerate(row.metrics):
                if (
                    isinstance(metric, MeanSDMetric)
                    or not metric.is_proportion
                    or metric.better not in _JUDGED
                ):
                    continue
                loc: Loc = ("performance", "studies", s, "subgroups", r, "metrics", m)
                found.extend(
                    Caution(
                        study.id,
                        loc,
                        row.dimension,
                        row.group,
                        row.operating_point,
                        metric.name,
                        reason,
                        message,
                        row.stratum,
                    )
                    for reason, message in _judge(study, row, metric, reference, at_default, rules)
                )
    return found


def _judge(
    study: Study,
    row: SubgroupResult,
    metric: EstimateMetric | SingleMetric,
    reference: ResultRow | None,
    at_default: bool,
    rules: CautionRules,
) -> list[tuple[Reason, str]]:
    name = metric.name
    factor = metric.scale.factor
    value = metric.value / factor
    setting = f", operating point {row.operating_point!r}" if row.operating_point else ""
    group = " × ".join(f"{d.label.lower()} {g!r}" for d, g in row.cells)
    where = f"{metric.title} in {group} (study {study.id}{setting}, {n_text(row.size)})"
    out: list[tuple[Reason, str]] = []
    lower = metric.lower / factor if isinstance(metric, EstimateMetric) and metric.lower is not None else None
    upper = metric.upper / factor if isinstance(metric, EstimateMetric) and metric.upper is not None else None
    higher_is_better = metric.better is Direction.higher
    # The acceptance criterion was pre-specified for the device as shipped, i.e. its default setting.
    # An endpoint is met when its stated quantity (lower bound or estimate) reaches the threshold, so
    # a subgroup is measured against it with that same quantity, never a stricter one.
    endpoint = (
        next(
            (e for e in study.endpoints if e.metric == name and e.analysis in (None, metric.analysis)),
            None,
        )
        if at_default and higher_is_better
        else None
    )
    if endpoint is not None:
        stated = judged_value(metric, endpoint.judged_on)
        if falls_short(metric, endpoint):
            on_bound = endpoint.judged_on is Bound.lower_bound and stated is not None
            judged = stated if stated is not None else value
            what = "the lower bound of its interval" if on_bound else "its estimate"
            out.append(
                (
                    Reason.below_criterion,
                    f"{where}: {what}, {_fmt(metric, judged)}, is below the card's own pre-specified "
                    f"acceptance criterion of {_fmt(metric, endpoint.limit or 0.0)}. The study does not "
                    "show the device meets its criterion in this group.",
                )
            )
    overall = reference.metric(name, metric.analysis) if reference is not None else None
    if overall is not None:
        whole = overall.value / overall.scale.factor
        gap = points(whole) - points(value) if higher_is_better else points(value) - points(whole)
        if gap > rules.margin_points:
            side = "lower" if higher_is_better else "higher, and lower is better here"
            out.append(
                (
                    Reason.worse_than_overall,
                    f"{where}: {_fmt(metric, value)} against {_fmt(metric, whole)} overall, "
                    f"{gap:.1f} points {side} (flagged above {rules.margin_points:g} points).",
                )
            )
    if lower is not None and upper is not None:
        half = (points(upper) - points(lower)) / 2
        if half > rules.max_half_width_points:
            out.append(
                (
                    Reason.too_uncertain,
                    f"{where}: the interval {_fmt(metric, lower)} to {_fmt(metric, upper)} is too wide "
                    f"to conclude how the device performs here (half-width {half:.1f} points, "
                    f"flagged above {rules.max_half_width_points:g}).",
                )
            )
    elif isinstance(metric, SingleMetric):
        out.append(
            (
                Reason.too_uncertain,
                f"{where}: {_fmt(metric, value)} is given without a confidence interval, so its "
                "uncertainty is unknown.",
            )
        )
    return out


def _fmt(metric: AnyMetric, proportion: float) -> str:
    """A number of `metric` (given as a 0..1 proportion) as the card states it: never rounded."""
    return shower(metric)(float(f"{proportion * metric.scale.factor:.10g}"))


def cautioned_groups(cautions: list[Caution]) -> list[tuple[SubgroupDimension, str]]:
    """Each flagged (dimension, group) once, in first-flagged order: what the patient view lists."""
    return list(dict.fromkeys((c.dimension, c.group) for c in cautions if not c.stratum))


def caution_findings(card: ModelCard, rules: CautionRules | None = None) -> list[Finding]:
    return [
        Finding(
            f"subgroup.{c.reason.value}",
            Level.warning,
            c.loc,
            c.message,
            f"Less is known about how well it works for people like you if you are in this "
            f"group: {c.group} ({c.dimension.label.lower()}).",
        )
        for c in subgroup_cautions(card, rules)
        if not c.stratum
    ] + [
        Finding(
            f"subgroup.{c.reason.value}",
            Level.warning,
            c.loc,
            c.message + " (A design stratum of the study, not a trait of patients.)",
        )
        for c in subgroup_cautions(card, rules)
        if c.stratum
    ]
