"""The SQLite file behind the store: created on a first start only, never recreated, watched while open.

An open SQLite connection to a deleted file keeps committing into the unlinked inode, and a fresh
connection would silently create an empty database in its place: both acknowledge reports that
the desk never sees again. So the file is created only when neither it nor its marker exists,
every connection opens it with `mode=rw` (never create), and each connection remembers which
files (database, -wal, -shm) it opened so a transaction can check they are still the ones on disk.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import time
import urllib.parse
from collections.abc import MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from .errors import StoreUnavailable

log = logging.getLogger(__name__)

MARKER_SUFFIX = ".store-id"
_FILES_KEY = "gc_sqlite_files"
FileIds = tuple[tuple[int, int] | None, ...]


def marker_path(database: Path) -> Path:
    """The file beside the database that records its store id (`concerns.store-id`).

    Its name does not start with the database's, so `rm concerns.db*` leaves it in place.
    """
    return database.with_name(database.stem + MARKER_SUFFIX)


def prepare(database: Path) -> bool:
    """Make sure the database file exists; return True when this call created it (a first start).

    Raises StoreUnavailable when the file is missing but its marker says one existed here.
    """
    if database.exists():
        return False
    marker = marker_path(database)
    if marker.exists():
        raise StoreUnavailable(
            f"the concern database {database} is missing, but {marker} records that one was "
            f"created here (store id {_read_marker(marker)}). Reports acknowledged earlier are in "
            "that file: restore it (with its -wal file) from a backup. To start over with an empty "
            f"database on purpose, delete {marker} and start again."
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(database).close()  # the only place a database file is ever created
    log.warning("created a new, empty concern database at %s (first start)", database)
    return True


def adopt(database: Path, store_id: str) -> None:
    """Record the database's store id in its marker, or refuse a database that is not the recorded one."""
    marker = marker_path(database)
    if marker.exists():
        recorded = _read_marker(marker)
        if recorded != store_id:
            raise StoreUnavailable(
                f"the concern database {database} has store id {store_id}, but {marker} records "
                f"{recorded}: it was replaced by a different database. Put the recorded one back, "
                f"or delete {marker} to adopt this one on purpose."
            )
        return
    # Written atomically and synced, like the database: a torn marker would refuse a good file.
    with tempfile.NamedTemporaryFile("w", dir=marker.parent, delete=False, encoding="utf-8") as tmp:
        tmp.write(store_id + "\n")
        tmp.flush()
        os.fsync(tmp.fileno())
    os.chmod(tmp.name, 0o644)
    os.replace(tmp.name, marker)
    log.info("recorded store id %s of %s in %s", store_id, database, marker)


def _read_marker(marker: Path) -> str:
    return marker.read_text(encoding="utf-8").strip()


def _file_ids(database: Path) -> FileIds:
    """(device, inode) of the database, its -wal and its -shm, in that order; None for one missing.

    Runs before every commit, so it answers from one stat of the folder when it can: a file can
    only be deleted, renamed or created in its folder by changing the folder, and that sets the
    folder's ctime (which, unlike its mtime, no one can set back). While the folder's (device,
    inode, ctime) are those of the last listing, so are its files.

    A change in the same clock tick as the one before it can leave the ctime as it was (kernels
    before 6.13 stamp with a coarse clock), the race git calls a "racily clean" index. So a
    listing is kept only when the folder last changed more than `_SETTLED_NS` before it was made;
    a folder that changed just now is listed every time until it settles.
    """
    name, folder, wal, shm = _watched(database)
    try:
        seen = os.stat(folder)
    except FileNotFoundError:
        return None, None, None
    stamp = (seen.st_dev, seen.st_ino, seen.st_ctime_ns)
    kept = _listings.get(name)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    ids = _listed_ids(name, folder, wal, shm)
    if time.time_ns() - seen.st_ctime_ns > _SETTLED_NS:
        _listings[name] = (stamp, ids)
    else:
        _listings.pop(name, None)
    return ids


# A folder's (device, inode, ctime) and its files' ids then, per database path; shared by every
# connection (they are facts about the disk, not a connection), replaced whole (no lock needed).
_listings: dict[str, tuple[tuple[int, int, int], FileIds]] = {}
_SETTLED_NS = 2_000_000_000  # far longer than any file system's timestamp tick


def _listed_ids(name: str, folder: str, wal: str, shm: str) -> FileIds:
    """The ids from the files themselves.

    The -wal's inode comes from a listing of its folder, not from a stat: since Linux 6.13 a stat
    marks a file's timestamps as queried, so the next write to it updates its inode through the
    journal too, and every commit writes the -wal. Measured, that made each commit about 70 us
    slower than the listing costs (issue 17). The database and -shm are not written by a commit
    (the -shm is mapped into memory), nor is the folder, so a stat of them costs nothing more.
    """
    first, last = _stat_id(name), _stat_id(shm)
    listed = _listed_inode(folder, wal)
    # One folder, so one device: a rename cannot bring in a file from another file system.
    device = first[0] if first is not None else 0
    return first, None if listed is None else (device, listed), last


def _stat_id(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def _listed_inode(folder: str, name: str) -> int | None:
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name == name:
                    return entry.inode()  # from the listing itself, no stat of the file
    except FileNotFoundError:
        pass
    return None


@cache
def _watched(database: Path) -> tuple[str, str, str, str]:
    """The database's path, its folder, the -wal's name in it, the -shm's path.

    Plain strings, built once: this runs before every commit, and Path objects cost more.
    """
    name = str(database)
    return name, str(database.parent), f"{database.name}-wal", f"{name}-shm"


def check_files(info: MutableMapping[Any, Any], database: Path) -> None:
    """Raise StoreUnavailable unless the files this connection opened are still the ones on disk."""
    opened = info.get(_FILES_KEY)
    now = _file_ids(database)
    # A fresh database gets its -wal and -shm at the first write, after the connection was opened:
    # a file not there at open is taken as this connection's when it first appears.
    if opened is not None and opened[0] is not None and None in opened:
        opened = tuple(was if was is not None else seen for was, seen in zip(opened, now, strict=True))
        info[_FILES_KEY] = opened
    if opened is None or now != opened:
        raise StoreUnavailable(
            f"the concern database {database} (or its -wal/-shm file) was deleted or replaced "
            "while the portal had it open, so nothing more is written to it. Restore it from a "
            "backup; the portal will not create a new one in its place."
        )


def connect(database: Path) -> sqlite3.Connection:
    """A connection to `database` read-write only (never created), in WAL mode with full sync.

    Its files are recorded with `remember_files`; the engine below and the report writer
    (report_writer.py) both open their connections here, so both write with the same settings.
    """
    if not database.exists():  # a clearer message than sqlite's "unable to open database file"
        raise StoreUnavailable(f"the concern database {database} is missing")
    uri = "file:" + urllib.parse.quote(str(database)) + "?mode=rw"
    # check_same_thread: a pool hands a connection to one thread at a time.
    connection = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
    # BEGIN is always explicit (pysqlite's implicit BEGIN would be DEFERRED, and a deferred
    # reader that later writes can fail with BUSY).
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # opens (or creates) -wal and -shm
    # FULL: a committed report survives power loss, not only a crash of the process.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    return connection


def remember_files(info: MutableMapping[Any, Any], database: Path) -> None:
    """Record in a connection's `info` which files it holds, for `check_files`.

    A file swapped between the open and here is caught by the store id check inside every
    transaction.
    """
    info[_FILES_KEY] = _file_ids(database)


def sqlite_engine(database: Path) -> Engine:
    """An engine whose connections come from `connect`: read-write only, WAL, full sync."""
    # The URL names no file (the creator opens it), so SQLAlchemy would pick its in-memory pool,
    # which shares one connection per thread; a file database wants the ordinary queue pool.
    engine = create_engine("sqlite://", creator=lambda: connect(database), poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        remember_files(record.info, database)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("gc_write", False)
        # On the driver's connection itself: SQLAlchemy's execution machinery for one BEGIN was a
        # quarter of the Python time of storing a report.
        conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")  # type: ignore[union-attr]

    return engine
