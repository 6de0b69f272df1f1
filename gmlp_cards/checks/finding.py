"""A finding: one thing a check noticed about a card, located by field path, worded per audience."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gmlp_cards.errors import format_path

Loc = tuple[str | int, ...]


class Level(StrEnum):
    """How much a finding weighs. Warnings fail `lint --strict`; notes never fail anything."""

    warning = "warning"
    note = "note"


@dataclass(frozen=True)
class Finding:
    """One derived flag. Computed from the card's content only: no card field can switch it off."""

    code: str
    level: Level
    loc: Loc
    message: str
    """For clinicians and makers: what the numbers or fields show, and why it matters."""
    patient_message: str | None = None
    """Plain words for the patient view, where the finding concerns patients at all."""

    @property
    def field(self) -> str:
        return format_path(self.loc)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "level": self.level.value,
            "field": self.field,
            "message": self.message,
            "patient_message": self.patient_message,
        }


def points(proportion: float) -> float:
    """A proportion in percentage points, rounded so that 0.90 - 0.85 compares as exactly 5."""
    return round(proportion * 100, 6)
