"""One card file as the catalog holds it (`CardFile`), and what the lock records for it (`LockEntry`).

Its own module so that the catalog and the lock both use it without importing each other.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from gmlp_cards.cards.loader import LoadedCard
from gmlp_cards.errors import CardProblem
from gmlp_cards.model import ModelCard, Status


@dataclass(frozen=True)
class LockEntry:
    """What was recorded for one published version."""

    sha256: str
    published_at: str
    status: str = Status.published.value
    published_sha256: str | None = None
    """For a withdrawn version: the hash it had while it was published."""
    withdrawn_at: str | None = None
    withdrawal_reason: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclass(frozen=True)
class CardFile:
    """One file of the catalog: its place, and either a valid card or the reasons it is not one."""

    path: Path
    device_id: str
    version: str
    loaded: LoadedCard | None
    problems: tuple[CardProblem, ...] = ()
    tampered: bool = False
    """Its bytes disagree with cards.lock.json: `loaded` still holds the parsed card for a warning,
    but `card` is None, so it is never served as valid or as the latest version."""
    lock: LockEntry | None = None
    """What cards.lock.json records for this version (publication, withdrawal), if anything."""

    @property
    def card(self) -> ModelCard | None:
        return self.loaded.card if self.loaded and not self.problems else None

    @property
    def valid(self) -> bool:
        return self.loaded is not None and not self.problems  # exactly when `card` is not None

    @property
    def status(self) -> Status | None:
        """The card's status, from the kept summary: no need to re-parse a released body."""
        return self.loaded.summary.status if self.loaded is not None and not self.problems else None
