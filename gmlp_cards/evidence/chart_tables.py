"""The facts each chart draws, as tables: every chart of gmlp_cards.render.charts has its table here.

Pure pandas over the card model. The leaflet shows these tables after each chart, for non-visual
readers, and the charts draw from the same points, so a figure and its table never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from gmlp_cards.model import (
    Dataset,
    Distribution,
    EstimateMetric,
    MeanSDMetric,
    MetricName,
    ModelCard,
    SingleMetric,
    Study,
    SubgroupDimension,
    SubgroupResult,
    semver_key,
)
from gmlp_cards.model.criteria import falls_short
from gmlp_cards.model.monitoring import MonitoredMetric
from gmlp_cards.model.performance import Endpoint

FALLBACK_METRICS = (MetricName.sensitivity, MetricName.specificity, MetricName.auroc)


FOREST_COLUMNS = [
    "Dimension",
    "Group",
    "n",
    "Estimate",
    "Lower",
    "Upper",
    "Interval method",
    "Small group",
    "Below criterion",
]


MONITORING_COLUMNS = [
    "Period end",
    "Metric",
    "Value",
    "Lower",
    "Upper",
    "n",
    "Threshold",
    "Breached",
    "Acceptable when",
]


HISTORY_COLUMNS = ["Version", "Release date", "Status", "Change types", "Summary", "Within PCCP"]


INTENDED_POPULATION = "Intended population"


FIRST_VERSION = "First version"


NO_INTERVAL = "none stated"


DIRECTION_WORDS = {"at_least": "at least", "at_most": "at most"}


def primary_metrics(study: Study) -> list[str]:
    """The study's endpoint metrics in order, else whichever of sensitivity, specificity, AUROC it reports."""
    endpoint_metrics: list[str] = []
    for endpoint in study.endpoints:
        if endpoint.metric not in endpoint_metrics:
            endpoint_metrics.append(endpoint.metric)
    if endpoint_metrics:
        return endpoint_metrics
    return [name for name in FALLBACK_METRICS if study.overall.metric(name) is not None]


@dataclass(frozen=True)
class ChartPoint:
    """One metric as proportions (0..1 for proportion metrics), whatever scale the card used."""

    estimate: float
    lower: float | None
    upper: float | None
    method: str
    n: int | None
    level: float | None = None
    short_of_criterion: bool = False
    """The study's endpoint on this metric is not shown met in this row (`model.criteria`)."""


def chart_point(
    metric: EstimateMetric | SingleMetric | MeanSDMetric,
    row_n: int | None,
    denominator: int | None,
    endpoint: Endpoint | None = None,
) -> ChartPoint:
    factor = metric.scale.factor
    # The n an estimate rests on is its own denominator (e.g. positives for sensitivity), which
    # is what makes it precise or not; the row's n is the fallback when the card gives neither.
    n = metric.n if metric.n is not None else denominator if denominator is not None else row_n
    short = endpoint is not None and falls_short(metric, endpoint)
    if isinstance(metric, EstimateMetric):
        return ChartPoint(
            metric.estimate / factor,
            None if metric.lower is None else metric.lower / factor,
            None if metric.upper is None else metric.upper / factor,
            metric.method.value if metric.method is not None else NO_INTERVAL,
            n,
            metric.level,
            short,
        )
    return ChartPoint(metric.value / factor, None, None, NO_INTERVAL, n, None, short)


def endpoint_for(study: Study, metric: str) -> Endpoint | None:
    return next((e for e in study.endpoints if e.metric == metric), None)


def endpoint_threshold(study: Study, metric: str) -> float | None:
    endpoint = endpoint_for(study, metric)
    return None if endpoint is None else endpoint.limit


def subgroup_points(study: Study, metric: str) -> list[tuple[SubgroupResult, ChartPoint]]:
    """Subgroup rows with this metric: dimensions in the model's fixed order, the card's order within."""
    order = {dimension: index for index, dimension in enumerate(SubgroupDimension)}
    endpoint = endpoint_for(study, metric)
    found = []
    for position, row in enumerate(study.subgroups):
        value = row.metric(metric)
        if value is None:
            continue
        fraction = row.counts.fraction(metric) if row.counts is not None else None
        found.append(
            (
                order[row.dimension],
                position,
                row,
                chart_point(
                    value,
                    row.size,
                    fraction[1] if fraction else None,
                    endpoint if row.operating_point is None else None,
                ),
            )
        )
    found.sort(key=lambda item: (item[0], item[1]))
    return [(row, point) for _, _, row, point in found]


def group_name(row: SubgroupResult) -> str:
    """The row's group, with the groups it is crossed with and its operating point, if any."""
    name = row.group + "".join(f" × {d.label.lower()} {g}" for d, g in row.cells[1:])
    if row.operating_point is None:
        return name
    return f"{name} (operating point: {row.operating_point})"


def forest_table(study: Study, metric: str, *, small_n: int = 50) -> pd.DataFrame:
    """The forest plot as a table: one row per subgroup result for `metric`, values as proportions.

    `Below criterion` is true when the number the study's endpoint on this metric is judged on (its
    lower bound or its estimate, `model.criteria.falls_short`) is under the threshold; false when
    there is no endpoint.
    """
    records = []
    for row, point in subgroup_points(study, metric):
        records.append(
            {
                "Dimension": row.dimension.label,
                "Group": group_name(row),
                "n": point.n,
                "Estimate": point.estimate,
                "Lower": math.nan if point.lower is None else point.lower,
                "Upper": math.nan if point.upper is None else point.upper,
                "Interval method": point.method.replace("_", " "),
                "Small group": point.n is None or point.n < small_n,
                "Below criterion": point.short_of_criterion,
            }
        )
    table = pd.DataFrame.from_records(records, columns=FOREST_COLUMNS)
    return table.astype(
        {
            "n": "Int64",  # nullable: a subgroup's n may be not stated
            "Estimate": "float64",
            "Lower": "float64",
            "Upper": "float64",
            "Small group": "bool",
            "Below criterion": "bool",
        }
    )


def demographic_sources(card: ModelCard) -> list[tuple[str, list[Distribution]]]:
    """(column name, distributions) for every dataset and the intended population, names kept unique."""
    sources: list[tuple[str, list[Distribution]]] = []
    seen: set[str] = set()

    def add(prefix: str, datasets: Iterable[Dataset]) -> None:
        for dataset in datasets:
            name, copy = f"{prefix}: {dataset.name}", 2
            while name in seen:  # two datasets may share a name; a column may not
                name, copy = f"{prefix}: {dataset.name} ({copy})", copy + 1
            seen.add(name)
            sources.append((name, list(dataset.demographics)))

    add("Training", card.data.training_sets)
    add("Test", card.data.test)
    sources.append((INTENDED_POPULATION, list(card.data.intended_population.demographics)))
    return sources


def demographic_dimensions(card: ModelCard) -> list[SubgroupDimension]:
    """Dimensions reported by any dataset or the intended population, in the model's fixed order."""
    present = {d.dimension for _, distributions in demographic_sources(card) for d in distributions}
    return [dimension for dimension in SubgroupDimension if dimension in present]


def demographics_table(card: ModelCard, dimension: SubgroupDimension) -> pd.DataFrame:
    """Percent per group and source; NaN where a source does not report a group (not zero: unknown)."""
    columns: dict[str, dict[str, float]] = {}
    groups: list[str] = []
    for name, distributions in demographic_sources(card):
        shares = {}
        for distribution in distributions:
            if distribution.dimension is dimension:
                shares = {share.group: share.percent for share in distribution.shares}
                break
        columns[name] = shares
        groups.extend(group for group in shares if group not in groups)
    data: dict[str, list[object]] = {"Group": list(groups)}
    for name, shares in columns.items():
        data[name] = [shares.get(group, math.nan) for group in groups]
    table = pd.DataFrame(data)
    return table.astype({name: "float64" for name in columns})


def watched(card: ModelCard, metric: str) -> MonitoredMetric | None:
    return next((m for m in card.monitoring.metrics if m.metric is metric), None)


def monitoring_table(card: ModelCard) -> pd.DataFrame:
    """Every real-world snapshot, oldest first, with its threshold and whether it breached it."""
    order = {m.metric: index for index, m in enumerate(card.monitoring.metrics)}
    snapshots = sorted(
        card.monitoring.snapshots, key=lambda s: (s.period_end, order.get(s.metric, len(order)))
    )
    records = []
    for snapshot in snapshots:
        watch = watched(card, snapshot.metric)
        records.append(
            {
                "Period end": snapshot.period_end,
                "Metric": snapshot.metric.label,
                "Value": snapshot.value,
                "Lower": math.nan if snapshot.lower is None else snapshot.lower,
                "Upper": math.nan if snapshot.upper is None else snapshot.upper,
                "n": snapshot.n,
                "Threshold": math.nan if watch is None else watch.threshold,
                "Breached": watch is not None and watch.breached(snapshot.value),
                "Acceptable when": ""
                if watch is None
                else f"{DIRECTION_WORDS[watch.direction.value]} {watch.threshold:g}",
            }
        )
    table = pd.DataFrame.from_records(records, columns=MONITORING_COLUMNS)
    return table.astype(
        {
            "Value": "float64",
            "Lower": "float64",
            "Upper": "float64",
            "n": "int64",
            "Threshold": "float64",
            "Breached": "bool",
        }
    )


def by_version(cards: Sequence[ModelCard]) -> list[ModelCard]:
    return sorted(cards, key=lambda card: semver_key(card.version))


def change_words(card: ModelCard) -> str:
    notice = card.change_notice
    if notice is None:
        return FIRST_VERSION.lower()
    return ", ".join(t.label for t in notice.change_types)


def history_table(cards: Sequence[ModelCard]) -> pd.DataFrame:
    """One row per version, oldest first; `Within PCCP` is empty (NA) for a version with no notice."""
    records = []
    for card in by_version(cards):
        notice = card.change_notice
        records.append(
            {
                "Version": card.version,
                "Release date": card.identity.release_date,
                "Status": card.identity.status.value,
                "Change types": change_words(card),
                "Summary": FIRST_VERSION if notice is None else notice.summary,
                "Within PCCP": pd.NA if notice is None else notice.within_pccp,
            }
        )
    table = pd.DataFrame.from_records(records, columns=HISTORY_COLUMNS)
    return table.astype({"Within PCCP": "boolean"})
