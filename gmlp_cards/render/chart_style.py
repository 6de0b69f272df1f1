"""What every chart shares: the colour-blind-safe palette, the font, the base layout, escaping."""

from __future__ import annotations

import html

import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; no meaning rests on
# red versus green. Shapes (hollow, cross) and text carry every flag as well.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
INK = "#333333"
ALERT = "#D55E00"
FONT = {"family": "Source Sans Pro, Arial, sans-serif", "size": 14, "color": INK}


def esc(text: object) -> str:
    """Card text as inert plotly text: plotly would otherwise render tags such as <a href>."""
    return html.escape(str(text), quote=True)


def percent(value: float) -> str:
    return f"{value:.1%}"


def base_layout(title: str, height: int, **extra: object) -> dict[str, object]:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "height": height,
        "font": FONT,
        "template": "plotly_white",
        "margin": {"l": 20, "r": 30, "t": 70, "b": 60},
        **extra,
    }


def empty_figure(title: str, message: str) -> go.Figure:
    """A titled figure that says in words why there is nothing to draw."""
    fig = go.Figure(layout=base_layout(title, 220))
    fig.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {"text": esc(message), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}
        ],
    )
    return fig
