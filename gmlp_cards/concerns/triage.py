"""Report statuses, the transitions a manufacturer may make, and the history they leave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

NOTE_MAX = 5000
ACTOR_MAX = 200


class Status(StrEnum):
    """Where a report is in the manufacturer's triage: ALLOWED says which step may follow which (a
    closed report may be reopened, back to under review)."""

    NEW = "new"
    UNDER_REVIEW = "under_review"
    CLOSED = "closed"


class Resolution(StrEnum):
    """Why a report was closed."""

    CORRECTED_IN_NEW_VERSION = "corrected_in_new_version"
    CARD_UPDATED = "card_information_updated"
    WORKING_AS_INTENDED = "working_as_intended"
    COULD_NOT_REPRODUCE = "could_not_reproduce"
    DUPLICATE = "duplicate"
    NOT_ABOUT_THIS_DEVICE = "not_about_this_device"
    OTHER = "other"


# Closing needs a resolution; reopening (closed -> under review) is allowed because new
# information arrives after closure, and the history keeps both steps.
ALLOWED: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.UNDER_REVIEW}),
    Status.UNDER_REVIEW: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset({Status.UNDER_REVIEW}),
}


class TriageError(ValueError):
    """A status change was refused; the message says why."""


class StaleStatus(TriageError):
    """Someone else changed the report since it was shown; reload and decide again."""


@dataclass(frozen=True)
class Transition:
    """A requested status change, checked by `check_transition` before it is stored."""

    to_status: Status
    actor: str
    note: str = ""
    resolution: Resolution | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One stored step of a report's life: who moved it where, when, and why."""

    at: datetime
    actor: str
    from_status: Status | None
    to_status: Status
    resolution: Resolution | None
    note: str

    @classmethod
    def from_row(cls, row: Any) -> HistoryEntry:
        """A stored concern_history row (anything with its column attributes) as an entry."""
        return cls(
            at=row.at,
            actor=row.actor,
            from_status=Status(row.from_status) if row.from_status else None,
            to_status=Status(row.to_status),
            resolution=Resolution(row.resolution) if row.resolution else None,
            note=row.note,
        )


def allowed_next(current: Status) -> list[Status]:
    """The statuses a report in `current` may move to, in a stable order."""
    return [s for s in Status if s in ALLOWED[current]]


def check_transition(current: Status, change: Transition) -> None:
    """Raise TriageError unless `change` is a valid next step from `current`."""
    if change.to_status not in ALLOWED[current]:
        raise TriageError(f"a report that is {current.value} cannot move to {change.to_status.value}")
    if not change.actor.strip() or len(change.actor) > ACTOR_MAX:
        raise TriageError("the change must name who made it")
    if len(change.note) > NOTE_MAX:
        raise TriageError(f"the note is longer than {NOTE_MAX} characters")
    if "\x00" in change.note:
        raise TriageError("the note contains a NUL character")
    if change.to_status is Status.CLOSED:
        if change.resolution is None:
            raise TriageError("closing a report needs a resolution")
        if not change.note.strip():
            raise TriageError("closing a report needs a note explaining the resolution")
    elif change.resolution is not None:
        raise TriageError("only closing a report takes a resolution")
    if current is Status.CLOSED and not change.note.strip():
        raise TriageError("reopening a report needs a note saying why")
