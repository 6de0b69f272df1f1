"""The desk's per-report incident document (Form 3500A and EU MIR fields), as HTML and JSON downloads."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from gmlp_cards.concerns import STORE_ERRORS, ConcernStore, StoredReport
from gmlp_cards.concerns.incident_form import incident_document
from gmlp_cards.concerns.incident_output import to_html, to_json
from gmlp_cards.concerns.report_details import load_details
from gmlp_cards.ui.concern_store import explain_unavailable
from gmlp_cards.ui.desk_followup import reported_card


def render_incident_downloads(store: ConcernStore, stored: StoredReport) -> None:
    """Two download buttons: the document as a printable page and as JSON, built from the records now."""
    try:
        details = load_details(store, [stored])[stored.id]
    except STORE_ERRORS as error:
        explain_unavailable(error)
        return
    document = incident_document(
        stored,
        details,
        reported_card(stored.report.device_id, stored.report.card_version),
        prepared_on=store.now().date(),
    )
    st.markdown("**Incident report draft** (FDA Form 3500A and EU MIR fields; the rest marked to complete)")
    files = (
        ("html", "HTML", to_html(document), "text/html"),
        ("json", "JSON", to_json(document), "application/json"),
    )
    download_row(
        files, verb="Download", stem=f"incident-{stored.receipt}", key=f"gc_incident_{stored.receipt}"
    )


def download_row(
    files: Sequence[tuple[str, str, str, str]], *, verb: str, stem: str, key: str, disabled: bool = False
) -> None:
    """One download button per (suffix, format name, text, MIME type), side by side; keys end in the
    suffix."""
    for column, (suffix, name, data, mime) in zip(st.columns(len(files)), files, strict=True):
        column.download_button(
            f"{verb} {name}",
            data,
            file_name=f"{stem}.{suffix}",
            mime=mime,
            key=f"{key}_{suffix}",
            disabled=disabled,
        )
