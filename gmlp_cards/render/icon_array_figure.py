"""Icon arrays as plotly figures: one mark per person, colour and shape both telling the outcome."""

from __future__ import annotations

import plotly.graph_objects as go

from gmlp_cards.evidence.icon_array import OutcomeCounts

# Okabe-Ito colours (safe for colour-blind readers) and distinct symbols, so no reader depends on hue.
STYLE = {
    "true_positive": ("#D55E00", "circle"),
    "false_negative": ("#E69F00", "circle-open"),
    "false_positive": ("#0072B2", "x"),
    "true_negative": ("#999999", "square-open"),
}
LEGEND_PX = 18
"""The key's type, as large as the patient page's body text (issue 15 measured 12 px)."""
ORDER = ("true_positive", "false_negative", "false_positive", "true_negative")
"""Drawn in this order: those with the condition first, found then missed; then those without."""


def icon_array_figure(counts: OutcomeCounts, labels: dict[str, str], title: str) -> go.Figure:
    """People laid out in rows of ten (or 40 for 1,000), grouped by outcome in reading order."""
    columns = 10 if counts.total <= 100 else 40
    fig = go.Figure()
    position = 0
    for outcome in ORDER:
        how_many = getattr(counts, outcome)
        xs = [(position + i) % columns for i in range(how_many)]
        ys = [-((position + i) // columns) for i in range(how_many)]
        position += how_many
        colour, symbol = STYLE[outcome]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers",
                name=f"{labels[outcome]}: {how_many}",
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": 18 if columns == 10 else 7,
                    "line": {"width": 2, "color": colour},
                },
                hovertemplate=f"{labels[outcome]}<extra></extra>",
            )
        )
    rows = -(-counts.total // columns)
    fig.update_layout(
        title={"text": title},
        height=160 + rows * (34 if columns == 10 else 12),
        xaxis={"visible": False, "range": [-0.7, columns - 0.3]},
        yaxis={"visible": False, "range": [-rows + 0.3, 0.7], "scaleanchor": "x"},
        # The legend is the array's key, read by patients too: body-text size, dark on white.
        legend={
            "orientation": "h",
            "y": -0.05,
            "yanchor": "top",
            "font": {"size": LEGEND_PX, "color": "#222222"},
        },
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        plot_bgcolor="white",
    )
    return fig
