"""A report's device identifier (UDI-DI) and the efforts to obtain missing information.

21 CFR 820.35 (QMSR, by reference to ISO 13485:2016 8.2.2) asks that complaint records name the
device's unique device identifier and document the investigation, including attempts to get
information the complaint lacks; 21 CFR 803.50(b)(3) asks for the same before a report says
"unknown". Both are kept append-only (concern_udi_records, concern_followups), so the record shows who
entered what, and when.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Generic, TypeVar

from sqlalchemy import select

from . import schema
from .store import ConcernStore, UnknownReport, locate
from .triage import ACTOR_MAX, NOTE_MAX, TriageError

UDI_DI_MAX = 64
# Issuing agencies' device identifiers are digits (GS1 GTIN), or upper-case letters, digits and a
# few separators (HIBCC, ICCBBA, IFA): printable ASCII without spaces at either end.
_UDI_DI_RE = re.compile(r"[0-9A-Za-z+\-./:()*&%$#!]([0-9A-Za-z+\-./:()*&%$#! ]*[0-9A-Za-z+\-./:()*&%$#!])?")
_CHUNK = 500  # ids per IN (...) list, as in report_details
_Entry = TypeVar("_Entry")


class Channel(StrEnum):
    """How the manufacturer tried to reach the reporter or the user facility."""

    EMAIL = "email"
    PHONE = "phone"
    LETTER = "letter"
    IN_PERSON = "in_person"
    OTHER = "other"


class Outcome(StrEnum):
    """What the effort brought."""

    INFORMATION_RECEIVED = "information_received"
    PARTIAL_INFORMATION = "partial_information"
    NO_RESPONSE = "no_response"
    DECLINED = "declined"
    NOT_REACHABLE = "not_reachable"


class FollowUpError(TriageError):
    """A UDI-DI or a follow-up effort was refused; the message says which field and why."""


@dataclass(frozen=True)
class FollowUp:
    """One effort to obtain missing information: when, how, what was asked, what came of it."""

    effort_on: date
    channel: Channel
    asked: str
    outcome: Outcome
    details: str = ""


@dataclass(frozen=True)
class Recorded(Generic[_Entry]):
    """An entry as stored: who entered it and when."""

    at: datetime
    actor: str
    entry: _Entry


@dataclass(frozen=True)
class DeviceRecord:
    """What this module holds about one report: the UDI-DI history and the follow-up efforts."""

    udi: tuple[Recorded[str], ...] = ()
    followups: tuple[Recorded[FollowUp], ...] = ()

    @property
    def udi_di(self) -> str | None:
        """The UDI-DI in force (the newest entered), or None when none was recorded."""
        return self.udi[-1].entry if self.udi else None


def check_udi_di(text: str) -> str:
    """The UDI-DI as stored (trimmed), or FollowUpError saying what is wrong with it."""
    value = text.strip()
    if not value or len(value) > UDI_DI_MAX or not _UDI_DI_RE.fullmatch(value):
        raise FollowUpError(
            f"UDI-DI: give the device identifier as printed on the label (1 to {UDI_DI_MAX} letters, "
            "digits or the separators + - . / : ( ) * & % $ # !), e.g. the GS1 GTIN 00812345678906"
        )
    return value


def check_followup(effort: FollowUp, *, received_on: date, today: date) -> FollowUp:
    """The effort, or FollowUpError: it happened between the report's arrival and today, and says
    what was asked."""
    if not received_on <= effort.effort_on <= today:
        raise FollowUpError(
            f"Date of the effort: between the day the report arrived ({received_on}) and today ({today})"
        )
    if not effort.asked.strip() or len(effort.asked) > NOTE_MAX or len(effort.details) > NOTE_MAX:
        raise FollowUpError(f"What was asked: 1 to {NOTE_MAX} characters (and the outcome's details as many)")
    if "\x00" in effort.asked + effort.details:
        raise FollowUpError("What was asked: the text contains a NUL character")
    return effort


def _actor(actor: str) -> str:
    if not actor.strip() or len(actor) > ACTOR_MAX:
        raise FollowUpError("the entry must name who made it")
    return actor.strip()


class DeviceRecords:
    """Record and read UDI-DIs and follow-up efforts on a ConcernStore's database."""

    def __init__(self, store: ConcernStore) -> None:
        self.store = store

    def record_udi(self, receipt: str, udi_di: str, *, actor: str) -> None:
        """Record the report's UDI-DI (a correction is a new row; the old one stays in the history)."""
        value, who = check_udi_di(udi_di), _actor(actor)
        with self.store.transaction(write=True) as conn:
            row = locate(conn, receipt)
            if row is None:
                raise UnknownReport(f"no report has receipt {receipt!r}")
            conn.execute(
                schema.udi_records.insert().values(
                    report_id=row.id, at=self.store.now(), actor=who, udi_di=value
                )
            )

    def add_followup(self, receipt: str, effort: FollowUp, *, actor: str) -> None:
        """Record one effort to obtain missing information, checked first."""
        who = _actor(actor)
        with self.store.transaction(write=True) as conn:
            row = locate(conn, receipt)
            if row is None:
                raise UnknownReport(f"no report has receipt {receipt!r}")
            check_followup(effort, received_on=row.received_at.date(), today=self.store.now().date())
            conn.execute(
                schema.followups.insert().values(
                    report_id=row.id,
                    at=self.store.now(),
                    actor=who,
                    effort_on=effort.effort_on,
                    channel=effort.channel.value,
                    asked=effort.asked,
                    outcome=effort.outcome.value,
                    details=effort.details,
                )
            )

    def of_reports(self, ids: Sequence[int]) -> dict[int, DeviceRecord]:
        """{report id: its record} for these ids (empty records included), in a few queries."""
        udi: dict[int, list[Recorded[str]]] = defaultdict(list)
        efforts: dict[int, list[Recorded[FollowUp]]] = defaultdict(list)
        u, f = schema.udi_records, schema.followups
        with self.store.transaction(write=False) as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = list(ids[start : start + _CHUNK])
                for row in conn.execute(select(u).where(u.c.report_id.in_(chunk)).order_by(u.c.id)):
                    udi[row.report_id].append(Recorded(row.at, row.actor, row.udi_di))
                for row in conn.execute(select(f).where(f.c.report_id.in_(chunk)).order_by(f.c.id)):
                    effort = FollowUp(
                        row.effort_on, Channel(row.channel), row.asked, Outcome(row.outcome), row.details
                    )
                    efforts[row.report_id].append(Recorded(row.at, row.actor, effort))
        return {i: DeviceRecord(tuple(udi[i]), tuple(efforts[i])) for i in ids}
