"""Forest plots: a point and an interval per subgroup, on an axis fitted to the data, one screen tall.

Pure plotly, never Streamlit; card text is escaped before it enters a figure (see charts.py). Three
reading rules hold every plot (issue 15): the axis shows every estimate, every interval end and the
overall and criterion lines with a little margin (and never leaves 0-100% for a proportion); every
label is dark on white (WCAG AA, not the theme's light grey); a plot is at most `MAX_HEIGHT` pixels
tall. A study with more rows than fit is split into several plots, whole dimensions kept together,
rather than scrolled inside a box: a scrolled plot hides its axis and its criterion label while the
reader looks at the lower rows, and every part shares one axis range, so parts compare like for like.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import plotly.graph_objects as go

from gmlp_cards.evidence import chart_tables
from gmlp_cards.model import Study, SubgroupDimension, SubgroupResult
from gmlp_cards.model.formatting import interval_text, level_text
from gmlp_cards.model.vocabulary import label_of
from gmlp_cards.render.chart_style import ALERT, INK, PALETTE, base_layout, empty_figure, esc, percent

__all__ = [
    "LABEL_WIDTH",
    "MAX_HEIGHT",
    "fitted_range",
    "forest_part",
    "forest_part_count",
    "forest_plot",
    "forest_plots",
]

LABEL_WIDTH = 52
"""Characters per tick-label line: long group names wrap so the plot keeps most of the width."""

MAX_HEIGHT = 640
"""Pixels: a phone's screen (844 px less the browser's bars) or a laptop's (768 less the header)."""

MARGIN_SHARE = 0.06
"""Share of the data's span left free on each side of the axis, so no marker sits on the frame."""

BACKGROUND = "#FFFFFF"
"""Plot and paper background, set on the figure so a theme cannot lower the labels' contrast."""

_BOTTOM = 70
Rows = list[tuple[SubgroupResult, chart_tables.ChartPoint]]


def _forest_label(row: SubgroupResult, point: chart_tables.ChartPoint, small_n: int) -> str:
    small = ", small n" if point.n is not None and point.n < small_n else ""
    size = "n not stated" if point.n is None else f"n={point.n}"
    text = f"{row.dimension.label} · {chart_tables.group_name(row)} ({size}{small})"
    # Wrap before escaping (an entity never holds a space, so escaping lines keeps them whole).
    return "<br>".join(esc(line) for line in textwrap.wrap(text, LABEL_WIDTH, break_on_hyphens=False))


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


def fitted_range(values: Iterable[float], *, proportion: bool) -> tuple[float, float]:
    """The axis range holding every value with `MARGIN_SHARE` of the span free on each side;
    a proportion's axis never leaves 0-1 (no interval can, and the frame says so)."""
    seen = list(values)
    low, high = min(seen), max(seen)
    span = high - low
    margin = span * MARGIN_SHARE if span > 0 else max(abs(high) * MARGIN_SHARE, 0.01)
    low, high = low - margin, high + margin
    if proportion:
        low, high = max(low, 0.0), min(high, 1.0)
    return low, high


def forest_plots(study: Study, metric: str, *, small_n: int = 50) -> list[go.Figure]:
    """The study's forest plot for `metric`, split into plots of at most `MAX_HEIGHT` pixels."""
    count = forest_part_count(study, metric, small_n=small_n)
    return [forest_part(study, metric, number, small_n=small_n) for number in range(1, count + 1)]


def forest_part_count(study: Study, metric: str, *, small_n: int = 50) -> int:
    """How many plots `forest_plots` draws: a page can lay out one lazy chart per part."""
    rows = chart_tables.subgroup_points(study, metric)
    return len(_parts(rows, _row_height(rows, small_n), _top(study))) if rows else 1


def forest_part(study: Study, metric: str, number: int, *, small_n: int = 50) -> go.Figure:
    """Part `number` (from 1) of the study's split forest plot, built alone."""
    rows = chart_tables.subgroup_points(study, metric)
    if not rows:
        return forest_plot(study, metric, small_n=small_n)
    parts = _parts(rows, _row_height(rows, small_n), _top(study))
    return forest_plot(study, metric, small_n=small_n, rows=parts[number - 1], part=(number, len(parts)))


def _parts(rows: Rows, row_height: int, top: int) -> list[Rows]:
    """Whole dimensions packed in order into plots that fit; a dimension too long alone is cut."""
    room = max(1, (MAX_HEIGHT - top - _BOTTOM) // row_height)
    parts: list[Rows] = [[]]
    for dimension in dict.fromkeys(row.dimension for row, _ in rows):
        members = [item for item in rows if item[0].dimension is dimension]
        if parts[-1] and len(parts[-1]) + len(members) > room:
            parts.append([])
        while len(parts[-1]) + len(members) > room:
            cut = room - len(parts[-1])
            parts[-1] += members[:cut]
            members = members[cut:]
            parts.append([])
        parts[-1] += members
    return [part for part in parts if part]


def _row_height(rows: Rows, small_n: int) -> int:
    # Category rows are evenly spaced, so every row gets the room the tallest label needs; the
    # tallest of the whole study, so that split parts keep one row spacing.
    lines = max(1 + _forest_label(row, point, small_n).count("<br>") for row, point in rows)
    return 14 + 16 * lines


def _study_line(study: Study) -> str:
    return "<br>".join(esc(line) for line in textwrap.wrap(f"Study: {study.title}", 90))


def _top(study: Study) -> int:
    return 150 + 15 * _study_line(study).count("<br>")


def forest_plot(
    study: Study,
    metric: str,
    *,
    small_n: int = 50,
    rows: Rows | None = None,
    part: tuple[int, int] = (1, 1),
) -> go.Figure:
    """Point and interval per subgroup (all of them, or `rows`, part `part` of a split), with the
    overall estimate and the acceptance criterion as lines, on the axis fitted to the whole study."""
    sample = next(
        (m for row in (study.overall, *study.subgroups) for m in row.metrics if m.name == metric), None
    )
    label = sample.title if sample is not None else label_of(metric)
    title = f"{esc(label)} by subgroup, per {study.unit_of_analysis.value.replace('_', ' ')}"
    every_row = chart_tables.subgroup_points(study, metric)
    if not every_row:
        return empty_figure(title, f"No subgroup results for {label}.")
    shown = every_row if rows is None else rows
    dimensions = list(dict.fromkeys(row.dimension for row, _ in shown))
    if part[1] > 1:
        title += f" (part {part[0]} of {part[1]}: {', '.join(esc(d.label) for d in dimensions)})"
    as_percent = sample is not None and sample.is_proportion
    fig = go.Figure(
        [_trace(shown, dimension, index, small_n, as_percent) for index, dimension in enumerate(dimensions)]
    )
    threshold = chart_tables.endpoint_threshold(study, metric)
    overall_metric = study.overall.metric(metric)
    overall = None if overall_metric is None else overall_metric.value / overall_metric.scale.factor
    show = percent if as_percent else (lambda v: f"{v:.3g}")
    shapes: list[dict[str, object]] = []
    annotations: list[dict[str, object]] = []
    if overall is not None:
        shapes.append(_vline(overall, "overall", {"color": INK, "width": 1.5}))
        annotations.append(_line_label(overall, f"Overall {show(overall)}", row=1))
    if threshold is not None:
        shapes.append(_vline(threshold, "criterion", {"color": ALERT, "width": 2, "dash": "dash"}))
        annotations.append(_line_label(threshold, f"Criterion {show(threshold)}", row=0))
    ends = [v for _, p in every_row for v in (p.estimate, p.lower, p.upper) if v is not None]
    low, high = fitted_range(
        [*ends, *(v for v in (overall, threshold) if v is not None)], proportion=as_percent
    )
    axis_words = _interval_axis_words(point for _, point in every_row)
    xaxis: dict[str, object] = {
        "title": {"text": f"{esc(label)} ({axis_words})"},
        "zeroline": False,
        "range": [low, high],
        "tickfont": {"color": INK, "size": 13},
    }
    if as_percent:
        # Whole percents unless the axis is so narrow that neighbouring ticks would read the same.
        xaxis["tickformat"] = ".0%" if high - low >= 0.06 else ".1%"
    study_line = _study_line(study)
    # The key sits under the title rather than in a legend: a side legend squeezes the plot when
    # labels are long, and colour only repeats the dimension each label already names.
    key = (
        f"{study_line}<br>Hollow marker: fewer than {small_n} units (small n). Solid line: overall estimate."
    )
    if threshold is not None:
        key += "<br>Dashed line: pre-specified acceptance criterion."
    top = _top(study)
    fig.update_layout(
        **base_layout(
            title,
            top + _BOTTOM + _row_height(every_row, small_n) * len(shown),
            xaxis=xaxis,
            shapes=shapes,
            annotations=annotations,
            showlegend=False,
            plot_bgcolor=BACKGROUND,
            paper_bgcolor=BACKGROUND,
            yaxis={
                "title": {"text": "Subgroup"},
                "autorange": "reversed",
                "automargin": True,
                "type": "category",
                "tickfont": {"color": INK, "size": 13},
            },
            margin={"l": 20, "r": 50, "t": top, "b": 60},
        )
    )
    fig.update_layout(title={"subtitle": {"text": key, "font": {"size": 12, "color": INK}}})
    return fig


def _trace(
    rows: Rows, dimension: SubgroupDimension, index: int, small_n: int, as_percent: bool
) -> go.Scatter:
    members = [(row, point) for row, point in rows if row.dimension is dimension]
    colour = PALETTE[index % len(PALETTE)]
    return go.Scatter(
        name=esc(dimension.label),
        x=[point.estimate for _, point in members],
        y=[_forest_label(row, point, small_n) for row, point in members],
        mode="markers",
        cliponaxis=False,  # a point on 100% is drawn whole, not cut by the frame
        marker={
            "color": colour,
            "size": 11,
            "line": {"color": colour, "width": 2},
            # Hollow markers flag small groups without relying on colour.
            "symbol": [
                "circle-open" if point.n is None or point.n < small_n else "circle" for _, point in members
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
        "font": {"size": 12, "color": INK},
    }
