"""Charts of a card's numbers, each paired with a table that carries the same facts for non-visual readers.

Pure: plotly and pandas only, never Streamlit. Every string that comes from a card is HTML-escaped
before it enters a figure, because plotly renders a subset of HTML (including links) in titles, tick
labels and hover text. Tables hold raw text; whoever renders them escapes as usual.

Figures are built from plain Python lists (not numpy arrays) so that `fig.to_plotly_json()` is readable
and stable, and no random ids are generated: the same card gives the same figure JSON.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from gmlp_cards.evidence import chart_tables
from gmlp_cards.model import (
    MetricName,
    ModelCard,
    SubgroupDimension,
)
from gmlp_cards.render.chart_style import ALERT, INK, PALETTE, base_layout, empty_figure, esc

# The forest plots live in their own module; they are re-exported so callers keep one chart module.
from gmlp_cards.render.forest import LABEL_WIDTH, forest_part, forest_part_count, forest_plot, forest_plots

__all__ = [
    "LABEL_WIDTH",
    "demographics_figure",
    "forest_part",
    "forest_part_count",
    "forest_plot",
    "forest_plots",
    "history_figure",
    "monitoring_figure",
]


# --- data: demographics --------------------------------------------------------------------------


def demographics_figure(card: ModelCard, dimension: SubgroupDimension) -> go.Figure:
    """Grouped bars in percent: each dataset beside the intended population, group by group."""
    title = f"{esc(dimension.label)}: training and test data against the intended population"
    table = chart_tables.demographics_table(card, dimension)
    if table.empty:
        return empty_figure(title, f"No data reported for {dimension.label}.")
    fig = go.Figure()
    groups = [esc(group) for group in table["Group"]]
    for index, column in enumerate(table.columns[1:]):
        values = [None if math.isnan(v) else float(v) for v in table[column]]
        intended = column == chart_tables.INTENDED_POPULATION
        fig.add_trace(
            go.Bar(
                name=esc(column),
                x=groups,
                y=values,
                # The intended population is the yardstick: dark and hatched, unlike any dataset colour.
                marker={
                    "color": INK if intended else PALETTE[index % len(PALETTE)],
                    "pattern": {"shape": "/" if intended else ""},
                },
                text=[None if v is None else f"{v:.0f}%" for v in values],
                textposition="outside",
                hovertemplate=f"{esc(column)}<br>%{{x}}: %{{y:.1f}}%<extra></extra>",
            )
        )
    fig.update_layout(
        **base_layout(
            title,
            420,
            barmode="group",
            xaxis={"title": {"text": esc(dimension.label)}, "type": "category"},
            yaxis={"title": {"text": "Share (%)"}, "ticksuffix": "%", "rangemode": "tozero"},
            legend={"orientation": "h", "y": -0.25},
            margin={"l": 20, "r": 30, "t": 70, "b": 110},
        )
    )
    return fig


# --- monitoring ----------------------------------------------------------------------------------


def monitoring_figure(card: ModelCard, metric: MetricName) -> go.Figure:
    """Values over time with interval bars, the threshold as a dashed line, breaches as crosses."""
    watch = chart_tables.watched(card, metric)
    snapshots = sorted(
        (s for s in card.monitoring.snapshots if s.metric is metric), key=lambda s: s.period_end
    )
    rule = (
        ""
        if watch is None
        else (f" (acceptable when {chart_tables.DIRECTION_WORDS[watch.direction.value]} {watch.threshold:g})")
    )
    title = f"Real-world {esc(metric.label.lower())} over time{rule}"
    if not snapshots:
        return empty_figure(title, f"No real-world results for {metric.label} yet.")
    dates = [s.period_end.isoformat() for s in snapshots]
    values = [s.value for s in snapshots]
    as_percent = metric.is_proportion and all(0 <= v <= 1 for v in values)
    show = "%{y:.1%}" if as_percent else "%{y:.3g}"
    fig = go.Figure(
        go.Scatter(
            name=esc(metric.label),
            x=dates,
            y=values,
            mode="lines+markers",
            line={"color": PALETTE[0], "width": 2},
            marker={"color": PALETTE[0], "size": 8},
            error_y={
                "type": "data",
                "symmetric": False,
                "color": PALETTE[0],
                "thickness": 1.5,
                "array": [None if s.upper is None else s.upper - s.value for s in snapshots],
                "arrayminus": [None if s.lower is None else s.value - s.lower for s in snapshots],
            },
            customdata=[s.n for s in snapshots],
            hovertemplate=f"Period ending %{{x}}<br>{show} (n=%{{customdata}})<extra></extra>",
        )
    )
    shapes: list[dict[str, object]] = []
    if watch is not None:
        breached = [s for s in snapshots if watch.breached(s.value)]
        if breached:
            fig.add_trace(
                go.Scatter(
                    name="Threshold breached",
                    x=[s.period_end.isoformat() for s in breached],
                    y=[s.value for s in breached],
                    mode="markers",
                    marker={"color": ALERT, "size": 16, "symbol": "x-thin-open", "line": {"width": 3}},
                    hovertemplate=f"Period ending %{{x}}<br>{show}: threshold breached<extra></extra>",
                )
            )
        shapes.append(
            {
                "type": "line",
                "name": "threshold",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": watch.threshold,
                "y1": watch.threshold,
                "line": {"color": ALERT, "width": 2, "dash": "dash"},
                "layer": "below",
            }
        )
    yaxis: dict[str, object] = {"title": {"text": esc(metric.label)}}
    if as_percent:
        yaxis["tickformat"] = ".0%"
    fig.update_layout(
        **base_layout(
            title,
            380,
            shapes=shapes,
            yaxis=yaxis,
            showlegend=True,
            xaxis={"title": {"text": "End of monitoring period"}, "type": "date"},
            legend={"orientation": "h", "y": -0.3},
            margin={"l": 20, "r": 30, "t": 70, "b": 100},
        )
    )
    return fig


# --- update history ------------------------------------------------------------------------------


def history_figure(cards: Sequence[ModelCard]) -> go.Figure:
    """A timeline: one marker per version at its release date, labelled with its kinds of change."""
    ordered = chart_tables.by_version(cards)
    name = esc(ordered[-1].identity.device_name) if ordered else "Device"
    title = f"{name}: version history"
    if not ordered:
        return empty_figure(title, "No versions.")
    withdrawn = [card.identity.status.value == "withdrawn" for card in ordered]
    fig = go.Figure(
        go.Scatter(
            name="Card versions",
            x=[card.identity.release_date.isoformat() for card in ordered],
            y=[0] * len(ordered),
            mode="lines+markers+text",
            line={"color": "#999999", "width": 1},
            marker={
                "size": 14,
                "color": PALETTE[0],
                # Withdrawn versions are hollow crosses, so the status does not depend on colour.
                "symbol": ["x-open" if gone else "circle" for gone in withdrawn],
            },
            text=[f"v{esc(card.version)}<br>{esc(chart_tables.change_words(card))}" for card in ordered],
            textposition=["top center" if i % 2 == 0 else "bottom center" for i in range(len(ordered))],
            customdata=[
                [
                    esc(card.identity.status.value),
                    esc(card.change_notice.summary if card.change_notice else chart_tables.FIRST_VERSION),
                ]
                for card in ordered
            ],
            hovertemplate="%{x}<br>%{text}<br>Status: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        **base_layout(
            title,
            300,
            showlegend=False,
            xaxis={"title": {"text": "Release date"}, "type": "date"},
            yaxis={"title": {"text": "Versions"}, "visible": False, "range": [-1.5, 1.5]},
        )
    )
    return fig


# --- export --------------------------------------------------------------------------------------
