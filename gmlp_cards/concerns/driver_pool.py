"""A small pool of driver connections for storing reports, without SQLAlchemy's per-checkout work.

SQLAlchemy's pool checkout, its Connection, begin and commit with their events cost a report more
Python time than the database's own work on it (issue 17), so reports are written on connections
of the driver itself (sqlite3, psycopg), held here: each is used by one thread at a time, at most
`limit` are open at once, `keep` of them stay open while idle, and one that failed is closed,
never reused. The desk's reads and every other write keep SQLAlchemy (store.transaction).
"""

from __future__ import annotations

import contextlib
import queue
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import TimeoutError as PoolTimeout

WAIT_SECONDS = 30.0
"""How long a report waits by default for a connection when all are in use (SQLAlchemy's pool's)."""


@dataclass
class DriverConnection:
    """One driver connection, its reusable cursor, and what was recorded about it when opened."""

    driver: Any
    cursor: Any
    info: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        """Close it, whatever state it is in; a transaction left open is rolled back first.

        In that order because sqlite3 only defers closing a connection whose cursor still holds a
        statement (the traceback of the error that closes it may hold the cursor): its
        transaction, and the write lock of BEGIN IMMEDIATE, would outlive the close. Each step
        may fail on a connection already dead; the rest still run.
        """
        for step in (self.cursor.close, self.driver.rollback, self.driver.close):
            with contextlib.suppress(Exception):
                step()


class DriverPool:
    """Driver connections handed to one thread at a time (the Streamlit server submits from many)."""

    def __init__(
        self,
        connect: Callable[[], DriverConnection],
        *,
        keep: int = 5,
        limit: int = 15,
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        self._connect = connect
        self._keep = keep
        self._wait = wait_seconds
        # SimpleQueue is written in C: taking and giving back cost well under a microsecond, where
        # a threading.Semaphore (Python code around a Condition) cost several per report.
        self._idle: queue.SimpleQueue[DriverConnection] = queue.SimpleQueue()
        self._slots: queue.SimpleQueue[None] = queue.SimpleQueue()  # one token per connection allowed
        for _ in range(limit):
            self._slots.put(None)
        self._closed = False

    def take(self) -> DriverConnection:
        """A connection for the calling thread alone, until it gives it back or drops it.

        Plain calls, not a context manager, for the report's own path: its two context managers
        cost a report more Python time than its pool operations.
        """
        try:
            self._slots.get(timeout=self._wait)
        except queue.Empty:
            raise PoolTimeout(f"no concern database connection came free within {self._wait:g} s") from None
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        try:
            return self._connect()
        except BaseException:
            self._slots.put(None)
            raise

    def give_back(self, held: DriverConnection) -> None:
        """Return a connection in good order (no transaction open) for the next report."""
        if self._closed or self._idle.qsize() >= self._keep:
            held.close()
        else:
            self._idle.put(held)
        self._slots.put(None)

    def drop(self, held: DriverConnection) -> None:
        """Close a connection that failed: it may be mid-transaction, dead, or pointing at a
        replaced file, so it is never handed out again; the next report opens a fresh one."""
        held.close()
        self._slots.put(None)

    @contextmanager
    def connection(self) -> Iterator[DriverConnection]:
        """`take`, then `give_back`, or `drop` when the block raises."""
        held = self.take()
        try:
            yield held
        except BaseException:
            self.drop(held)
            raise
        self.give_back(held)

    def discard_idle(self) -> None:
        """Close every idle connection (after one was found dead, the others may be too)."""
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return

    def close(self) -> None:
        """Close the idle connections; one in use is closed when it is given back."""
        self._closed = True
        self.discard_idle()
