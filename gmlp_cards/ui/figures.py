"""Figures kept in a cache and drawn again on every rerun, serialised for Streamlit only once."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go


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
