"""The concern store's database engines: SQLite by file (sqlite_file.py), PostgreSQL by URL."""

from __future__ import annotations

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


def make_engine(
    parsed: URL, database: Path | None, schema_name: str | None, *, pre_ping: bool = True
) -> Engine:
    if database is not None:
        return sqlite_file.sqlite_engine(database)
    if parsed.get_backend_name() == "postgresql":
        connect_args: dict[str, Any] = {}
        if schema_name:
            connect_args["options"] = f"-csearch_path={schema_name}"
        return create_engine(
            parsed, pool_pre_ping=pre_ping, pool_size=10 if pre_ping else 5, connect_args=connect_args
        )
    raise ValueError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite:///path or "
        "postgresql+psycopg://user:password@host/db"
    )
