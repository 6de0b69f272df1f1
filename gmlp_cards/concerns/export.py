"""CSV and JSON exports a regulatory team can file from: human labels, triage history, assessment.

Contact details are removed where the reporter asked. The CSV shows each choice in words (the
labels the form and desk show); the JSON keeps the stable codes and adds the words beside them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from . import imdrf
from . import labels as wording
from .clocks import Clock, Jurisdiction
from .report_details import ReportDetails
from .store import StoredReport

COLUMNS: tuple[str, ...] = (
    "receipt",
    "received_at",
    "device_id",
    "card_version",
    "reporter_role",
    "concern_type",
    "harm_occurred",
    "seriousness",
    "event_date",
    "status",
    "status_changed_at",
    "resolution",
    "contact",
    "narrative",
    "udi_di",
    "category",
    "aware_on",
    "imdrf_codes",
    *(f"{j.value}_{part}" for j in Jurisdiction for part in ("reportability", "due_on", "filed_on")),
    "assessed_by",
    "assessment_note",
    "triage_history",
    "followups",
)
_NO_DETAILS = ReportDetails()
WITHHELD = "withheld at the reporter's request"
NO_CONSENT = ""
# Spreadsheets run cells starting with these as formulas (CSV injection); untrusted text
# gets a leading apostrophe in the CSV only. JSON stays verbatim.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def contact_for_manufacturer(stored: StoredReport) -> str:
    """The contact detail the manufacturer may see: the address, a withheld notice, or nothing."""
    report = stored.report
    if report.withhold_identity:
        return WITHHELD
    if report.contact_consent and report.contact_email:
        return report.contact_email
    return NO_CONSENT


def export_row(stored: StoredReport, details: ReportDetails = _NO_DETAILS) -> dict[str, Any]:
    """One report as a flat, JSON-ready mapping in COLUMNS order, choices as stable codes."""
    report = stored.report
    row: dict[str, Any] = {
        "receipt": stored.receipt,
        "received_at": stored.received_at.isoformat(),
        "device_id": report.device_id,
        "card_version": report.card_version,
        "reporter_role": report.reporter_role.value,
        "concern_type": report.concern_type.value,
        "harm_occurred": report.harm_occurred.value,
        "seriousness": report.seriousness.value if report.seriousness else None,
        "event_date": report.event_date.isoformat() if report.event_date else None,
        "status": stored.status.value,
        "status_changed_at": stored.status_changed_at.isoformat(),
        "resolution": stored.resolution.value if stored.resolution else None,
        "contact": contact_for_manufacturer(stored),
        "narrative": report.narrative,
    }
    row["udi_di"] = details.device.udi_di
    recorded = details.assessment
    clocks = {c.jurisdiction: c for c in recorded.assessment.clocks()} if recorded else {}
    row |= {
        "category": recorded.assessment.category.value if recorded else None,
        "aware_on": recorded.assessment.aware_on.isoformat() if recorded else None,
        "imdrf_codes": list(recorded.assessment.codes) if recorded else [],
    }
    for j in Jurisdiction:
        running = clocks.get(j)
        row[f"{j.value}_reportability"] = running.status.value if running else None
        row[f"{j.value}_due_on"] = _iso(running.due_on) if running else None
        row[f"{j.value}_filed_on"] = _iso(running.filed_on) if running else None
    row["assessed_by"] = recorded.actor if recorded else None
    row["assessment_note"] = recorded.assessment.note if recorded else None
    row["triage_history"] = [
        {
            "at": h.at.isoformat(),
            "actor": h.actor,
            "from_status": h.from_status.value if h.from_status else None,
            "to_status": h.to_status.value,
            "resolution": h.resolution.value if h.resolution else None,
            "note": h.note,
        }
        for h in details.history
    ]
    row["followups"] = [
        {
            "at": f.at.isoformat(),
            "actor": f.actor,
            "effort_on": f.entry.effort_on.isoformat(),
            "channel": f.entry.channel.value,
            "asked": f.entry.asked,
            "outcome": f.entry.outcome.value,
            "details": f.entry.details,
        }
        for f in details.device.followups
    ]
    return row


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def labelled_row(stored: StoredReport, details: ReportDetails = _NO_DETAILS) -> dict[str, Any]:
    """export_row with every choice in the words readers see (the CSV's cells)."""
    report = stored.report
    row = export_row(stored, details)
    row |= {
        "reporter_role": wording.ROLE_LABELS[report.reporter_role],
        "concern_type": wording.TYPE_LABELS[report.concern_type],
        "harm_occurred": wording.HARM_LABELS[report.harm_occurred],
        "seriousness": wording.SERIOUSNESS_LABELS[report.seriousness] if report.seriousness else None,
        "status": wording.STATUS_LABELS[stored.status],
        "resolution": wording.RESOLUTION_LABELS[stored.resolution] if stored.resolution else None,
    }
    recorded = details.assessment
    if recorded is not None:
        row["category"] = wording.CATEGORY_LABELS[recorded.assessment.category]
        row["imdrf_codes"] = "; ".join(code_words(c) for c in recorded.assessment.codes)
        for running in recorded.assessment.clocks():
            row[f"{running.jurisdiction.value}_reportability"] = _clock_words(running)
    else:
        row["imdrf_codes"] = ""
    row["triage_history"] = "\n".join(
        f"{h.at:%Y-%m-%d %H:%M} UTC {h.actor}: "
        + (f"{wording.STATUS_LABELS[h.from_status]} -> " if h.from_status else "")
        + wording.STATUS_LABELS[h.to_status]
        + (f" ({wording.RESOLUTION_LABELS[h.resolution]})" if h.resolution else "")
        + (f": {h.note}" if h.note else "")
        for h in details.history
    )
    row["followups"] = "\n".join(
        f"{f.entry.effort_on} {wording.CHANNEL_LABELS[f.entry.channel]}, by {f.actor}: asked "
        f"{f.entry.asked} -> {wording.OUTCOME_LABELS[f.entry.outcome]}"
        + (f": {f.entry.details}" if f.entry.details else "")
        for f in details.device.followups
    )
    return row


def code_words(code: str) -> str:
    """An IMDRF code with its term ("A090803 - False Negative Result"); the bare code if unknown."""
    try:
        return imdrf.term(code).label
    except imdrf.UnknownCode:  # stored under an older list: the code itself, never dropped
        return code


def _clock_words(running: Clock) -> str:
    words = wording.REPORTABILITY_LABELS[running.status]
    return words + (" (provisional)" if running.provisional else "")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(
    reports: Iterable[StoredReport],
    columns: Sequence[str] = COLUMNS,
    details: Mapping[int, ReportDetails] | None = None,
) -> str:
    """CSV text (RFC 4180 quoting, header first) with labels in words, safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for stored in reports:
        row = labelled_row(stored, (details or {}).get(stored.id, _NO_DETAILS))
        writer.writerow([_csv_cell(row[c]) for c in columns])
    return buffer.getvalue()


def to_json(reports: Iterable[StoredReport], details: Mapping[int, ReportDetails] | None = None) -> str:
    """JSON text: reports with stable codes, their words under "labels", in a stable key order."""
    rows = []
    for stored in reports:
        found = (details or {}).get(stored.id, _NO_DETAILS)
        row = export_row(stored, found)
        words = labelled_row(stored, found)
        row["labels"] = {k: words[k] for k in _LABELLED if row[k] is not None}
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


_LABELLED = (
    "reporter_role",
    "concern_type",
    "harm_occurred",
    "seriousness",
    "status",
    "resolution",
    "category",
    "imdrf_codes",
    *(f"{j.value}_reportability" for j in Jurisdiction),
)
