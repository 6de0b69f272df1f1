"""A reporter's way back: status and the manufacturer's public reply, by receipt plus a secret.

The secret is 128 random bits, shown once with the receipt and stored only as its SHA-256 (a
fast hash is enough for a random secret of that length: guessing it is out of reach, so lookups
need no rate limit of their own). A wrong secret and an unknown receipt get the same answer.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from . import schema
from .store import ConcernStore, UnknownReport, locate
from .triage import ACTOR_MAX, NOTE_MAX, Resolution, Status, TriageError

_ACCESS = schema.reporter_access
_REPLIES = schema.public_replies


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReporterView:
    """What a reporter may see of their own report: its state and the public reply, nothing else."""

    receipt: str
    received_at: datetime
    status: Status
    status_changed_at: datetime
    resolution: Resolution | None
    reply: str | None
    replied_at: datetime | None


class ReporterAccess:
    """Issue secrets, answer lookups, and record public replies on a ConcernStore's database."""

    def __init__(self, store: ConcernStore) -> None:
        self.store = store

    def issue(self, receipt: str) -> str | None:
        """A new secret for this report, or None when one was issued before (it is given once)."""
        secret = secrets.token_urlsafe(16)
        with self.store.transaction(write=True) as conn:
            row = locate(conn, receipt)
            if row is None:
                raise UnknownReport(f"no report has receipt {receipt!r}")
            held = conn.execute(select(_ACCESS.c.report_id).where(_ACCESS.c.report_id == row.id)).first()
            if held is not None:
                return None
            # A second issue racing this one fails on the primary key and is refused whole.
            conn.execute(
                _ACCESS.insert().values(
                    report_id=row.id, secret_sha256=_digest(secret), issued_at=self.store.now()
                )
            )
        return secret

    def lookup(self, receipt: str, secret: str) -> ReporterView | None:
        """The report's state and newest public reply, or None unless receipt and secret match."""
        with self.store.transaction(write=False) as conn:
            row = locate(conn, receipt)
            if row is None:
                return None
            stored = conn.execute(
                select(_ACCESS.c.secret_sha256).where(_ACCESS.c.report_id == row.id)
            ).scalar()
            if stored is None or not hmac.compare_digest(stored, _digest(secret)):
                return None
            reply = conn.execute(
                select(_REPLIES.c.text, _REPLIES.c.at)
                .where(_REPLIES.c.report_id == row.id)
                .order_by(_REPLIES.c.id.desc())
                .limit(1)
            ).first()
        return ReporterView(
            receipt=receipt.strip(),
            received_at=row.received_at,
            status=Status(row.status),
            status_changed_at=row.status_changed_at,
            resolution=Resolution(row.resolution) if row.resolution else None,
            reply=reply.text if reply else None,
            replied_at=reply.at if reply else None,
        )

    def reply(self, receipt: str, text: str, *, actor: str) -> None:
        """Record a public reply the reporter will see (the newest one is shown); checked first."""
        if not text.strip() or len(text) > NOTE_MAX or "\x00" in text:
            raise TriageError(f"a reply needs 1 to {NOTE_MAX} characters, without NUL")
        if not actor.strip() or len(actor) > ACTOR_MAX:
            raise TriageError("the reply must name who wrote it")
        with self.store.transaction(write=True) as conn:
            row = locate(conn, receipt)
            if row is None:
                raise UnknownReport(f"no report has receipt {receipt!r}")
            conn.execute(
                _REPLIES.insert().values(
                    report_id=row.id, at=self.store.now(), actor=actor.strip(), text=text
                )
            )

    def replies(self, receipt: str) -> list[tuple[datetime, str, str]]:
        """Every public reply of a report as (when, who, text), oldest first."""
        with self.store.transaction(write=False) as conn:
            row = locate(conn, receipt)
            if row is None:
                return []
            rows = conn.execute(
                select(_REPLIES.c.at, _REPLIES.c.actor, _REPLIES.c.text)
                .where(_REPLIES.c.report_id == row.id)
                .order_by(_REPLIES.c.id)
            ).all()
        return [(r.at, r.actor, r.text) for r in rows]
