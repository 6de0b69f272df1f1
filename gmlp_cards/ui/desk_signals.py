"""The desk's trend signals: weeks above a device version's control limit, and what lay behind them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import streamlit as st

from gmlp_cards.concerns import StoredReport, imdrf
from gmlp_cards.concerns import labels as wording
from gmlp_cards.concerns.assessment import RecordedAssessment
from gmlp_cards.concerns.trends import ALPHA, BASELINE_WEEKS, Signal, signals


def _words(signal: Signal) -> str:
    categories = (
        ", ".join(f"{wording.CATEGORY_LABELS[c]} {n}" for c, n in signal.categories) or "none assessed"
    )
    codes = ", ".join(f"{_code(c)} ({n})" for c, n in signal.codes[:5]) or "none"
    return (
        f"{signal.series}, week of {signal.week}: {signal.reports} reports, {signal.expected:.1f} "
        f"expected per week from the {signal.baseline_weeks} weeks before (Poisson p = "
        f"{signal.p_value:.1g}). Categories: {categories}; not assessed yet: {signal.unassessed}. "
        f"IMDRF codes: {codes}."
    )


def _code(code: str) -> str:
    try:
        return imdrf.term(code).label
    except imdrf.UnknownCode:
        return code


def render_signals(
    reports: Sequence[StoredReport], current: Mapping[int, RecordedAssessment], today: date
) -> None:
    """One warning per signalling week, newest first, under the chart; a caption saying the rule."""
    st.caption(
        f"Signal rule: a week signals when its count would happen by chance with probability below "
        f"{ALPHA:g} at the mean rate of the {BASELINE_WEEKS} weeks before (Poisson control limit)."
    )
    found = signals(reports, current, today)
    for signal in reversed(found):
        st.warning("Signal: " + _words(signal))
    if not found:
        st.caption("No week is above its control limit.")
