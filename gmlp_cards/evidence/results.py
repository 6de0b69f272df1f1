"""Facts derived from a card's numbers: endpoints met or not, tables of results.

Pure functions over the card model; renderers and the HTML export both read these, so the screen and
the printed leaflet can never disagree about what the numbers say.
"""

from __future__ import annotations

import pandas as pd

from gmlp_cards.evidence import chart_tables
from gmlp_cards.evidence.described import (  # noqa: F401 (re-exported: the one wording of a number)
    EndpointResult,
    checked_text,
    describe,
    endpoint_results,
)
from gmlp_cards.model import EstimateMetric, MeanSDMetric, ModelCard, SingleMetric
from gmlp_cards.model.formatting import method_text, metric_interval, shower
from gmlp_cards.model.performance import Study
from gmlp_cards.model.vocabulary import Analysis

AnyMetric = EstimateMetric | SingleMetric | MeanSDMetric
"""Subgroups with fewer units than this are flagged as uncertain whatever their estimate."""


def fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def endpoints_table(study: Study) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Metric": r.metric,
                "Judged on": r.judged_on,
                "Threshold": r.threshold,
                "Value": fmt(r.value),
                "Result": r.verdict,
            }
            for r in endpoint_results(study)
        ],
        columns=["Metric", "Judged on", "Threshold", "Value", "Result"],
    )


def metrics_table(metrics: list[AnyMetric], counts: object | None = None) -> pd.DataFrame:
    """Every metric of a row with its analysis, interval, method, what was checked and its note."""
    rows = []
    for m in metrics:
        show = shower(m)
        rows.append(
            {
                "Metric": m.title,
                "Analysis": m.analysis.label,
                "Estimate": show(m.value),
                "Interval": metric_interval(m),
                "n": _n_cell(m),
                "Interval method": method_text(m),
                "Checked": checked_text(m, counts),
                "Note": m.explanation_text or "",
            }
        )
    return pd.DataFrame(rows, columns=list(METRICS_COLUMNS))


def _n_cell(metric: AnyMetric) -> str:
    x: int | None = getattr(metric, "x", None)
    if metric.n is None:
        return ""
    return str(metric.n) if x is None else f"{x} of {metric.n}"


METRICS_COLUMNS = ("Metric", "Analysis", "Estimate", "Interval", "n", "Interval method", "Checked", "Note")


def primary_metric_names(study: Study) -> list[str]:
    """The metrics a study is judged on: the same choice the forest plots make."""
    return chart_tables.primary_metrics(study)


def subgroup_table(study: Study) -> pd.DataFrame:
    """One row per subgroup row of the card, with every estimate it carries."""
    # One column per metric and analysis: every number of every row has a place (none dropped).
    keys: dict[tuple[str, Analysis], str] = {}
    for row in study.subgroups:
        for m in row.metrics:
            suffix = "" if m.analysis is Analysis.observed else f" ({m.analysis.label})"
            keys.setdefault(m.key, m.title + suffix)
    rows = []
    for row in study.subgroups:
        cells: dict[str, str] = {
            "Dimension": " × ".join(d.label for d, _ in row.cells),
            "Group": " × ".join(g for _, g in row.cells) + (" (design stratum)" if row.stratum else ""),
            "Operating point": row.operating_point or "",
            "n": "not stated" if row.size is None else str(row.size),
        }
        by_key = {m.key: m for m in row.metrics}
        for key, title in keys.items():
            found = by_key.get(key)
            cells[title] = describe(found) if found is not None else "—"
        rows.append(cells)
    return pd.DataFrame(rows, columns=["Dimension", "Group", "Operating point", "n", *keys.values()])


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
