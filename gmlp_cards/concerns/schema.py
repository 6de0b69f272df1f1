"""Concern tables, the schema version table, and the explicit migrations between versions."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    select,
    text,
)

SCHEMA_VERSION = 4


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both backends (SQLite has no time zone type, so store naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing a naive datetime: pass an aware UTC time")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

schema_version = Table(
    "concern_schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

reports = Table(
    "concern_reports",
    metadata,
    # The receipt (GC-<year received>-<id>) is derived from this id rather than stored, so
    # it is unique by construction and needs no second write; ids must never be reused,
    # hence AUTOINCREMENT on SQLite (PostgreSQL sequences never reuse).
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", String(64), unique=True, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("device_id", String(100), nullable=False),
    Column("card_version", String(64), nullable=False),
    Column("reporter_role", String(40), nullable=False),
    Column("concern_type", String(40), nullable=False),
    Column("harm_occurred", String(16), nullable=False),
    Column("seriousness", String(40), nullable=True),
    Column("event_date", Date, nullable=True),
    Column("narrative", Text, nullable=False),
    Column("contact_email", String(254), nullable=True),
    Column("contact_consent", Boolean, nullable=False),
    Column("withhold_identity", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_changed_at", UTCDateTime, nullable=False),
    Column("resolution", String(40), nullable=True),
    Index("ix_concern_reports_device_version", "device_id", "card_version"),
    Index("ix_concern_reports_status", "status"),
    sqlite_autoincrement=True,
)


def _report_log(name: str, *columns: Column[Any]) -> Table:
    """An append-only table of entries about a report: who wrote each one and when, then `columns`."""
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("report_id", Integer, ForeignKey("concern_reports.id"), nullable=False, index=True),
        Column("at", UTCDateTime, nullable=False),
        Column("actor", String(200), nullable=False),
        *columns,
        sqlite_autoincrement=True,
    )


def _of_assessment(name: str, *columns: Column[Any]) -> Table:
    """Rows that belong to one assessment, keyed by it and by the first of `columns`."""
    return Table(
        name,
        metadata,
        Column("assessment_id", Integer, ForeignKey("concern_assessments.id"), primary_key=True),
        *columns,
    )


history = _report_log(
    "concern_history",
    Column("from_status", String(20), nullable=True),
    Column("to_status", String(20), nullable=False),
    Column("resolution", String(40), nullable=True),
    Column("note", Text, nullable=False),
)


# Version 2. One row: a random id given to this database when it was created (or upgraded), so the
# store can tell that the database it writes to is still the one it opened.
store_identity = Table(
    "concern_store_identity",
    metadata,
    Column("store_id", String(36), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# Version 2. Failed desk logins, shared by every replica on this database (concerns.access.Lockout).
# Keys are SHA-256 digests of what they count (user and client, client, everything), so typed user
# names, which are sometimes passwords typed into the wrong box, are never stored.
login_failures = Table(
    "desk_login_failures",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", UTCDateTime, nullable=False, index=True),
)


# Version 3. A triage assessment of a report, append-only: the newest row of a report is its current
# assessment, the older ones are its assessment history (who decided what, when). Apart from the
# reports so that migration 1 keeps creating exactly the version 1 tables.
assessments = _report_log(
    "concern_assessments",
    Column("category", String(40), nullable=False),
    # The day the manufacturer became aware: every reporting clock starts here.
    Column("aware_on", Date, nullable=False),
    Column("note", Text, nullable=False),
)

# Version 3. The IMDRF adverse-event terms of an assessment (concerns.imdrf), one row per code.
assessment_codes = _of_assessment("concern_assessment_codes", Column("code", String(16), primary_key=True))

# Version 3. Reportability per jurisdiction: each criterion answered yes or no (an unanswered one
# has no row), and the day the report was filed with that authority, once it was.
assessment_answers = _of_assessment(
    "concern_assessment_answers",
    Column("jurisdiction", String(8), primary_key=True),
    Column("criterion", String(40), primary_key=True),
    Column("answer", Boolean, nullable=False),
)

assessment_filings = _of_assessment(
    "concern_assessment_filings",
    Column("jurisdiction", String(8), primary_key=True),
    Column("filed_on", Date, nullable=False),
)

# Version 3. The reporter's way back to their report: the SHA-256 of a random secret shown once
# with the receipt (the secret itself is never stored), and the manufacturer's public replies.
reporter_access = Table(
    "concern_reporter_access",
    metadata,
    Column("report_id", Integer, ForeignKey("concern_reports.id"), primary_key=True),
    Column("secret_sha256", String(64), nullable=False),
    Column("issued_at", UTCDateTime, nullable=False),
)

public_replies = _report_log("concern_public_replies", Column("text", Text, nullable=False))

# Version 4. Reports accepted from each client of the public form, for its rate limit
# (concerns.submission_limit), shared by every replica on this database. A client is kept only as an
# HMAC-SHA256 of its address under this database's own random key, never as the address: the
# reporter's network stays private. Rows older than the limit's window are deleted.
submission_attempts = Table(
    "concern_submission_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_key", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_concern_submission_attempts_client_at", "client_key", "at"),
    sqlite_autoincrement=True,
)

client_hash_key = Table(
    "concern_client_hash_key",
    metadata,
    Column("hash_key", String(64), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# Version 4. QMSR 820.35 / ISO 13485 8.2.2: the device identifier (UDI-DI) the desk recorded for a
# report, and each effort to obtain missing information. Append-only, like the assessments: the
# newest UDI row is current, the rows together are the report's record of who did what, when.
udi_records = _report_log("concern_udi_records", Column("udi_di", String(64), nullable=False))

followups = _report_log(
    "concern_followups",
    Column("effort_on", Date, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("asked", Text, nullable=False),
    Column("outcome", String(30), nullable=False),
    Column("details", Text, nullable=False),
)

VERSION_4_TABLES = [submission_attempts, client_hash_key, udi_records, followups]

VERSION_3_TABLES = [
    assessments,
    assessment_codes,
    assessment_answers,
    assessment_filings,
    reporter_access,
    public_replies,
]


def _migrate_to_1(conn: Connection, now: datetime) -> None:
    # Later migrations must be explicit statements on named tables, not create_all on every table.
    metadata.create_all(conn, tables=[reports, history])


def _migrate_to_2(conn: Connection, now: datetime) -> None:
    # New tables only: the reports and history of version 1 are left exactly as they are.
    metadata.create_all(conn, tables=[store_identity, login_failures])
    conn.execute(store_identity.insert().values(store_id=uuid.uuid4().hex, created_at=now))


def _migrate_to_3(conn: Connection, now: datetime) -> None:
    # New tables only again: nothing of version 2 is altered, so an upgrade cannot lose a report.
    metadata.create_all(conn, tables=VERSION_3_TABLES)


def _migrate_to_4(conn: Connection, now: datetime) -> None:
    # New tables only, as in 3: the key is made here, once, so every replica hashes alike.
    metadata.create_all(conn, tables=VERSION_4_TABLES)
    conn.execute(client_hash_key.insert().values(hash_key=secrets.token_hex(32), created_at=now))


MIGRATIONS: dict[int, Callable[[Connection, datetime], None]] = {
    1: _migrate_to_1,
    2: _migrate_to_2,
    3: _migrate_to_3,
    4: _migrate_to_4,
}


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer release than this one."""


def current_version(conn: Connection) -> int:
    """The schema version recorded in the database (0 when none)."""
    found = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc()))
    return int(found.scalar() or 0)


def migrate(conn: Connection, now: datetime) -> int:
    """Bring the schema up to SCHEMA_VERSION inside the caller's transaction; return the version.

    The caller holds a write lock (BEGIN IMMEDIATE on SQLite; here an advisory lock on
    PostgreSQL) so that app replicas starting together migrate once.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(740417)"))
    schema_version.create(conn, checkfirst=True)
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"the concern database has schema version {version}, but this release knows only "
            f"up to {SCHEMA_VERSION}; upgrade GMLP Cards before starting it on this database"
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[target](conn, now)
        conn.execute(schema_version.insert().values(version=target, applied_at=now))
    return SCHEMA_VERSION


def store_id(conn: Connection) -> str:
    """The id of the database this connection is on (see `store_identity`)."""
    return str(conn.execute(select(store_identity.c.store_id)).scalar_one())
