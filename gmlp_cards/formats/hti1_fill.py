"""How each HTI-1 source attribute is filled from a card: the `Attribute` record and the fillers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from gmlp_cards.checks.independence import is_external
from gmlp_cards.evidence.results import describe
from gmlp_cards.model import ModelCard
from gmlp_cards.model.formatting import interval_text, monitored_text, n_text, shower
from gmlp_cards.model.metrics import EstimateMetric, MeanSDMetric, SingleMetric
from gmlp_cards.model.monitoring import MonitoredMetric, Snapshot
from gmlp_cards.model.performance import Study
from gmlp_cards.model.results import ResultRow
from gmlp_cards.model.vocabulary import Quantity

NOT_PROVIDED = "not provided"
NOT_IN_SOURCE = "not stated in the source"
"""What a transcribed card (not issued by the maker) says where its public source is silent."""

Filler = Callable[[ModelCard], str | None]


@dataclass(frozen=True)
class Attribute:
    id: str
    title: str
    fields: tuple[str, ...]
    fill: Filler


def bullet_lines(items: Sequence[str]) -> str | None:
    return "\n".join(f"- {i}" for i in items) or None


def metric_text(metric: EstimateMetric | SingleMetric | MeanSDMetric) -> str:
    """The metric written the one way every view writes it (`evidence.results.describe`), note included,
    and each discrepancy the maker could not reconcile, in the metric's own units."""
    show = shower(metric)
    pinned = [
        f"{e.quantity.value} stated {n_text(int(e.stated)) if e.quantity is Quantity.n else show(e.stated)}, "
        f"recomputed {n_text(int(e.recomputed)) if e.quantity is Quantity.n else show(e.recomputed)}"
        for e in metric.unreconciled
    ]
    return f"{metric.title} {describe(metric)}" + (f" (unreconciled: {'; '.join(pinned)})" if pinned else "")


def row_text(row: ResultRow) -> str:
    return "; ".join(metric_text(m) for m in row.metrics) + f" ({n_text(row.size)})"


def studies_of(card: ModelCard, external: bool) -> list[Study]:
    return [s for s in card.performance.studies if is_external(card, s) is external]


def validity_text(card: ModelCard, external: bool) -> str | None:
    return bullet_lines(
        [f"{s.title} ({s.unit_of_analysis.value}): {row_text(s.overall)}" for s in studies_of(card, external)]
    )


def fairness_text(card: ModelCard, external: bool) -> str | None:
    return bullet_lines(
        [
            f"{s.title}: {r.dimension.label} {r.group}: {row_text(r)}"
            for s in studies_of(card, external)
            for r in s.subgroups
        ]
    )


def shares_text(card: ModelCard, role: str) -> str | None:
    datasets = card.data.training_sets if role == "training" else card.data.test
    lines = [
        f"{d.name}, {x.dimension.label}: " + ", ".join(f"{s.group} {s.percent:g}%" for s in x.shares)
        for d in datasets
        for x in d.demographics
    ]
    if role == "training":
        lines += [
            f"Intended population, {x.dimension.label}: "
            + ", ".join(f"{s.group} {s.percent:g}%" for s in x.shares)
            for x in card.data.intended_population.demographics
        ]
    return bullet_lines(lines)


def developer_text(card: ModelCard) -> str:
    maker = card.identity.manufacturer
    parts = [maker.name, maker.contact_email, maker.website, maker.address]
    return "; ".join(p for p in parts if p)


def watched_text(watched: MonitoredMetric) -> str:
    """`Sensitivity: at least 65%, monthly`, the threshold on the metric's own scale."""
    direction = watched.direction.label
    threshold = monitored_text(watched.metric, watched.threshold)
    return f"{watched.metric.label}: {direction} {threshold}, {watched.frequency}"


def snapshot_text(snapshot: Snapshot) -> str:
    """`Period ending 2024-01-31: Sensitivity 62% (95% CI 55% to 69%), n = 180`."""
    show = partial(monitored_text, snapshot.metric)
    interval = (
        f" ({interval_text(snapshot.lower, snapshot.upper, 0.95, show)})"
        if snapshot.lower is not None or snapshot.upper is not None
        else ""
    )
    return (
        f"Period ending {snapshot.period_end.isoformat()}: {snapshot.metric.label} "
        f"{show(snapshot.value)}{interval}, {n_text(snapshot.n)}"
    )
