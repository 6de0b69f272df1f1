"""Durable, thread-safe storage of concern reports and their triage history (SQLAlchemy 2)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update
from sqlalchemy.engine import RowMapping, make_url
from sqlalchemy.exc import DBAPIError

from gmlp_cards.config import database_url

from . import schema, sqlite_file
from .engines import make_engine, sqlite_path
from .errors import StoreUnavailable
from .report import ConcernReport, ConcernType, HarmOccurred, ReporterRole, Seriousness
from .report_writer import check_store_id, report_writer
from .triage import HistoryEntry, Resolution, StaleStatus, Status, Transition, TriageError
from .triage import check_transition as _check_transition

_SUBMISSION_ID_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")
_RECEIPT_RE = re.compile(r"GC-(\d{4})-(\d{6,10})")
_MAX_ID = 2**31 - 1  # ids are 32-bit INTEGER; a larger number would be a database error
log = logging.getLogger(__name__)


def receipt_number(report_id: int, received_at: datetime) -> str:
    """The reader-facing receipt, e.g. GC-2026-000123; unique because the id is."""
    return f"GC-{received_at.astimezone(UTC).year}-{report_id:06d}"


def receipt_id(receipt: str) -> int | None:
    """The report id a well-formed receipt names (its year is checked against the row later)."""
    match = _RECEIPT_RE.fullmatch(receipt.strip())
    if match is None or int(match[2]) > _MAX_ID:
        return None
    return int(match[2])


class UnknownReport(TriageError):
    """No report has the given receipt number."""


@dataclass(frozen=True)
class Receipt:
    """What a reporter gets back once the report is committed."""

    number: str
    received_at: datetime
    created: bool  # False when this submission id had already been stored (a resubmission)


@dataclass(frozen=True)
class StoredReport:
    """A report as the database holds it, with its triage state."""

    id: int
    receipt: str
    submission_id: str
    received_at: datetime
    report: ConcernReport
    status: Status
    status_changed_at: datetime
    resolution: Resolution | None


@dataclass(frozen=True)
class ReportFilter:
    """Which reports to list; an empty tuple means "any"."""

    device_ids: tuple[str, ...] = ()
    card_versions: tuple[str, ...] = ()
    concern_types: tuple[ConcernType, ...] = ()
    seriousness: tuple[Seriousness, ...] = ()
    statuses: tuple[Status, ...] = ()
    received_since: date | None = None
    limit: int = field(default=10_000)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class ConcernStore:
    """Reports in SQLite (default) or PostgreSQL; one instance may be shared by many threads.

    Thread safety comes from the pools: each call checks out its own connection (SQLAlchemy's
    engine; a report, the driver's own: report_writer.py) and runs one transaction on it, so no
    connection or cursor is used by two threads at once.

    Each transaction checks that the database is still the one opened (its store id, and on SQLite
    its files on disk): a read at its start, a write just before COMMIT. On a mismatch it raises
    StoreUnavailable, so a receipt is only ever given for a report in the database the desk reads.
    """

    def __init__(
        self,
        url: str,
        *,
        schema_name: str | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.url = make_url(url)
        self._clock = clock
        self._database = sqlite_path(self.url)  # None on PostgreSQL
        if self._database is not None:
            sqlite_file.prepare(self._database)
        self.engine = make_engine(self.url, self._database, schema_name)
        # Reports are written on the driver's own connections, pooled apart from the engine's
        # (issue 17: SQLAlchemy's work per transaction cost more than the database's own).
        self._writer = report_writer(self.engine, self._database, schema_name)
        try:
            with self.transaction(write=True, verify=False) as conn:
                self.schema_version = schema.migrate(conn, self._clock())
                self.store_id = schema.store_id(conn)
            if self._database is not None:
                sqlite_file.adopt(self._database, self.store_id)
        except BaseException:
            self.engine.dispose()
            raise
        self._select_store_id = select(schema.store_identity.c.store_id)
        reports = schema.reports
        self._held = select(reports.c.id, reports.c.received_at).where(
            reports.c.submission_id == bindparam("submission_id")
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> ConcernStore:
        """Open the store the environment names (see `config.database_url`)."""
        return cls(database_url(environ, cwd))

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.engine.dialect.name

    def now(self) -> datetime:
        """The store's clock (tests pass a fixed one): what "today" is for deadlines."""
        return self._clock()

    def close(self) -> None:
        """Release pooled connections."""
        self._writer.pool.close()
        self.engine.dispose()

    @contextmanager
    def transaction(self, *, write: bool, verify: bool = True) -> Iterator[Connection]:
        """One transaction on a pooled connection (BEGIN IMMEDIATE on SQLite when `write`).

        With `verify`, a read is checked at its start and a write as its last step before COMMIT:
        a file deleted under an open connection still accepts commits, so only a check placed
        there keeps a report from being acknowledged into a file nobody can read any more.
        """
        try:
            with self.engine.connect() as conn:
                if write:
                    conn.execution_options(gc_write=True)
                try:
                    with conn.begin():
                        if verify and not write:
                            self._verify(conn)
                        yield conn
                        if verify and write:
                            self._verify(conn)
                except StoreUnavailable:
                    conn.invalidate()  # it points at the old file: never hand it out again
                    raise
        except StoreUnavailable as error:
            self._refused("a transaction", error)
            raise

    def _refused(self, what: str, error: StoreUnavailable) -> None:
        log.error("concern store refused %s, nothing was written: %s", what, error)
        # Every connection open now may point at the old file (or database), in either pool: none
        # is handed out again, so a file restored from a backup is used without a restart.
        self._writer.pool.discard_idle()
        self.engine.dispose()

    def _verify(self, conn: Connection) -> None:
        if self._database is not None:
            sqlite_file.check_files(conn.info, self._database)
        check_store_id(conn.execute(self._select_store_id).scalar(), self.store_id)

    def submit(self, report: ConcernReport, submission_id: str) -> Receipt:
        """Store `report` once per submission id; return its receipt after the commit.

        A repeated submission id (double click, rerun) stores nothing and returns the
        receipt of the report already held.
        """
        if not _SUBMISSION_ID_RE.fullmatch(submission_id):
            raise ValueError("submission id must be 8-64 characters of A-Z, a-z, 0-9, _ or -")
        now = self._clock()
        values = _report_columns(report) | {
            "submission_id": submission_id,
            "received_at": now,
            "status": Status.NEW.value,
            "status_changed_at": now,
        }
        # The report and its first history row commit together, in one transaction that also
        # checks the store id before COMMIT (report_writer.py says how few round trips it takes).
        for attempt in (1, 2):
            try:
                new_id = self._writer.write(values, self.store_id)
                break
            except DBAPIError as error:
                # A pooled PostgreSQL connection the server dropped (a restart): the submission id
                # makes a second try safe, and it is made on a fresh connection.
                if attempt == 2 or not error.connection_invalidated:
                    raise
            except StoreUnavailable as error:
                self._refused("a report", error)
                raise
        if new_id is not None:
            return Receipt(number=receipt_number(new_id, now), received_at=now, created=True)
        # Already stored by an earlier run of the same submission: its receipt, read from the
        # database the desk reads (the read checks that it still is).
        with self.transaction(write=False) as conn:
            held = conn.execute(self._held, {"submission_id": submission_id}).one()
        return Receipt(
            number=receipt_number(held.id, held.received_at), received_at=held.received_at, created=False
        )

    def get(self, receipt: str) -> StoredReport | None:
        """The report with this receipt number, or None."""
        with self.transaction(write=False) as conn:
            row = locate(conn, receipt)
        return None if row is None else _stored(row._mapping)

    def find_submission(self, submission_id: str) -> StoredReport | None:
        """The report stored under this submission id, or None."""
        with self.transaction(write=False) as conn:
            row = conn.execute(
                select(schema.reports).where(schema.reports.c.submission_id == submission_id)
            ).first()
        return None if row is None else _stored(row._mapping)

    def count(self) -> int:
        """How many reports are stored."""
        with self.transaction(write=False) as conn:
            return int(conn.execute(select(func.count()).select_from(schema.reports)).scalar_one())

    def reports(self, where: ReportFilter | None = None) -> list[StoredReport]:
        """Reports matching `where`, newest first."""
        where = where or ReportFilter()
        t = schema.reports
        query = select(t).order_by(t.c.id.desc())
        for column, wanted in (
            (t.c.device_id, where.device_ids),
            (t.c.card_version, where.card_versions),
            (t.c.concern_type, where.concern_types),
            (t.c.seriousness, where.seriousness),
            (t.c.status, where.statuses),
        ):
            if wanted:
                query = query.where(column.in_([str(w) for w in wanted]))
        if where.received_since is not None:
            since = datetime.combine(where.received_since, datetime.min.time(), tzinfo=UTC)
            query = query.where(t.c.received_at >= since)
        with self.transaction(write=False) as conn:
            rows = conn.execute(query.limit(where.limit)).all()
        return [_stored(r._mapping) for r in rows]

    def history(self, receipt: str) -> list[HistoryEntry]:
        """Every status step of a report, oldest first (empty for an unknown receipt)."""
        h = schema.history
        with self.transaction(write=False) as conn:
            found = locate(conn, receipt)
            if found is None:
                return []
            rows = conn.execute(select(h).where(h.c.report_id == found.id).order_by(h.c.id)).all()
        return [HistoryEntry.from_row(row) for row in rows]

    def transition(self, receipt: str, change: Transition, *, expected: Status) -> StoredReport:
        """Move a report to `change.to_status` if it is still in `expected`; record who and why."""
        t = schema.reports
        now = self._clock()
        with self.transaction(write=True) as conn:
            row = locate(conn, receipt, for_update=True)
            if row is None:
                raise UnknownReport(f"no report has receipt {receipt!r}")
            current = Status(row.status)
            if current is not expected:
                raise StaleStatus(f"{receipt} is now {current.value} (changed by someone else); reload it")
            _check_transition(current, change)
            resolution = change.resolution.value if change.resolution else None
            conn.execute(
                update(t)
                .where(t.c.id == row.id)
                .values(status=change.to_status.value, status_changed_at=now, resolution=resolution)
            )
            conn.execute(
                schema.history.insert().values(
                    report_id=row.id,
                    at=now,
                    actor=change.actor.strip(),
                    from_status=current.value,
                    to_status=change.to_status.value,
                    resolution=resolution,
                    note=change.note,
                )
            )
            stored = conn.execute(select(t).where(t.c.id == row.id)).one()
        return _stored(stored._mapping)


def locate(conn: Connection, receipt: str, *, for_update: bool = False) -> Any:
    """The report row a receipt names, or None; the year must match as well as the id."""
    report_id = receipt_id(receipt)
    if report_id is None:
        return None
    t = schema.reports
    query = select(t).where(t.c.id == report_id)
    row = conn.execute(query.with_for_update() if for_update else query).first()
    if row is None or receipt_number(row.id, row.received_at) != receipt.strip():
        return None
    return row


def _report_columns(report: ConcernReport) -> dict[str, Any]:
    data = report.model_dump(mode="python")
    for key in ("reporter_role", "concern_type", "harm_occurred", "seriousness"):
        if data[key] is not None:
            data[key] = str(data[key].value)
    if not data["contact_consent"]:
        # No consent, no address: never keep contact details the reporter did not agree to.
        data["contact_email"] = None
    return data


def _stored(row: RowMapping) -> StoredReport:
    # Rows were validated when stored; rebuilding without re-validation keeps old reports
    # readable even if today's rules (e.g. the catalog or date window) would now refuse them.
    report = ConcernReport.model_construct(
        device_id=row["device_id"],
        card_version=row["card_version"],
        reporter_role=ReporterRole(row["reporter_role"]),
        concern_type=ConcernType(row["concern_type"]),
        harm_occurred=HarmOccurred(row["harm_occurred"]),
        seriousness=Seriousness(row["seriousness"]) if row["seriousness"] else None,
        event_date=row["event_date"],
        narrative=row["narrative"],
        contact_email=row["contact_email"],
        contact_consent=bool(row["contact_consent"]),
        withhold_identity=bool(row["withhold_identity"]),
    )
    return StoredReport(
        id=row["id"],
        receipt=receipt_number(row["id"], row["received_at"]),
        submission_id=row["submission_id"],
        received_at=row["received_at"],
        report=report,
        status=Status(row["status"]),
        status_changed_at=row["status_changed_at"],
        resolution=Resolution(row["resolution"]) if row["resolution"] else None,
    )
