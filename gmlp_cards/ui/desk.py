"""The manufacturer desk: filter, read and triage reports, export them, watch the trend."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.express as px
import streamlit as st

from gmlp_cards.concerns import (
    STORE_ERRORS,
    ConcernStore,
    ConcernType,
    ReportFilter,
    Resolution,
    Seriousness,
    Status,
    StoredReport,
    Transition,
)
from gmlp_cards.concerns import labels as wording
from gmlp_cards.concerns.assessment import RecordedAssessment
from gmlp_cards.concerns.export import contact_for_manufacturer, to_csv, to_json
from gmlp_cards.concerns.report_details import load_details
from gmlp_cards.concerns.stats import weekly_counts
from gmlp_cards.concerns.triage import allowed_next
from gmlp_cards.ui.concern_store import explain_unavailable, save_then_rerun
from gmlp_cards.ui.desk_assessment import render_assessment, render_attention
from gmlp_cards.ui.desk_auth import log_out
from gmlp_cards.ui.desk_documents import download_row, render_incident_downloads
from gmlp_cards.ui.desk_followup import render_device_record
from gmlp_cards.ui.desk_reply import render_public_reply
from gmlp_cards.ui.desk_signals import render_signals


def _action_label(current: Status, target: Status) -> str:
    if target is Status.CLOSED:
        return "Close with a resolution"
    return "Reopen for review" if current is Status.CLOSED else "Start review"


def render_desk(store: ConcernStore, user: str) -> None:
    """Everything a signed-in desk user sees. Call only after require_desk_user()."""
    st.title("Manufacturer desk")
    left, right = st.columns([4, 1])
    left.caption(f"Signed in as {user}")
    if right.button("Log out", key="gc_desk_logout"):
        log_out()
        st.rerun()
    try:
        everything = store.reports()
        # Overdue and due-soon clocks come first, whatever the filters below hide.
        current = render_attention(store, everything)
        where = _filters(everything)
        shown = store.reports(where)
    except STORE_ERRORS as error:
        # An empty list here would read as "no concerns reported": say the database failed.
        explain_unavailable(error)
        return
    st.subheader(f"Reports ({len(shown)} of {len(everything)})")
    if shown:
        st.dataframe(_table(shown), hide_index=True, width="stretch")
    else:
        st.info("No report matches these filters.")
    _export(store, shown)
    if shown:
        receipt = st.selectbox("Open a report", [s.receipt for s in shown], index=0, key="gc_desk_open")
        chosen = next(s for s in shown if s.receipt == receipt)
        _detail(store, chosen, user, current)
    _trend(shown)
    render_signals(shown, current, store.now().date())


def _filters(everything: Sequence[StoredReport]) -> ReportFilter:
    devices = sorted({s.report.device_id for s in everything})
    versions = sorted({s.report.card_version for s in everything})
    with st.expander("Filters", expanded=True):
        a, b, c = st.columns(3)
        device_ids = a.multiselect("Device", devices, key="gc_f_device")
        card_versions = b.multiselect("Card version", versions, key="gc_f_version")
        statuses = c.multiselect(
            "Status", list(Status), format_func=wording.STATUS_LABELS.__getitem__, key="gc_f_status"
        )
        d, e = st.columns(2)
        types = d.multiselect(
            "Concern type",
            list(ConcernType),
            format_func=wording.TYPE_LABELS.__getitem__,
            key="gc_f_type",
        )
        seriousness = e.multiselect(
            "Seriousness",
            list(Seriousness),
            format_func=wording.SERIOUSNESS_LABELS.__getitem__,
            key="gc_f_seriousness",
        )
    return ReportFilter(
        device_ids=tuple(device_ids),
        card_versions=tuple(card_versions),
        concern_types=tuple(types),
        seriousness=tuple(seriousness),
        statuses=tuple(statuses),
    )


def _table(reports: Sequence[StoredReport]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Receipt": s.receipt,
                "Received (UTC)": s.received_at.strftime("%Y-%m-%d %H:%M"),
                "Device": s.report.device_id,
                "Version": s.report.card_version,
                "Type": wording.TYPE_LABELS[s.report.concern_type],
                "Harm": wording.HARM_LABELS[s.report.harm_occurred],
                "Seriousness": wording.SERIOUSNESS_LABELS[s.report.seriousness]
                if s.report.seriousness
                else "",
                "Status": wording.STATUS_LABELS[s.status],
            }
            for s in reports
        ]
    )


def _export(store: ConcernStore, reports: Sequence[StoredReport]) -> None:
    try:
        details = load_details(store, reports)
    except STORE_ERRORS as error:
        explain_unavailable(error)
        return
    files = (
        ("csv", "CSV", to_csv(reports, details=details), "text/csv"),
        ("json", "JSON", to_json(reports, details=details), "application/json"),
    )
    download_row(files, verb="Export", stem="concerns", key="gc_export", disabled=not reports)


def _detail(
    store: ConcernStore, stored: StoredReport, user: str, current: dict[int, RecordedAssessment]
) -> None:
    report = stored.report
    st.subheader(f"Report {stored.receipt}")
    # Reporter-supplied text is shown only through st.text, never Markdown or HTML.
    facts = [
        f"Received:     {stored.received_at:%Y-%m-%d %H:%M} UTC",
        f"Device:       {report.device_id}, card version {report.card_version}",
        f"Reporter:     {wording.ROLE_LABELS[report.reporter_role]}",
        f"Type:         {wording.TYPE_LABELS[report.concern_type]}",
        f"Harm:         {wording.HARM_LABELS[report.harm_occurred]}"
        + (f" — {wording.SERIOUSNESS_LABELS[report.seriousness]}" if report.seriousness else ""),
        f"Event date:   {report.event_date.isoformat() if report.event_date else 'not given'}",
        f"Status:       {wording.STATUS_LABELS[stored.status]}"
        + (f" — {wording.RESOLUTION_LABELS[stored.resolution]}" if stored.resolution else ""),
        f"Contact:      {contact_for_manufacturer(stored) or 'no consent to contact'}",
    ]
    st.text("\n".join(facts))
    st.markdown("**What happened** (as written by the reporter)")
    st.text(report.narrative)
    history = store.history(stored.receipt)
    st.markdown("**History**")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "When (UTC)": h.at.strftime("%Y-%m-%d %H:%M"),
                    "Who": h.actor,
                    "From": wording.STATUS_LABELS[h.from_status] if h.from_status else "",
                    "To": wording.STATUS_LABELS[h.to_status],
                    "Resolution": wording.RESOLUTION_LABELS[h.resolution] if h.resolution else "",
                    "Note": h.note,
                }
                for h in history
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    render_assessment(store, stored, user, current)
    render_device_record(store, stored, user)
    render_incident_downloads(store, stored)
    render_public_reply(store, stored, user)
    _triage_form(store, stored, user)


def _triage_form(store: ConcernStore, stored: StoredReport, user: str) -> None:
    choices = allowed_next(stored.status)
    with st.form(f"gc_triage_{stored.receipt}", clear_on_submit=False):
        st.markdown("**Triage**")
        target = st.radio(
            "Move to",
            choices,
            horizontal=True,
            key=f"gc_triage_to_{stored.receipt}",
            format_func=lambda s: _action_label(stored.status, s),
        )
        resolution = st.selectbox(
            "Resolution (when closing)",
            list(Resolution),
            index=None,
            format_func=wording.RESOLUTION_LABELS.__getitem__,
            key=f"gc_triage_res_{stored.receipt}",
        )
        note = st.text_area("Note", key=f"gc_triage_note_{stored.receipt}", max_chars=5000)
        submitted = st.form_submit_button("Save")
    if not submitted or target is None:
        return
    change = Transition(
        to_status=target,
        actor=user,
        note=note,
        resolution=resolution if target is Status.CLOSED else None,
    )
    save_then_rerun(lambda: store.transition(stored.receipt, change, expected=stored.status))


def _trend(reports: Sequence[StoredReport]) -> None:
    st.subheader("Reports per device version, by week")
    counts = weekly_counts(reports)
    if not counts:
        st.caption("No reports to chart.")
        return
    frame = pd.DataFrame(
        [{"Week": c.week.isoformat(), "Device version": c.series, "Reports": c.reports} for c in counts]
    )
    figure = px.bar(frame, x="Week", y="Reports", color="Device version", barmode="group")
    figure.update_layout(xaxis_type="category")
    st.plotly_chart(figure, key="gc_trend_chart")
    st.caption("The same numbers as a table:")
    st.dataframe(frame, hide_index=True, width="stretch")
