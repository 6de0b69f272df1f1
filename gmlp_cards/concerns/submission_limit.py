"""The public form's rate limit: reports accepted per client in a sliding window, in the database.

The counts live in the concern database (table concern_submission_attempts), so every app replica on
one PostgreSQL enforces one limit. A client is stored only as an HMAC-SHA256 of its address under a
random key kept in that database (concern_client_hash_key): the table never holds an address, and the
same address gives unrelated keys in two databases.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, delete, func, select, text

from . import schema
from .store import ConcernStore

_T = schema.submission_attempts
# First argument of PostgreSQL's two-key advisory lock; the second is the client key's hash, so
# two replicas counting the same client wait for each other and other clients do not.
_LOCK_SPACE = 740418


@dataclass(frozen=True)
class Admission:
    """Whether a report from this client may be stored now, and when it may try again if not."""

    allowed: bool
    attempt_id: int | None  # the row counting this report, given back by `release` when nothing is stored
    retry_at: datetime | None  # when the oldest report in the window leaves it (refusals only)


class SubmissionLimit:
    """At most `reports` reports per client in any `window`, on a ConcernStore's database."""

    def __init__(self, store: ConcernStore, *, reports: int, window: timedelta) -> None:
        if reports < 1 or window <= timedelta(0):
            raise ValueError("a rate limit needs at least one report in a window longer than zero")
        self.store = store
        self.reports = reports
        self.window = window
        with store.transaction(write=False) as conn:
            self._hash_key = bytes.fromhex(
                conn.execute(select(schema.client_hash_key.c.hash_key)).scalar_one()
            )
        self._in_window = (
            select(_T.c.at)
            .where(_T.c.client_key == bindparam("client_key"))
            .where(_T.c.at > bindparam("since", type_=schema.UTCDateTime()))
            .order_by(_T.c.at)
        )
        self._prune = delete(_T).where(_T.c.at <= bindparam("since", type_=schema.UTCDateTime()))

    def client_key(self, client: str) -> str:
        """What the database keeps of a client address: its HMAC-SHA256 under this database's key."""
        return hmac.new(self._hash_key, client.encode("utf-8"), hashlib.sha256).hexdigest()

    def admit(self, client: str) -> Admission:
        """Count one report from `client` if it is under the limit (atomic across replicas)."""
        key = self.client_key(client)
        now = self.store.now()
        since = now - self.window
        with self.store.transaction(write=True) as conn:
            _lock(conn, key)
            # Old rows are of no use to any limit and would keep a trace of who reported: drop them.
            conn.execute(self._prune, {"since": since})
            times = list(conn.execute(self._in_window, {"client_key": key, "since": since}).scalars())
            if len(times) >= self.reports:
                return Admission(False, None, times[len(times) - self.reports] + self.window)
            attempt_id = conn.execute(
                _T.insert().values(client_key=key, at=now).returning(_T.c.id)
            ).scalar_one()
        return Admission(True, int(attempt_id), None)

    def release(self, admission: Admission) -> None:
        """Uncount an admitted report that was not stored after all (the store failed)."""
        if admission.attempt_id is None:
            return
        with self.store.transaction(write=True) as conn:
            conn.execute(delete(_T).where(_T.c.id == admission.attempt_id))

    def counted(self) -> int:
        """How many reports the table holds (all clients; tests and operators read this)."""
        with self.store.transaction(write=False) as conn:
            return int(conn.execute(select(func.count()).select_from(_T)).scalar_one())


def _lock(conn: Connection, key: str) -> None:
    # SQLite's write transaction (BEGIN IMMEDIATE) already serialises writers; PostgreSQL's READ
    # COMMITTED would let two replicas both count 4 and both insert, so they take a lock per client.
    if conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:space, :client)"),
            {"space": _LOCK_SPACE, "client": int(key[:8], 16) - 2**31},
        )
