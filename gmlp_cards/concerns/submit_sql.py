"""The statements that store one report, in as few round trips as each database allows (issue 17).

A report and its first history row commit together, and the write checks, before COMMIT, that the
database is still the one the store opened (its store id). That was five statements per report
(pre-ping, the report, the history row, the store id, then COMMIT) against a bare driver loop's one:
- PostgreSQL: one statement does all three (two data-modifying CTEs, the store id checked inside),
  alone in its transaction (autocommit): one round trip. A submission is idempotent by its id, so
  a connection found dead is retried once (store.py) instead of pinged before every report.
- SQLite (no INSERT in a CTE): the report's INSERT returns the store id as well, then the history
  row, between BEGIN IMMEDIATE and COMMIT.
Both run on the driver's cursor directly (report_writer.py), as SQL and value converters SQLAlchemy
compiled once (`DriverStatement`): its per-statement machinery was most of the Python time of a report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, Insert, Select, bindparam, exists, literal, null, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.expression import BindParameter, ScalarSelect

from gmlp_cards.concerns import schema
from gmlp_cards.concerns.triage import Status

SUBMITTER = "reporter"
"""The actor of every report's first history row."""


def _store_id() -> ScalarSelect[str]:
    return select(schema.store_identity.c.store_id).scalar_subquery()


def first_history(report_id: int, at: object) -> dict[str, object]:
    """A report's first history row: the submitter made it new, when it was received."""
    return {
        "report_id": report_id,
        "at": at,
        "actor": SUBMITTER,
        "from_status": None,
        "to_status": Status.NEW.value,
        "resolution": None,
        "note": "",
    }


def sqlite_insert_report() -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING (id, store id): nothing returned for a repeat."""
    reports = schema.reports
    return (
        sqlite.insert(reports)
        .on_conflict_do_nothing(index_elements=["submission_id"])
        .returning(reports.c.id, _store_id().label("store_id"))
    )


STORE_ID = "expected_store_id"
"""The parameter of `postgresql_submit` naming the store id the report may be written under."""


def postgresql_submit(names: tuple[str, ...]) -> Select[Any]:
    """One statement: the report (nothing on a repeated submission id, nothing either unless the
    store id is `STORE_ID`), its first history row when it was new, and the store id; returns
    (new id or NULL, store id). Its parameters are the report's columns `names`, `received_at` also
    being the history row's time, and `STORE_ID`.

    It runs alone in its own transaction (autocommit: one round trip), so the store id is checked
    inside it: a database replaced under the store gets nothing, and the store id it returns says
    why nothing was stored."""
    reports, history, identity = schema.reports, schema.history, schema.store_identity
    # In a CTE the INSERT takes no execution parameters of its own: name each column's.
    columns = [bindparam(name, type_=reports.c[name].type) for name in names]
    ours = exists().where(identity.c.store_id == bindparam(STORE_ID, type_=identity.c.store_id.type))
    new = (
        postgresql.insert(reports)
        .from_select(list(names), select(*columns).where(ours))
        .on_conflict_do_nothing(index_elements=["submission_id"])
        .returning(reports.c.id)
        .cte("new_report")
    )
    row = first_history(0, None)
    fields = list(row)  # report_id and at come from the report; the rest are the same every time
    values = select(
        new.c.id,
        bindparam("received_at", type_=history.c.at.type),
        *(null() if row[name] is None else literal(row[name]) for name in fields[2:]),
    )
    first = history.insert().from_select(fields, values).cte("first_history")
    return select(select(new.c.id).scalar_subquery().label("id"), _store_id().label("store_id")).add_cte(
        first
    )


@dataclass(frozen=True)
class DriverStatement:
    """A statement compiled once by SQLAlchemy for one dialect, run on the driver's own cursor: the
    SQL, and for each positional parameter either the name of a value to take (with SQLAlchemy's
    converter of it, None: passed as it is) or a constant the statement itself holds, so the stored
    bytes are exactly what SQLAlchemy would have sent."""

    sql: str
    slots: tuple[tuple[int, str, Callable[[Any], Any] | None], ...]  # (position, name, converter)
    constants: tuple[Any, ...]  # every position, its constant or None where a value goes

    def parameters(self, values: Mapping[str, Any]) -> list[Any]:
        given = list(self.constants)
        for index, name, convert in self.slots:
            value = values[name]
            given[index] = value if convert is None else convert(value)
        return given


def driver_statement(
    statement: Insert | Select[Any], names: tuple[str, ...], dialect: Dialect
) -> DriverStatement:
    """`statement` compiled for a positional-parameter `dialect`; `names` are the parameters a
    caller supplies, every other parameter is a constant of the statement (a `literal`).

    An INSERT (without values of its own) gets a parameter for each of `names`."""
    if isinstance(statement, Insert):
        table = statement.table
        statement = statement.values({name: bindparam(name, type_=table.c[name].type) for name in names})  # type: ignore[union-attr]
    compiled = statement.compile(dialect=dialect)
    order = tuple(compiled.positiontup or ())  # type: ignore[attr-defined]
    if not dialect.positional or not set(names) <= set(order):  # pragma: no cover - a misuse
        raise ValueError(f"{dialect.name} does not take positional parameters for {names}")
    binds = compiled.binds  # type: ignore[attr-defined]
    slots = tuple(
        (index, name, binds[name].type.bind_processor(dialect))
        for index, name in enumerate(order)
        if name in names
    )
    fixed = tuple(None if name in names else _converted(binds[name], dialect) for name in order)
    return DriverStatement(compiled.string, slots, fixed)


def _converted(bind: BindParameter[Any], dialect: Dialect) -> Any:
    convert = bind.type.bind_processor(dialect)
    return bind.effective_value if convert is None else convert(bind.effective_value)
