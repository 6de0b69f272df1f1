"""What the desk lists first: overdue and due-soon reporting clocks, and unassessed possible harm."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .assessment import RecordedAssessment, default_aware_on, suggests_health_impact
from .clocks import Jurisdiction, clock
from .store import StoredReport
from .triage import Status


class Urgency(StrEnum):
    """Why a report is at the top of the desk, most urgent first."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UNASSESSED_HARM = "unassessed_harm"


_ORDER = {Urgency.OVERDUE: 0, Urgency.DUE_SOON: 1, Urgency.UNASSESSED_HARM: 2}


@dataclass(frozen=True)
class Attention:
    """One line at the top of the desk."""

    receipt: str
    urgency: Urgency
    jurisdiction: Jurisdiction | None  # None for a report nobody has assessed yet
    due_on: date
    days_left: int
    provisional: bool


def needs_attention(
    reports: Sequence[StoredReport], current: Mapping[int, RecordedAssessment], today: date
) -> list[Attention]:
    """Overdue clocks, clocks due within DUE_SOON_DAYS, and unassessed reports that suggest harm.

    An unassessed report whose reporter describes harm is listed from the day it arrives, with the
    earliest date any jurisdiction could require a report by (a serious public health threat:
    2 days from receipt), so possible harm is looked at the same day, not when someone opens it.
    Sorted most urgent first, then by due date and receipt.
    """
    found: list[Attention] = []
    for stored in reports:
        recorded = current.get(stored.id)
        if recorded is None:
            if stored.status is not Status.CLOSED and suggests_health_impact(stored.report):
                aware = default_aware_on(stored.received_at)
                soonest = min(
                    (clock(j, {}, aware, possible_health_impact=True) for j in Jurisdiction),
                    key=lambda c: c.due_on or date.max,
                )
                if soonest.due_on is not None:
                    found.append(
                        Attention(
                            stored.receipt,
                            Urgency.UNASSESSED_HARM,
                            None,
                            soonest.due_on,
                            (soonest.due_on - today).days,
                            True,
                        )
                    )
            continue
        for running in recorded.assessment.clocks():
            left = running.days_left(today)
            if left is None or running.due_on is None:
                continue
            if running.overdue(today) or running.due_soon(today):
                urgency = Urgency.OVERDUE if running.overdue(today) else Urgency.DUE_SOON
                found.append(
                    Attention(
                        stored.receipt,
                        urgency,
                        running.jurisdiction,
                        running.due_on,
                        left,
                        running.provisional,
                    )
                )
    return sorted(found, key=lambda a: (_ORDER[a.urgency], a.due_on, a.receipt))
