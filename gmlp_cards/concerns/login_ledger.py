"""Failed desk logins in the concern database, so every replica throttles with the same counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import bindparam, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from . import schema
from .store import ConcernStore

_T = schema.login_failures


def _at(epoch_seconds: float) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, UTC)


class LoginLedger:
    """gmlp_cards.concerns.access.FailureLedger on a ConcernStore's database (table desk_login_failures).

    Each failure is one upsert per key, atomic on SQLite (BEGIN IMMEDIATE) and PostgreSQL
    (ON CONFLICT row lock), so failures counted by two replicas at once are both counted.
    """

    def __init__(self, store: ConcernStore) -> None:
        self.store = store
        dialect_insert = postgresql.insert if store.backend == "postgresql" else sqlite.insert
        at = bindparam("at", type_=schema.UTCDateTime())
        insert = dialect_insert(_T).values(key=bindparam("k"), failures=1, last_failure_at=at)
        # A key quiet since before its cutoff starts again at 1; otherwise it counts on.
        restart = _T.c.last_failure_at < bindparam("cutoff", type_=schema.UTCDateTime())
        self._upsert = insert.on_conflict_do_update(
            index_elements=[_T.c.key],
            set_={
                "failures": case((restart, 1), else_=_T.c.failures + 1),
                "last_failure_at": insert.excluded.last_failure_at,
            },
        )
        self._prune = delete(_T).where(_T.c.last_failure_at < bindparam("oldest", type_=schema.UTCDateTime()))

    def counts(self, keys: Sequence[str]) -> dict[str, tuple[int, float]]:
        """{key: (failures, last failure as epoch seconds)} for the keys that have failures."""
        query = select(_T.c.key, _T.c.failures, _T.c.last_failure_at).where(_T.c.key.in_(keys))
        with self.store.transaction(write=False) as conn:
            rows = conn.execute(query).all()
        return {row.key: (int(row.failures), row.last_failure_at.timestamp()) for row in rows}

    def add_failure(self, forget_after: Mapping[str, float], now: float) -> None:
        """Count a failure for each key; drop rows nothing would count any more (bounded table)."""
        with self.store.transaction(write=True) as conn:
            for key, forget in forget_after.items():
                conn.execute(self._upsert, {"k": key, "at": _at(now), "cutoff": _at(now - forget)})
            conn.execute(self._prune, {"oldest": _at(now - max(forget_after.values(), default=0))})

    def clear(self, keys: Sequence[str]) -> None:
        """Forget these keys (a successful login clears its user-and-client pair)."""
        with self.store.transaction(write=True) as conn:
            conn.execute(delete(_T).where(_T.c.key.in_(keys)))
