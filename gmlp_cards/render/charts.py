"""Charts of a card's numbers, each paired with a table that carries the same facts for non-visual readers.

Pure: plotly and pandas only, never Streamlit. Every string that comes from a card is HTML-escaped
before it enters a figure, because plotly renders a subset of HTML (including links) in titles, tick
labels and hover text. Tables hold raw text; whoever renders them escapes as usual.

Figures are built from plain Python lists (not numpy arrays) so that `fig.to_plotly_json()` is readable
and stable, and no random ids are generated: the same card gives the same figure JSON.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

from gmlp_cards.evidence import chart_tables
from gmlp_cards.model import (
    MetricName,
    ModelCard,
    Study,
    SubgroupDimension,
    SubgroupResult,
)
from gmlp_cards.model.formatting import interval_text, level_text
from gmlp_cards.model.vocabulary import label_of
from gmlp_cards.render.chart_style import ALERT, INK, PALETTE, base_layout, empty_figure, esc, percent

__all__ = [
    "demographics_figure",
    "forest_plot",
    "history_figure",
    "monitoring_figure",
]


# --- performance: forest plots -------------------------------------------------------------------


LABEL_WIDTH = 52
"""Characters per tick-label line: long group names wrap so the plot keeps most of the width."""


def _forest_label(row: SubgroupResult, point: chart_tables.ChartPoint, small_n: int) -> str:
    small = ", small n" if point.n is not None and point.n < small_n else ""
    size = "n not stated" if point.n is None else f"n={point.n}"
    text = f"{row.dimension.label} · {chart_tables.group_name(row)} ({size}{small})"
    # Wrap before escaping (an entity never holds a space, so escaping lines keeps them whole).
    return "<br>".join(esc(line) for line in textwrap.wrap(text, LABEL_WIDTH, break_on_hyphens=False))


def _unit_words(study: Study) -> str:
    return f"per {study.unit_of_analysis.value.replace('_', ' ')}"


def _hover(point: chart_tables.ChartPoint, as_percent: bool) -> str:
    show = percent if as_percent else (lambda v: f"{v:.3g}")
    parts = [f"Estimate {show(point.estimate)}"]
    if point.lower is not None or point.upper is not None:
        interval = interval_text(point.lower, point.upper, point.level, show)
        parts.append(f"{interval} ({esc(point.method.replace('_', ' '))})")
    if point.short_of_criterion:
        parts.append("does not show the acceptance criterion met")
    return "<br>".join(parts)


def _interval_axis_words(points: Iterable[chart_tables.ChartPoint]) -> str:
    """The x-axis names the intervals' level when they share one, and never assumes 95%."""
    levels = {p.level for p in points if p.lower is not None or p.upper is not None}
    if not levels:
        return "no intervals stated"
    if len(levels) == 1 and None not in levels:
        return f"{level_text(levels.pop())} confidence interval"
    return "confidence intervals at their stated levels"


def forest_plot(study: Study, metric: str, *, small_n: int = 50) -> go.Figure:
    """Point and interval per subgroup, with the overall estimate and the acceptance criterion as lines."""
    sample = next(
        (m for row in (study.overall, *study.subgroups) for m in row.metrics if m.name == metric), None
    )
    label = sample.title if sample is not None else label_of(metric)
    title = f"{esc(label)} by subgroup, {_unit_words(study)}"
    rows = chart_tables.subgroup_points(study, metric)
    if not rows:
        return empty_figure(title, f"No subgroup results for {label}.")
    threshold = chart_tables.endpoint_threshold(study, metric)
    as_percent = sample is not None and sample.is_proportion
    fig = go.Figure()
    dimensions = list(dict.fromkeys(row.dimension for row, _ in rows))
    for index, dimension in enumerate(dimensions):
        members = [(row, point) for row, point in rows if row.dimension is dimension]
        colour = PALETTE[index % len(PALETTE)]
        fig.add_trace(
            go.Scatter(
                name=esc(dimension.label),
                x=[point.estimate for _, point in members],
                y=[_forest_label(row, point, small_n) for row, point in members],
                mode="markers",
                marker={
                    "color": colour,
                    "size": 11,
                    "line": {"color": colour, "width": 2},
                    # Hollow markers flag small groups without relying on colour.
                    "symbol": [
                        "circle-open" if point.n is None or point.n < small_n else "circle"
                        for _, point in members
                    ],
                },
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "color": colour,
                    "thickness": 2,
                    "width": 5,
                    "array": [None if p.upper is None else p.upper - p.estimate for _, p in members],
                    "arrayminus": [None if p.lower is None else p.estimate - p.lower for _, p in members],
                },
                customdata=[_hover(point, as_percent) for _, point in members],
                hovertemplate="%{y}<br>%{customdata}<extra></extra>",
            )
        )
    shapes: list[dict[str, object]] = []
    annotations: list[dict[str, object]] = []
    overall_metric = study.overall.metric(metric)
    overall = None if overall_metric is None else overall_metric.value / overall_metric.scale.factor
    show = percent if as_percent else (lambda v: f"{v:.3g}")
    if overall is not None:
        shapes.append(_vline(overall, "overall", {"color": INK, "width": 1.5}))
        annotations.append(_line_label(overall, f"Overall {show(overall)}", row=1))
    if threshold is not None:
        shapes.append(_vline(threshold, "criterion", {"color": ALERT, "width": 2, "dash": "dash"}))
        annotations.append(_line_label(threshold, f"Criterion {percent(threshold)}", row=0))
    axis_words = _interval_axis_words(point for _, point in rows)
    xaxis: dict[str, object] = {"title": {"text": f"{esc(label)} ({axis_words})"}, "zeroline": False}
    if as_percent:
        xaxis.update(range=[0, 1.02], tickformat=".0%", dtick=0.1)
    # The key sits under the title rather than in a legend: a side legend squeezes the plot when
    # labels are long, and colour only repeats the dimension each label already names.
    study_line = "<br>".join(esc(line) for line in textwrap.wrap(f"Study: {study.title}", 90))
    key = (
        f"{study_line}<br>Hollow marker: fewer than {small_n} units (small n). Solid line: overall estimate."
    )
    if threshold is not None:
        key += "<br>Dashed line: pre-specified acceptance criterion."
    # Category rows are evenly spaced, so every row gets the room the tallest label needs.
    lines = max(1 + label.count("<br>") for trace in fig.data for label in trace.y)
    top = 150 + 15 * study_line.count("<br>")
    height = top + 70 + (14 + 16 * lines) * len(rows)
    fig.update_layout(
        **base_layout(
            title,
            height,
            xaxis=xaxis,
            shapes=shapes,
            annotations=annotations,
            showlegend=False,
            yaxis={
                "title": {"text": "Subgroup"},
                "autorange": "reversed",
                "automargin": True,
                "type": "category",
            },
            margin={"l": 20, "r": 50, "t": top, "b": 60},
        )
    )
    fig.update_layout(title={"subtitle": {"text": key, "font": {"size": 12}}})
    return fig


def _vline(x: float, name: str, line: dict[str, object]) -> dict[str, object]:
    return {
        "type": "line",
        "name": name,
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": line,
        "layer": "below",
    }


def _line_label(x: float, text: str, row: int) -> dict[str, object]:
    # Labels of the two lines sit on separate rows above the plot, so close values never collide.
    return {
        "x": x,
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "xanchor": "center",
        "yanchor": "bottom",
        "yshift": 2 + 16 * row,
        "font": {"size": 12},
    }


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
