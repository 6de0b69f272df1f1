"""The statements that store one report, in as few round trips as each database allows (issue 17).

A report and its first history row commit together, and the write checks, before COMMIT, that the
database is still the one the store opened (its store id). That was five statements per report
(pre-ping, the report, the history row, the store id, then COMMIT) against a bare driver loop's one:
- PostgreSQL: one statement does all three (two data-modifying CTEs and the store id), on a pool
  without pre-ping: a submission is idempotent by its id, so a connection found dead is retried once
  (store.py) instead of pinged before every report.
- SQLite (no INSERT in a CTE): the report's INSERT returns the store id as well, then the history
  row; both go to the driver's cursor directly, as SQL and value converters SQLAlchemy compiled once
  (`DriverStatement`): its per-statement machinery was most of the Python time of a report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Dialect, Insert, Select, bindparam, literal, null, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.expression import ScalarSelect

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


@cache
def postgresql_submit(names: tuple[str, ...]) -> Select[Any]:
    """One statement: the report (nothing on a repeated submission id), its first history row when it
    was new, and the store id; returns (new id or NULL, store id). Its parameters are the report's
    columns `names`, `received_at` also being the history row's time; built once per set of names."""
    reports, history = schema.reports, schema.history
    # In a CTE the INSERT takes no execution parameters of its own: name each column's.
    columns = {name: bindparam(name, type_=reports.c[name].type) for name in names}
    new = (
        postgresql.insert(reports)
        .values(columns)
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
    """An INSERT compiled once by SQLAlchemy for one dialect, run on the driver's own cursor: the SQL,
    its positional parameter names, and SQLAlchemy's converter of each value (None: passed as it is),
    so the stored bytes are exactly what SQLAlchemy would have sent."""

    sql: str
    names: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(
            value if convert is None else convert(value)
            for convert, value in zip(self.converters, (values[name] for name in self.names), strict=True)
        )


def driver_statement(statement: Insert, names: tuple[str, ...], dialect: Dialect) -> DriverStatement:
    """`statement` with a parameter for each of `names`, compiled for a positional-parameter driver."""
    table = statement.table
    bound = statement.values({name: bindparam(name, type_=table.c[name].type) for name in names})  # type: ignore[union-attr]
    compiled = bound.compile(dialect=dialect)
    order = tuple(compiled.positiontup or ())  # type: ignore[attr-defined]
    if sorted(order) != sorted(names):  # pragma: no cover - a dialect with named parameters
        raise ValueError(f"{dialect.name} does not take positional parameters")
    binds = compiled.binds  # type: ignore[attr-defined]
    return DriverStatement(
        compiled.string, order, tuple(binds[name].type.bind_processor(dialect) for name in order)
    )
