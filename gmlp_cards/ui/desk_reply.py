"""The desk's public reply: what the reporter sees when they look their report up."""

from __future__ import annotations

import streamlit as st

from gmlp_cards.concerns import ConcernStore, StoredReport
from gmlp_cards.concerns.reporter_access import ReporterAccess
from gmlp_cards.ui.concern_store import save_then_rerun


def render_public_reply(store: ConcernStore, stored: StoredReport, user: str) -> None:
    """Earlier replies (plain text) and a form for a new one; the newest is the one shown."""
    st.markdown("**Public reply** (the reporter sees the newest one, with their receipt and secret)")
    access = ReporterAccess(store)
    for at, actor, text in access.replies(stored.receipt):
        st.caption(f"{at:%Y-%m-%d %H:%M} UTC, {actor}")
        st.text(text)
    key = f"gc_reply_{stored.receipt}"
    with st.form(key, clear_on_submit=False):
        text = st.text_area(
            "Reply to the reporter (no names or patient details)", key=f"{key}_text", max_chars=5000
        )
        sent = st.form_submit_button("Publish reply")
    if not sent:
        return
    save_then_rerun(lambda: access.reply(stored.receipt, text, actor=user))
