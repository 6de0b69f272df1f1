"""The fields of the per-report incident document (concerns.incident_form), and the facts they draw on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gmlp_cards.model import ModelCard
from gmlp_cards.model.not_stated import is_not_stated

from . import labels as wording
from .clocks import Jurisdiction
from .export import code_words
from .report_details import ReportDetails
from .store import StoredReport

TO_COMPLETE = "To complete"


@dataclass(frozen=True)
class FormField:
    """One field: its number on the form, its label, the value (None: to complete) and its source."""

    number: str
    label: str
    value: str | None
    source: str = ""  # "report", "assessment", "desk record" or "model card <version>"

    @property
    def shown(self) -> str:
        """The value, or "To complete"."""
        return TO_COMPLETE if self.value is None else self.value


@dataclass(frozen=True)
class FormSection:
    """A section of a form, with its fields in the form's order."""

    number: str
    title: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class IncidentDocument:
    """Both forms for one report."""

    receipt: str
    prepared_on: date
    fda_3500a: tuple[FormSection, ...]
    eu_mir: tuple[FormSection, ...]


class Sources:
    """The facts both forms draw on, each with the name of where it came from."""

    def __init__(self, stored: StoredReport, details: ReportDetails, card: ModelCard | None) -> None:
        self.stored, self.details, self.card = stored, details, card
        self.report = stored.report
        recorded = details.assessment
        self.assessment = recorded.assessment if recorded else None
        self.card_source = f"model card {card.identity.card_version}" if card else ""

    def answer(self, jurisdiction: Jurisdiction, criterion: str) -> bool | None:
        if self.assessment is None:
            return None
        return self.assessment.answers.get(jurisdiction, {}).get(criterion)

    def codes(self, annexes: str) -> str | None:
        codes = [c for c in (self.assessment.codes if self.assessment else ()) if c[0] in annexes]
        return "; ".join(code_words(c) for c in codes) if codes else None

    def udi(self) -> FormField:
        recorded = self.details.device.udi_di
        if recorded:
            return FormField("", "UDI-DI", recorded, "desk record")
        stated = self.card.identity.udi_di if self.card else None
        return known("", "UDI-DI", stated, self.card_source)

    def card_fact(self, number: str, label: str, value: object) -> FormField:
        return known(number, label, None if is_not_stated(value) else value, self.card_source)

    def followups(self) -> str | None:
        efforts = self.details.device.followups
        if not efforts:
            return None
        return "\n".join(
            f"{f.entry.effort_on} {wording.CHANNEL_LABELS[f.entry.channel]}: asked {f.entry.asked} -> "
            f"{wording.OUTCOME_LABELS[f.entry.outcome]}" + (f": {f.entry.details}" if f.entry.details else "")
            for f in efforts
        )


def known(number: str, label: str, value: object, source: str) -> FormField:
    """A field with `value` from `source`, or a field to complete when the value is None or empty."""
    if value is None or value == "":
        return FormField(number, label, None)
    return FormField(number, label, value.isoformat() if isinstance(value, date) else str(value), source)


def numbered(number: str, field: FormField) -> FormField:
    return FormField(number, field.label, field.value, field.source)


def yes(flag: bool | None, words: str) -> str | None:
    return words if flag else None
