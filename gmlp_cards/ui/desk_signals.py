"""The desk's trend signals: weeks above a device version's control limit, and what lay behind them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import streamlit as st

from gmlp_cards.concerns import StoredReport
from gmlp_cards.concerns import labels as wording
from gmlp_cards.concerns.assessment import RecordedAssessment
from gmlp_cards.concerns.export import code_words
from gmlp_cards.concerns.trends import ALPHA, BASELINE_WEEKS, Signal, signals
from gmlp_cards.render.blocks import DeviceLink, Heading
from gmlp_cards.tiers.leaflet import monitoring_blocks
from gmlp_cards.ui import render
from gmlp_cards.ui.desk_followup import reported_card


def _words(signal: Signal) -> str:
    categories = (
        ", ".join(f"{wording.CATEGORY_LABELS[c]} {n}" for c, n in signal.categories) or "none assessed"
    )
    codes = ", ".join(f"{code_words(c)} ({n})" for c, n in signal.codes[:5]) or "none"
    return (
        f"{signal.series}, week of {signal.week}: {signal.reports} reports, {signal.expected:.1f} "
        f"expected per week from the {signal.baseline_weeks} weeks before (Poisson p = "
        f"{signal.p_value:.1g}). Categories: {categories}; not assessed yet: {signal.unassessed}. "
        f"IMDRF codes: {codes}."
    )


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
        _monitoring(signal)
    if not found:
        st.caption("No week is above its control limit.")


def _monitoring(signal: Signal) -> None:
    """Beside a signal: the link to the card's monitoring section (the leaflet) and the plan it states."""
    card = reported_card(signal.device_id, signal.card_version)
    if card is None:
        st.caption(
            f"Card {signal.series} is not in the catalog, so its monitoring plan cannot be shown here."
        )
        return
    label = f"Monitoring after release: leaflet of {signal.series}"
    render.device_link(DeviceLink(label, signal.device_id, signal.card_version, tier="leaflet"))
    with st.expander(f"Monitoring plan stated in card {signal.series}"):
        # The leaflet's own blocks (one rule for what the monitoring section says), without its heading.
        blocks = [b for b in monitoring_blocks(card) if not isinstance(b, Heading)]
        render.render(blocks, key=f"gc_signal_{signal.device_id}_{signal.card_version}_{signal.week}")
