"""The desk's device record of a report: its UDI-DI, and each effort to obtain missing information."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from gmlp_cards.concerns import STORE_ERRORS, ConcernStore, StoredReport
from gmlp_cards.concerns import labels as wording
from gmlp_cards.concerns.followup import (
    UDI_DI_MAX,
    Channel,
    DeviceRecord,
    DeviceRecords,
    FollowUp,
    Outcome,
)
from gmlp_cards.model import ModelCard
from gmlp_cards.ui import data as catalog_data
from gmlp_cards.ui.concern_store import explain_unavailable, save_then_rerun

_Choice = TypeVar("_Choice", Channel, Outcome)


def _pick(column: Any, label: str, labels: Mapping[_Choice, str], key: str) -> _Choice | None:
    # Nothing chosen until the desk chooses: a default would record an answer nobody gave.
    choice: _Choice | None = column.selectbox(
        label, list(labels), index=None, format_func=labels.__getitem__, key=key
    )
    return choice


def reported_card(device_id: str, version: str) -> ModelCard | None:
    """The card version reports were made against, or None when the catalog no longer has it."""
    try:
        return catalog_data.get_catalog().card(device_id, version)
    except KeyError:  # a report on a card no longer in the catalog: nothing to draw from it
        return None


def render_device_record(store: ConcernStore, stored: StoredReport, user: str) -> None:
    """The UDI-DI (prefilled from the card until one is recorded) and the follow-up efforts."""
    records = DeviceRecords(store)
    try:
        record = records.of_reports([stored.id])[stored.id]
    except STORE_ERRORS as error:
        explain_unavailable(error)
        return
    _udi_form(records, stored, user, record)
    _followups(records, stored, user, record)


def _udi_form(records: DeviceRecords, stored: StoredReport, user: str, record: DeviceRecord) -> None:
    st.markdown("**Device identifier (UDI-DI)**")
    card = reported_card(stored.report.device_id, stored.report.card_version)
    from_card = card.identity.udi_di if card else None
    if record.udi:
        st.text(
            "\n".join(f"{u.at:%Y-%m-%d %H:%M} UTC, {u.actor}: {u.entry}" for u in record.udi)
        )  # a UDI-DI typed at the desk is still text: shown plain
    elif from_card:
        st.caption(f"Not recorded yet; prefilled below from card version {stored.report.card_version}.")
    else:
        st.caption("Not recorded yet, and the card states none: ask the reporter or the site.")
    key = f"gc_udi_{stored.receipt}"
    with st.form(key, clear_on_submit=False):
        value = st.text_input(
            "UDI-DI of the device involved",
            value=record.udi_di or from_card or "",
            max_chars=UDI_DI_MAX,
            key=f"{key}_value",
        )
        saved = st.form_submit_button("Record UDI-DI")
    if saved:
        save_then_rerun(lambda: records.record_udi(stored.receipt, value, actor=user))


def _followups(records: DeviceRecords, stored: StoredReport, user: str, record: DeviceRecord) -> None:
    st.markdown("**Efforts to obtain missing information**")
    if record.followups:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Date": f.entry.effort_on.isoformat(),
                        "Channel": wording.CHANNEL_LABELS[f.entry.channel],
                        "Asked": f.entry.asked,
                        "Outcome": wording.OUTCOME_LABELS[f.entry.outcome],
                        "Details": f.entry.details,
                        "Recorded by": f"{f.actor}, {f.at:%Y-%m-%d %H:%M} UTC",
                    }
                    for f in record.followups
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption("None recorded.")
    key = f"gc_followup_{stored.receipt}"
    with st.form(key, clear_on_submit=False):
        left, middle, right = st.columns(3)
        effort_on = left.date_input("Date of the effort", value=None, format="YYYY-MM-DD", key=f"{key}_on")
        channel = _pick(middle, "Channel", wording.CHANNEL_LABELS, f"{key}_channel")
        outcome = _pick(right, "Outcome", wording.OUTCOME_LABELS, f"{key}_outcome")
        asked = st.text_area("What was asked", max_chars=5000, key=f"{key}_asked")
        details = st.text_area("What came of it (optional)", max_chars=5000, key=f"{key}_details")
        saved = st.form_submit_button("Record the effort")
    if not saved:
        return
    if effort_on is None or channel is None or outcome is None:
        st.error("Not saved: choose the date of the effort, its channel and its outcome.")
        return
    effort = FollowUp(effort_on, channel, asked, outcome, details)
    save_then_rerun(lambda: records.add_followup(stored.receipt, effort, actor=user))
