"""Figures in a static HTML file: the plotly library once, inline; each figure an inert fragment."""

from __future__ import annotations

import hashlib
import html
import json

import plotly.graph_objects as go
import plotly.io as pio

_CONFIG = {"displaylogo": False, "responsive": True}


def plotly_js_script() -> str:
    """The plotly.js library as one inline <script>, to include once per exported document."""
    from plotly.offline import get_plotlyjs  # a 4 MB string: read only when an export asks for it

    # The bundle contains no "</script>" sequence, so inlining it cannot close the tag early.
    return f'<script type="text/javascript" charset="utf-8">{get_plotlyjs()}</script>'


def figure_html(fig: go.Figure) -> str:
    """A self-contained <figure> fragment without the library (see `plotly_js_script`).

    The div id is derived from the figure itself, so the same figure always gives the same HTML.
    """
    spec = json.dumps(fig.to_plotly_json(), sort_keys=True, default=str)
    div_id = "gmlp-chart-" + hashlib.sha256(spec.encode()).hexdigest()[:16]
    title = fig.layout.title.text or "Chart"
    body = pio.to_html(fig, full_html=False, include_plotlyjs=False, config=_CONFIG, div_id=div_id)
    # The title is already escaped card text; the label lets screen readers name the region.
    return f'<figure class="gmlp-chart" aria-label="{html.escape(html.unescape(title))}">{body}</figure>'
