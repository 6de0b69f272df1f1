"""Icon arrays as inline SVG for the printable export: the same marks, colours and order as the
plotly figure on screen (render.icon_array_figure), with no script and nothing fetched."""

from __future__ import annotations

import html

from gmlp_cards.evidence.icon_array import OutcomeCounts
from gmlp_cards.render.icon_array_figure import ORDER, STYLE

_LEGEND_ROW = 22  # px per legend line under the marks


def _mark(symbol: str, colour: str, x: float, y: float, r: float) -> str:
    # The plotly symbols used on screen: filled circle, open circle, x, open square.
    if symbol == "circle":
        return f'<circle cx="{x:g}" cy="{y:g}" r="{r:g}" fill="{colour}"/>'
    if symbol == "circle-open":
        return f'<circle cx="{x:g}" cy="{y:g}" r="{r:g}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
    if symbol == "x":
        d = f"M{x - r:g} {y - r:g}L{x + r:g} {y + r:g}M{x - r:g} {y + r:g}L{x + r:g} {y - r:g}"
        return f'<path d="{d}" stroke="{colour}" stroke-width="2"/>'
    side = 2 * r
    return (
        f'<rect x="{x - r:g}" y="{y - r:g}" width="{side:g}" height="{side:g}" fill="none" '
        f'stroke="{colour}" stroke-width="1.5"/>'
    )


def icon_array_svg(counts: OutcomeCounts, labels: dict[str, str], title: str) -> str:
    """People in rows of ten (or 40 for 1,000), grouped by outcome in reading order, and a legend.

    `labels` and `title` are our words, escaped all the same; the counts are whole numbers.
    """
    columns = 10 if counts.total <= 100 else 40
    cell = 28 if columns == 10 else 12
    radius = cell * 0.36
    rows = -(-counts.total // columns)
    marks: list[str] = []
    legend: list[str] = []
    position = 0
    grid_height = rows * cell
    for line, outcome in enumerate(ORDER):
        colour, symbol = STYLE[outcome]
        how_many = getattr(counts, outcome)
        for i in range(position, position + how_many):
            x, y = (i % columns + 0.5) * cell, (i // columns + 0.5) * cell
            marks.append(_mark(symbol, colour, x, y, radius))
        position += how_many
        y = grid_height + (line + 0.5) * _LEGEND_ROW + 8
        legend.append(
            _mark(symbol, colour, 10, y, 6)
            + f'<text x="24" y="{y + 5:g}" font-size="14">{html.escape(labels[outcome])}: {how_many}</text>'
        )
    width = max(columns * cell, 480)
    height = grid_height + len(ORDER) * _LEGEND_ROW + 16
    label = html.escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{label}</title>'
        f"{''.join(marks)}{''.join(legend)}</svg>"
    )
