"""What a publishing step returns (`Outcome`) or raises when it refuses (`PublishError`).

Apart from gmlp_cards.cards.publishing so that `lock --init` (gmlp_cards.cards.lock_init) shares
them without importing the whole workflow.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class PublishError(Exception):
    """The step was refused; `reasons` says why, one sentence each, and nothing was changed."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("\n".join(reasons))


@dataclass(frozen=True)
class Outcome:
    """What a step did, for the CLI and the manufacturer page to report."""

    path: Path
    version: str
    sha256: str | None = None
    notes: tuple[str, ...] = ()
