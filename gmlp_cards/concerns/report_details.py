"""Each report's triage history and current assessment, read in bulk for exports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from . import schema
from .assessment import RecordedAssessment
from .assessment_store import AssessmentLog
from .followup import DeviceRecord, DeviceRecords
from .store import ConcernStore, StoredReport
from .triage import HistoryEntry

_CHUNK = 500  # ids per IN (...) list: well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class ReportDetails:
    """What an export adds to a report: every status step, the assessment now in force, the UDI-DI
    and the follow-up efforts."""

    history: tuple[HistoryEntry, ...] = ()
    assessment: RecordedAssessment | None = None
    device: DeviceRecord = field(default_factory=DeviceRecord)


def load_details(store: ConcernStore, reports: Sequence[StoredReport]) -> dict[int, ReportDetails]:
    """{report id: details} for these reports, in a few queries rather than one per report."""
    h = schema.history
    steps: dict[int, list[HistoryEntry]] = defaultdict(list)
    ids = [s.id for s in reports]
    with store.transaction(write=False) as conn:
        for start in range(0, len(ids), _CHUNK):
            query = select(h).where(h.c.report_id.in_(ids[start : start + _CHUNK])).order_by(h.c.id)
            for row in conn.execute(query):
                steps[row.report_id].append(HistoryEntry.from_row(row))
    current = AssessmentLog(store).current()
    devices = DeviceRecords(store).of_reports(ids)
    return {i: ReportDetails(tuple(steps[i]), current.get(i), devices[i]) for i in ids}
