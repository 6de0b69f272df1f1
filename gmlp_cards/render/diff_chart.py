"""Overlaid forest plot of one metric in two versions (old and new, per subgroup), with its table."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from gmlp_cards.evidence.chart_tables import primary_metrics
from gmlp_cards.model import ModelCard
from gmlp_cards.model.vocabulary import label_of
from gmlp_cards.versions.diff import CardDiff, MetricChange
from gmlp_cards.versions.judgement import Estimate, fmt

OLD_COLOUR, NEW_COLOUR = "#7f7f7f", "#1f5fa8"
TABLE_COLUMNS = ["Row", "Old", "New", "Judgement"]


def primary_metric(card: ModelCard) -> tuple[str, str] | None:
    """(study id, metric) to overlay: of the primary study's primary metrics (the ones its forest
    plots show, `chart_tables.primary_metrics`), the first that subgroups also report, since a forest plot
    is about subgroups; else the first of them."""
    study = card.performance.primary
    candidates = primary_metrics(study)
    for name in candidates:
        if any(row.metric(name) is not None for row in study.subgroups):
            return study.id, name
    return (study.id, candidates[0]) if candidates else None


def overlay_rows(diff: CardDiff, study: str, metric: str) -> list[MetricChange]:
    """Overall and subgroup rows of `study` for `metric`, in diff order (operating points and
    reader-study rows are other questions and stay in the table of all changes)."""
    return [
        m
        for m in diff.metrics
        if m.study == study and m.metric is metric and not m.row.startswith(("operating point ", "readers "))
    ]


def _cell(value: Estimate | None) -> str:
    return "—" if value is None else value.text


def overlay_table(diff: CardDiff, study: str, metric: str) -> pd.DataFrame:
    """The chart's table equivalent: one row per subgroup, old and new with intervals, the judgement."""
    rows = [
        {"Row": m.row, "Old": _cell(m.old), "New": _cell(m.new), "Judgement": m.judgement.value}
        for m in overlay_rows(diff, study, metric)
    ]
    return pd.DataFrame.from_records(rows, columns=TABLE_COLUMNS)


def _trace(rows: list[MetricChange], old: bool, name: str, colour: str) -> go.Scatter:
    stated = [(i, m.old if old else m.new) for i, m in enumerate(rows)]
    points = [(i, e) for i, e in stated if e is not None]
    # Old slightly above the row line, new slightly below, so both intervals stay visible.
    shift = 0.17 if old else -0.17
    return go.Scatter(
        name=html.escape(name),
        mode="markers",
        marker={"color": colour, "size": 9, "symbol": "circle-open" if old else "diamond"},
        x=[e.value for _, e in points],
        y=[-i + shift for i, _ in points],
        error_x={
            "type": "data",
            "symmetric": False,
            "color": colour,
            "thickness": 1.5,
            "array": [(e.upper - e.value) if e.upper is not None else 0 for _, e in points],
            "arrayminus": [(e.value - e.lower) if e.lower is not None else 0 for _, e in points],
        },
        text=[html.escape(f"{rows[i].row}: {fmt(e.value)} ({e.interval_text})") for i, e in points],
        hovertemplate="%{text}<extra>" + html.escape(name) + "</extra>",
    )


def overlay_forest(diff: CardDiff, study: str, metric: str, label: str | None = None) -> go.Figure:
    """Old and new estimates with their intervals, one line per subgroup, overall first."""
    rows = overlay_rows(diff, study, metric)
    title = f"{label or label_of(metric)}: {diff.old_version} and {diff.new_version} (study {study})"
    fig = go.Figure()
    fig.add_trace(_trace(rows, True, f"version {diff.old_version}", OLD_COLOUR))
    fig.add_trace(_trace(rows, False, f"version {diff.new_version}", NEW_COLOUR))
    labels = [html.escape(f"{m.row} [{m.judgement.value}]") for m in rows]
    fig.update_layout(
        title={"text": html.escape(title)},
        height=max(260, 34 * len(rows) + 140),
        xaxis={"title": {"text": html.escape(label or label_of(metric))}, "zeroline": False},
        yaxis={"tickvals": [-i for i in range(len(rows))], "ticktext": labels, "automargin": True},
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 20, "r": 20, "t": 60, "b": 60},
    )
    return fig
