"""A triage assessment of a report: its category, IMDRF codes, reportability answers and filings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from . import imdrf
from .clocks import CRITERIA, Clock, Jurisdiction, clock
from .report import ConcernReport, ConcernType, HarmOccurred, Seriousness
from .triage import ACTOR_MAX, NOTE_MAX, TriageError


class Category(StrEnum):
    """What kind of report it is, as the manufacturer's triage decides (not the reporter)."""

    COMPLAINT = "complaint"
    POSSIBLE_HEALTH_IMPACT = "possible_health_impact"
    SUPPORT_QUESTION = "support_question"
    CHANGE_REQUEST = "change_request"
    PRIVACY = "privacy"


class AssessmentError(TriageError):
    """An assessment was refused; the message says which field and why."""


@dataclass(frozen=True)
class Assessment:
    """What the desk decided about one report. Answers and filings are per jurisdiction."""

    category: Category
    aware_on: date
    codes: tuple[str, ...] = ()
    answers: Mapping[Jurisdiction, Mapping[str, bool]] = field(default_factory=dict)
    filed_on: Mapping[Jurisdiction, date] = field(default_factory=dict)
    note: str = ""

    def clocks(self) -> list[Clock]:
        """The reporting clock of each jurisdiction, in a stable order."""
        return [
            clock(
                j,
                self.answers.get(j, {}),
                self.aware_on,
                filed_on=self.filed_on.get(j),
                possible_health_impact=self.category is Category.POSSIBLE_HEALTH_IMPACT,
            )
            for j in Jurisdiction
        ]


@dataclass(frozen=True)
class RecordedAssessment:
    """An assessment as stored: who made it and when (the newest one of a report is current)."""

    at: datetime
    actor: str
    assessment: Assessment


def default_aware_on(received_at: datetime) -> date:
    """The awareness date the desk proposes: the day the portal received the report (UTC).

    A report sent to the manufacturer's own portal is in its hands from that moment; the event
    date the reporter gives is often weeks earlier and never starts a clock.
    """
    return received_at.astimezone(UTC).date()


def suggests_health_impact(report: ConcernReport) -> bool:
    """Whether the reporter's own answers point to harm, so the desk flags it on the day it arrives."""
    serious = report.seriousness is not None and report.seriousness is not Seriousness.NOT_SERIOUS
    return (
        report.concern_type is ConcernType.POSSIBLE_HARM
        or report.harm_occurred is HarmOccurred.YES
        or serious
    )


def check_assessment(assessment: Assessment, *, actor: str, today: date) -> Assessment:
    """The assessment with its codes checked and in the shipped list's order; AssessmentError if not valid."""
    if not actor.strip() or len(actor) > ACTOR_MAX:
        raise AssessmentError("the assessment must name who made it")
    if len(assessment.note) > NOTE_MAX or "\x00" in assessment.note:
        raise AssessmentError(f"the note must be at most {NOTE_MAX} characters, without NUL")
    if assessment.aware_on > today:
        raise AssessmentError("the awareness date cannot be in the future")
    try:
        codes = imdrf.check_codes(assessment.codes)
    except imdrf.UnknownCode as error:
        raise AssessmentError(str(error)) from None
    for jurisdiction, answers in assessment.answers.items():
        known = {c.key for c in CRITERIA[jurisdiction]}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise AssessmentError(f"{jurisdiction.value}: unknown criteria {', '.join(unknown)}")
    for jurisdiction, filed in assessment.filed_on.items():
        if filed < assessment.aware_on or filed > today:
            raise AssessmentError(
                f"{jurisdiction.value}: the filing date must be between the awareness date and today"
            )
    return Assessment(
        category=assessment.category,
        aware_on=assessment.aware_on,
        codes=codes,
        answers={j: dict(a) for j, a in assessment.answers.items() if a},
        filed_on=dict(assessment.filed_on),
        note=assessment.note,
    )
