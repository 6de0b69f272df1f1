"""Facts derived from a card's numbers: endpoints met or not, tables of results.

Pure functions over the card model; renderers and the HTML export both read these, so the screen and
the printed leaflet can never disagree about what the numbers say.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gmlp_cards.evidence import chart_tables
from gmlp_cards.model import EstimateMetric, MeanSDMetric, MetricName, ModelCard, SingleMetric
from gmlp_cards.model.criteria import judged_value
from gmlp_cards.model.formatting import interval_text
from gmlp_cards.model.performance import Study

AnyMetric = EstimateMetric | SingleMetric | MeanSDMetric
"""Subgroups with fewer units than this are flagged as uncertain whatever their estimate."""


def fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def describe(metric: AnyMetric) -> str:
    """One metric in words: `0.900 (95% CI 0.851 to 0.934; wilson), n = 200`."""
    if isinstance(metric, EstimateMetric):
        interval = interval_text(metric.lower, metric.upper, metric.level, fmt)
        text = f"{fmt(metric.estimate)} ({interval}; {metric.method.value.replace('_', ' ')})"
    elif isinstance(metric, MeanSDMetric):
        text = f"mean {fmt(metric.mean)} (SD {fmt(metric.sd)})"
    else:
        text = f"{fmt(metric.value)} (no interval given)"
    if metric.scale.value == "percent":
        text += " %"
    return text + (f", n = {metric.n}" if metric.n is not None else "")


@dataclass(frozen=True)
class EndpointResult:
    """A pre-specified endpoint judged against the card's own numbers."""

    study_id: str
    metric: str
    threshold: float
    judged_on: str
    value: float | None
    met: bool | None  # None: the card lacks the number the endpoint is judged on

    @property
    def verdict(self) -> str:
        return {True: "met", False: "not met", None: "cannot be judged"}[self.met]


def endpoint_results(study: Study) -> list[EndpointResult]:
    results: list[EndpointResult] = []
    for endpoint in study.endpoints:
        metric = study.overall.metric(endpoint.metric)
        value = judged_value(metric, endpoint.judged_on)
        met = None if value is None else value >= endpoint.threshold
        results.append(
            EndpointResult(
                study.id, endpoint.metric.label, endpoint.threshold, endpoint.judged_on.value, value, met
            )
        )
    return results


def endpoints_table(study: Study) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Metric": r.metric,
                "Judged on": r.judged_on,
                "Threshold": fmt(r.threshold),
                "Value": fmt(r.value),
                "Result": r.verdict,
            }
            for r in endpoint_results(study)
        ],
        columns=["Metric", "Judged on", "Threshold", "Value", "Result"],
    )


def metrics_table(metrics: list[AnyMetric]) -> pd.DataFrame:
    rows = []
    for m in metrics:
        lower = m.lower if isinstance(m, EstimateMetric) else None
        upper = m.upper if isinstance(m, EstimateMetric) else None
        rows.append(
            {
                "Metric": m.title,
                "Estimate": fmt(m.value),
                "Lower": fmt(lower),
                "Upper": fmt(upper),
                "n": "" if m.n is None else str(m.n),
                "Interval method": m.method.value if isinstance(m, EstimateMetric) else "",
                "Note": (m.explanation or "") if isinstance(m, EstimateMetric) else "",
            }
        )
    return pd.DataFrame(
        rows, columns=["Metric", "Estimate", "Lower", "Upper", "n", "Interval method", "Note"]
    )


def primary_metric_names(study: Study) -> list[MetricName]:
    """The metrics a study is judged on: the same choice the forest plots make."""
    return chart_tables.primary_metrics(study)


def subgroup_table(study: Study) -> pd.DataFrame:
    """One row per subgroup row of the card, with every estimate it carries."""
    names = list(dict.fromkeys(m.name for row in study.subgroups for m in row.metrics))
    rows = []
    for row in study.subgroups:
        cells: dict[str, str] = {
            "Dimension": row.dimension.label,
            "Group": row.group,
            "Operating point": row.operating_point or "",
            "n": str(row.n),
        }
        for name in names:
            m = row.metric(name)
            cells[name.label] = describe(m) if m is not None else "—"
        rows.append(cells)
    return pd.DataFrame(
        rows, columns=["Dimension", "Group", "Operating point", "n", *[n.label for n in names]]
    )


def risk_band_table(study: Study) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Band": b.band,
                "n": b.n,
                "With the condition": b.events,
                "Share with the condition": fmt(b.events / b.n if b.n else None),
            }
            for b in study.risk_bands
        ],
        columns=["Band", "n", "With the condition", "Share with the condition"],
    )


def reader_table(study: Study) -> pd.DataFrame:
    reader = study.reader_study
    if reader is None:
        return pd.DataFrame()
    aided = {m.name: m for m in reader.aided}
    rows = [
        {
            "Metric": m.title,
            "Readers alone": describe(m),
            "Readers with the device": describe(aided[m.name]) if m.name in aided else "—",
        }
        for m in reader.unaided
    ]
    return pd.DataFrame(rows, columns=["Metric", "Readers alone", "Readers with the device"])


def population_table(card: ModelCard) -> pd.DataFrame:
    """Training and test shares per group beside the intended population's, in percent."""
    columns: dict[tuple[str, str], dict[str, float]] = {}
    sources = chart_tables.demographic_sources(card)  # one reader: column names kept unique
    for label, distributions in sources:
        for dist in distributions:
            for share in dist.shares:
                columns.setdefault((dist.dimension.label, share.group), {})[label] = share.percent
    labels = [label for label, _ in sources]
    rows = [
        {
            "Dimension": dim,
            "Group": group,
            **{label: fmt(values.get(label), 1) if label in values else "—" for label in labels},
        }
        for (dim, group), values in columns.items()
    ]
    return pd.DataFrame(rows, columns=["Dimension", "Group", *labels])


def snapshots_table(card: ModelCard) -> pd.DataFrame:
    thresholds = {m.metric: m for m in card.monitoring.metrics}
    rows = []
    for s in card.monitoring.snapshots:
        watched = thresholds[s.metric]
        rows.append(
            {
                "Period end": s.period_end.isoformat(),
                "Metric": s.metric.label,
                "Value": fmt(s.value),
                "Lower": fmt(s.lower),
                "Upper": fmt(s.upper),
                "n": s.n,
                "Threshold": f"{watched.direction.value.replace('_', ' ')} {fmt(watched.threshold)}",
                "Within threshold": "no" if watched.breached(s.value) else "yes",
            }
        )
    return pd.DataFrame(
        rows,
        columns=["Period end", "Metric", "Value", "Lower", "Upper", "n", "Threshold", "Within threshold"],
    )
