"""One report written on the driver's own connection, in as few round trips as each database allows.

- SQLite: BEGIN IMMEDIATE, the report (its INSERT also returns the store id), its first history
  row, the store id checked, the files checked last, COMMIT: four driver calls, as a bare loop's
  three plus the history row.
- PostgreSQL: one statement in autocommit (submit_sql.postgresql_submit): the report, its history
  row and the store-id check in one round trip, where a bare loop takes three (BEGIN, INSERT,
  COMMIT). The statement is prepared once per connection (psycopg `prepare=True`).

A connection the server dropped raises a DBAPIError with `connection_invalidated`: every idle
connection is closed with it, so the store's one retry (store.submit) gets a fresh one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import Dialect, Engine
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.exc import DBAPIError

from . import schema, sqlite_file, submit_sql
from .driver_pool import DriverConnection, DriverPool
from .engines import postgresql_connector
from .errors import StoreUnavailable
from .submit_sql import DriverStatement, driver_statement, first_history

T = TypeVar("T")


def check_store_id(found: object, expected: str) -> None:
    """Raise StoreUnavailable unless the database holds the store id it had when it was opened."""
    if found != expected:
        raise StoreUnavailable(
            f"the concern database now has store id {found}, not {expected} as when it "
            "was opened: it was replaced. Put the original back (from a backup)."
        )


class ReportWriter(Protocol):
    """Stores a report's columns (and its first history row) in one transaction."""

    pool: DriverPool

    def write(self, values: Mapping[str, Any], store_id: str) -> int | None:
        """The new report's id, or None when its submission id was stored before (nothing written).

        Raises StoreUnavailable, nothing written, unless the database's store id is `store_id`.
        """


def report_writer(engine: Engine, database: Path | None, schema_name: str | None) -> ReportWriter:
    """The writer for `engine`'s database (a SQLite file when `database` is given)."""
    if database is not None:
        return SqliteWriter(database, engine.dialect)
    return PostgresWriter(engine, schema_name)


class _Compiled:
    """A report's statement compiled once per set of column names (reports differ in none today)."""

    def __init__(self, build: Callable[[tuple[str, ...]], DriverStatement]) -> None:
        self._build = build
        self._statements: dict[tuple[str, ...], DriverStatement] = {}

    def get(self, names: tuple[str, ...]) -> DriverStatement:
        found = self._statements.get(names)
        if found is None:  # two threads may both build it: the same statement either way
            found = self._statements[names] = self._build(names)
        return found


class SqliteWriter:
    """BEGIN IMMEDIATE, two INSERTs, the checks, COMMIT, on a sqlite3 connection of the file."""

    def __init__(self, database: Path, dialect: Dialect) -> None:
        self._database = database
        self._dialect = dialect
        self._reports = _Compiled(self._report)
        names = tuple(first_history(0, None))
        self._history = driver_statement(schema.history.insert(), names, dialect)
        self.pool = DriverPool(self._open)

    def _open(self) -> DriverConnection:
        driver = sqlite_file.connect(self._database)
        held = DriverConnection(driver, driver.cursor())
        sqlite_file.remember_files(held.info, self._database)
        return held

    def _report(self, names: tuple[str, ...]) -> DriverStatement:
        return driver_statement(submit_sql.sqlite_insert_report(), names, self._dialect)

    def write(self, values: Mapping[str, Any], store_id: str) -> int | None:
        report = self._reports.get(tuple(values))
        return _on_connection(
            self.pool, self._dialect, report.sql, lambda held: self._write(held, report, values, store_id)
        )

    def _write(
        self, held: DriverConnection, report: DriverStatement, values: Mapping[str, Any], store_id: str
    ) -> int | None:
        cursor = held.cursor
        cursor.execute("BEGIN IMMEDIATE")
        stored = cursor.execute(report.sql, report.parameters(values)).fetchone()
        if stored is None:  # the submission id is held already: nothing was written
            cursor.execute("ROLLBACK")
            return None
        new_id, found = stored
        history = first_history(new_id, values["received_at"])
        cursor.execute(self._history.sql, self._history.parameters(history))
        check_store_id(found, store_id)
        sqlite_file.check_files(held.info, self._database)  # last, just before COMMIT
        cursor.execute("COMMIT")
        return int(new_id)


class PostgresWriter:
    """One prepared statement in autocommit on a psycopg connection."""

    def __init__(self, engine: Engine, schema_name: str | None) -> None:
        self._connect = postgresql_connector(engine, schema_name)
        # The engine's dialect sends named parameters; the driver's cursor takes positional ones
        # as well, which it binds without looking names up (same dialect, same type converters).
        dialect_class = cast("type[DefaultDialect]", type(engine.dialect))
        self._dialect = dialect_class(paramstyle="format", dbapi=engine.dialect.loaded_dbapi)
        self._reports = _Compiled(self._report)
        self.pool = DriverPool(self._open)

    def _open(self) -> DriverConnection:
        driver = self._connect()
        return DriverConnection(driver, driver.cursor())

    def _report(self, names: tuple[str, ...]) -> DriverStatement:
        statement = submit_sql.postgresql_submit(names)
        return driver_statement(statement, (*names, submit_sql.STORE_ID), self._dialect)

    def write(self, values: Mapping[str, Any], store_id: str) -> int | None:
        report = self._reports.get(tuple(values))
        parameters = report.parameters({**values, submit_sql.STORE_ID: store_id})
        new_id, found = _on_connection(
            self.pool,
            self._dialect,
            report.sql,
            lambda held: held.cursor.execute(report.sql, parameters, prepare=True).fetchone(),
            # psycopg: the server closed it, or the socket failed (read before the pool closes it:
            # a connection closed on purpose is not "broken")
            lost=lambda held: bool(held.driver.broken),
        )
        # The statement wrote nothing unless the store id was ours; this says why it did not.
        check_store_id(found, store_id)
        return None if new_id is None else int(new_id)


def _on_connection(
    pool: DriverPool,
    dialect: Dialect,
    sql: str,
    work: Callable[[DriverConnection], T],
    *,
    lost: Callable[[DriverConnection], bool] = lambda held: False,
) -> T:
    """`work` on a connection of `pool`, given back after; on an error the connection is closed (its
    transaction rolled back) and never reused, and a driver error is raised as SQLAlchemy's. When
    `lost` says the server dropped it, every idle connection goes too (a restarted server dropped
    them all). Plain calls, not a context manager: this is every report's path."""
    try:
        held = pool.take()
    except dialect.loaded_dbapi.Error as error:  # it could not connect
        raise _wrapped(dialect, sql, error, lost=False) from error
    try:
        result = work(held)
    except dialect.loaded_dbapi.Error as error:
        gone = lost(held)
        pool.drop(held)
        if gone:
            pool.discard_idle()
        raise _wrapped(dialect, sql, error, lost=gone) from error
    except BaseException:
        pool.drop(held)
        raise
    pool.give_back(held)
    return result


def _wrapped(dialect: Dialect, sql: str, error: Exception, *, lost: bool) -> BaseException:
    """The driver's error as SQLAlchemy's, which callers catch (errors.STORE_ERRORS), without the
    report's values in its text; `connection_invalidated` is what store.submit retries on."""
    base = dialect.loaded_dbapi.Error
    return DBAPIError.instance(
        sql, None, error, base, hide_parameters=True, connection_invalidated=lost, dialect=dialect
    )
