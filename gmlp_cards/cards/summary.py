"""What the catalog listing needs of a card, kept in memory for every file while card bodies are not."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from gmlp_cards.model import ModelCard, Status


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """What the catalog shows for one device version: identity, status and the one-line summary."""

    device_id: str
    name: str
    maker: str
    modality: str
    clinical_area: str
    intended_users: tuple[str, ...]
    regulatory: tuple[str, ...]
    regulatory_statuses: tuple[str, ...]
    version: str
    release_date: dt.date
    status: Status
    fictional: bool
    summary: str
    transcription: str | None = None
    """Set when the manufacturer did not issue the card: who transcribed it, from what."""

    def as_record(self) -> dict[str, Any]:
        """Plain JSON values, for the catalog index (cards/index.py)."""
        record = dataclasses.asdict(self)
        record["release_date"] = self.release_date.isoformat()
        record["status"] = self.status.value
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> CatalogRow:
        """The row `as_record` wrote; a record of another shape raises (TypeError, KeyError, ValueError)."""
        fields = dict(record)
        for name in ("intended_users", "regulatory", "regulatory_statuses"):
            fields[name] = tuple(fields[name])
        fields["release_date"] = dt.date.fromisoformat(fields["release_date"])
        fields["status"] = Status(fields["status"])
        return cls(**fields)

    def haystack(self) -> str:
        return " ".join(
            (
                self.device_id,
                self.name,
                self.maker,
                self.modality,
                self.clinical_area,
                self.summary,
                *self.intended_users,
                *self.regulatory,
            )
        ).casefold()


def regulatory_label(card: ModelCard) -> tuple[str, ...]:
    """`US 510(k): cleared (K000000)` per jurisdiction; `EU MDR`, not `EU EU MDR`."""
    return tuple(
        (r.pathway if r.pathway.startswith(r.jurisdiction) else f"{r.jurisdiction} {r.pathway}")
        + f": {r.status}"
        + (f" ({r.identifier})" if r.identifier else "")
        for r in card.identity.regulatory
    ) or ("No regulatory status stated",)


def row_for(card: ModelCard) -> CatalogRow:
    identity = card.identity
    return CatalogRow(
        device_id=identity.device_id,
        name=identity.device_name,
        maker=identity.manufacturer.name,
        modality=identity.modality,
        clinical_area=identity.clinical_area,
        intended_users=tuple(card.intended_use.intended_users),
        regulatory=regulatory_label(card),
        regulatory_statuses=tuple(r.status for r in identity.regulatory),
        version=identity.card_version,
        release_date=identity.release_date,
        status=identity.status,
        fictional=identity.fictional,
        transcription=identity.transcription,
        summary=card.intended_use.summary,
    )
