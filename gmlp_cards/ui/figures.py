"""Figures kept in a cache and drawn again on every rerun, serialised for Streamlit only once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import plotly.graph_objects as go

from gmlp_cards.evidence.icon_array import OutcomeCounts
from gmlp_cards.render.icon_array_figure import icon_array_figure


class FrozenFigure(go.Figure):
    """A finished figure that is never changed again, so its dict form is computed once.

    `st.plotly_chart` calls `to_dict()` on every rerun: a deep copy of the whole figure plus a walk
    that re-encodes its arrays, about 1 ms per chart and the larger part of Streamlit's cost for a
    cached chart. A figure shared through a cache must not be changed anyway, so the dict is kept
    and handed out as is: callers must only read it (Streamlit only serialises it to JSON).
    """

    def to_dict(self) -> dict[str, Any]:
        spec: dict[str, Any] | None = self.__dict__.get("_gc_spec")
        if spec is None:  # two threads may both build it: the same value, harmlessly
            spec = super().to_dict()
            self._gc_spec = spec
        return spec


def frozen(figure: go.Figure) -> go.Figure:
    """Mark a just-built figure as final (see `FrozenFigure`); returns the same object."""
    # Re-classing keeps the very object, whose traces and layout point back at it as their parent;
    # copying through the constructor would validate every property again, half the cost of
    # building the figure.
    if type(figure) is go.Figure:
        figure.__class__ = FrozenFigure
    return figure


@lru_cache(maxsize=128)
def icon_figure(counts: OutcomeCounts, labels: tuple[tuple[str, str], ...], title: str) -> go.Figure:
    """The icon array of `counts`, built once per distinct picture and shared by every session."""
    # Rebuilding the figure was ~20% of a leaflet rerun. It is a pure function of these values, so
    # one figure per distinct picture is shared by every session (st.plotly_chart only reads it;
    # st.cache_data would unpickle a copy per rerun: ~14 ms, slower than building it, ~9 ms).
    return frozen(icon_array_figure(counts, dict(labels), title))
