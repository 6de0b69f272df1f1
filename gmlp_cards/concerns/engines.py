"""The concern store's database engines: SQLite by file (sqlite_file.py), PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL

from . import sqlite_file


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        # Every pooled connection would get a database of its own: reports would vanish.
        raise ValueError("the SQLite concern store needs a file: sqlite:///path/to/concerns.db")
    return Path(url.database).resolve()


def make_engine(parsed: URL, database: Path | None, schema_name: str | None) -> Engine:
    if database is not None:
        return sqlite_file.sqlite_engine(database)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=10, connect_args=_postgresql_options(schema_name)
        )
    raise ValueError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite:///path or "
        "postgresql+psycopg://user:password@host/db"
    )


def _postgresql_options(schema_name: str | None) -> dict[str, Any]:
    return {"options": f"-csearch_path={schema_name}"} if schema_name else {}


def postgresql_connector(engine: Engine, schema_name: str | None) -> Callable[[], Any]:
    """Opens a driver connection in autocommit, to the database and schema `engine` connects to.

    With the arguments SQLAlchemy itself would pass (its type adapters among them), so a value
    written on it is stored as it would be through the engine.
    """
    args, keywords = engine.dialect.create_connect_args(engine.url)
    keywords = {**keywords, **_postgresql_options(schema_name)}
    driver = engine.dialect.loaded_dbapi
    # Autocommit: a report is one statement, its own transaction (submit_sql.postgresql_submit).
    return lambda: driver.connect(*args, autocommit=True, **keywords)
