"""CSV and JSON exports of stored reports, with contact details removed where the reporter asked."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

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
)
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


def export_row(stored: StoredReport) -> dict[str, Any]:
    """One report as a flat, JSON-ready mapping in COLUMNS order."""
    report = stored.report
    return {
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


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(reports: Iterable[StoredReport], columns: Sequence[str] = COLUMNS) -> str:
    """CSV text (RFC 4180 quoting, header first), safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for stored in reports:
        row = export_row(stored)
        writer.writerow([_csv_cell(row[c]) for c in columns])
    return buffer.getvalue()


def to_json(reports: Iterable[StoredReport]) -> str:
    """JSON text: a list of reports in a stable key order, non-ASCII kept as is."""
    return json.dumps([export_row(s) for s in reports], ensure_ascii=False, indent=2) + "\n"
