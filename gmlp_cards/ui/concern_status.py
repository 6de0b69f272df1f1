"""The reporter's side of the loop: the secret shown once with the receipt, and the status lookup."""

from __future__ import annotations

import logging

import streamlit as st

from gmlp_cards.concerns import STORE_ERRORS, ConcernStore
from gmlp_cards.concerns import labels as wording
from gmlp_cards.concerns.reporter_access import ReporterAccess
from gmlp_cards.ui.concern_store import explain_unavailable

log = logging.getLogger(__name__)

SECRET_KEY = "gc_concern_secret"  # session_state: the secret of the receipt just shown
RECEIPT_PARAM = "receipt"  # the URL keeps the receipt (never the secret) across a reload
NO_MATCH = "No report matches this receipt number and secret. Check both and try again."


def issue_secret(store: ConcernStore, receipt: str) -> None:
    """Give the new report its secret (once) and keep the receipt in the URL."""
    try:
        secret = ReporterAccess(store).issue(receipt)
    except STORE_ERRORS as error:  # the report is stored; only the way back is missing
        log.error("no reporter secret issued for %s: %s: %s", receipt, type(error).__name__, error)
        secret = None
    if secret:
        st.session_state[SECRET_KEY] = secret
    st.query_params[RECEIPT_PARAM] = receipt


def show_secret() -> None:
    """The secret of the report just sent, with what it is for (shown on the receipt only)."""
    secret = st.session_state.get(SECRET_KEY)
    if not secret:
        return
    st.subheader("Follow your report")
    st.write(
        "Keep this secret with your receipt number. It is shown only now. With both you can come "
        "back to this page (its address keeps the receipt number) and see the status of your "
        "report and the manufacturer's reply."
    )
    st.code(secret, language=None)


def forget() -> None:
    """Drop the receipt's secret and URL parameter (the reporter starts a new report)."""
    st.session_state.pop(SECRET_KEY, None)
    st.query_params.pop(RECEIPT_PARAM, None)


def render_status_lookup(store: ConcernStore, receipt: str) -> None:
    """Ask for the secret of `receipt`; show the status and the public reply when it matches."""
    st.subheader(f"Status of report {receipt}")
    with st.form("gc_status_lookup", clear_on_submit=False):
        secret = st.text_input("Secret given with the receipt", type="password", key="gc_status_secret")
        asked = st.form_submit_button("Show status")
    if asked:
        try:
            seen = ReporterAccess(store).lookup(receipt, secret)
        except STORE_ERRORS as error:
            explain_unavailable(error)
            return
        if seen is None:
            st.error(NO_MATCH)
        else:
            lines = [
                f"Received:  {seen.received_at:%Y-%m-%d %H:%M} UTC",
                f"Status:    {wording.STATUS_LABELS[seen.status]} (since {seen.status_changed_at:%Y-%m-%d})",
            ]
            if seen.resolution:
                lines.append(f"Outcome:   {wording.RESOLUTION_LABELS[seen.resolution]}")
            st.text("\n".join(lines))
            st.markdown("**The manufacturer's reply**")
            if seen.reply is None:
                st.caption("No reply yet.")
            else:  # the maker's text, shown as plain text like every free text
                st.caption(f"{seen.replied_at:%Y-%m-%d %H:%M} UTC")
                st.text(seen.reply)
    if st.button("Report a new concern", key="gc_status_new"):
        forget()
        st.rerun()
