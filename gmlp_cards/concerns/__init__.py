"""Concern reports: the report model, its durable store, triage and exports (no Streamlit)."""

from .errors import STORE_ERRORS, StoreUnavailable
from .report import (
    ConcernReport,
    ConcernType,
    HarmOccurred,
    ReporterRole,
    ReportInvalid,
    Seriousness,
    parse_report,
)
from .store import ConcernStore, Receipt, ReportFilter, StoredReport, UnknownReport
from .triage import Resolution, StaleStatus, Status, Transition, TriageError

__all__ = [
    "STORE_ERRORS",
    "ConcernReport",
    "ConcernStore",
    "ConcernType",
    "HarmOccurred",
    "Receipt",
    "ReportFilter",
    "ReportInvalid",
    "ReporterRole",
    "Resolution",
    "Seriousness",
    "StaleStatus",
    "Status",
    "StoreUnavailable",
    "StoredReport",
    "Transition",
    "TriageError",
    "UnknownReport",
    "parse_report",
]
