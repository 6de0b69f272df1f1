"""A database written by the previous release (schema version 2) upgrades with every row intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from concern_helpers import Target, make_report, new_submission_id
from sqlalchemy import Engine, create_engine, inspect, text

from gmlp_cards.concerns import ConcernStore, Status

FIXTURES = Path(__file__).parent / "fixtures"
V2_SQLITE = FIXTURES / "concerns_schema_v2.sql"
V2_POSTGRESQL = FIXTURES / "concerns_schema_v2_postgresql.sql"
V2_TABLES = ("concern_reports", "concern_history", "concern_store_identity", "concern_schema_version")
V3_TABLES = {
    "concern_assessments",
    "concern_assessment_codes",
    "concern_assessment_answers",
    "concern_assessment_filings",
    "concern_reporter_access",
    "concern_public_replies",
}


def all_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the version 2 tables, read with plain SQL (not through the store)."""
    with engine.connect() as conn:
        return {
            table: [tuple(row) for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
            for table in V2_TABLES
        }


def sqlite_v2(tmp_path: Path) -> Path:
    database = tmp_path / "concerns.db"
    with sqlite3.connect(database) as conn:
        conn.executescript(V2_SQLITE.read_text(encoding="utf-8"))
    return database


def pg_engine(target: Target) -> Engine:
    return create_engine(target.url, connect_args={"options": f"-csearch_path={target.schema}"})


def pg_v2(target: Target) -> None:
    engine = pg_engine(target)
    with engine.begin() as conn:
        conn.exec_driver_sql(V2_POSTGRESQL.read_text(encoding="utf-8"))
    engine.dispose()


Rows = dict[str, list[tuple[Any, ...]]]


def check_upgraded(store: ConcernStore, before: Rows, after: Rows) -> None:
    assert store.schema_version == 4
    # The version 2 rows are all there, unchanged; only the new version row was added.
    for table in ("concern_reports", "concern_history", "concern_store_identity"):
        assert after[table] == before[table], table
    assert [row[0] for row in after["concern_schema_version"]] == [1, 2, 3, 4]
    assert after["concern_schema_version"][:2] == before["concern_schema_version"]
    # Read back through the store, the reports and their histories are the ones written.
    assert store.count() == 3
    harmed = store.get("GC-2026-000002")
    assert harmed is not None
    assert harmed.report.narrative == "A missed referral; the patient was admitted later."
    assert harmed.report.contact_email == "nurse@example.org"
    closed = store.get("GC-2026-000003")
    assert closed is not None and closed.status is Status.CLOSED
    assert [(h.actor, h.note) for h in store.history("GC-2026-000003")] == [
        ("reporter", ""),
        ("bob", "Looking."),
        ("bob", "Fixed in 2.1.0."),
    ]
    # The store id is kept: the upgraded database is still the one the marker names.
    assert store.store_id == "211b34a22ee947f09528dfc62cda6830"
    # New reports continue the id sequence instead of colliding with the copied ones.
    assert store.submit(make_report(), new_submission_id()).number.endswith("-000004")


def test_a_version_2_sqlite_database_upgrades_with_every_row_intact(tmp_path: Path) -> None:
    database = sqlite_v2(tmp_path)
    plain = create_engine(f"sqlite:///{database}")
    before = all_rows(plain)
    store = ConcernStore(f"sqlite:///{database}")
    try:
        after = all_rows(plain)
        assert set(inspect(plain).get_table_names()) >= V3_TABLES
        check_upgraded(store, before, after)
    finally:
        store.close()
        plain.dispose()


@pytest.mark.postgres
def test_a_version_2_postgresql_schema_upgrades_with_every_row_intact(pg_target: Target) -> None:
    pg_v2(pg_target)
    plain = pg_engine(pg_target)
    before = all_rows(plain)
    store = ConcernStore(pg_target.url, schema_name=pg_target.schema)
    try:
        after = all_rows(plain)
        assert set(inspect(plain).get_table_names(schema=pg_target.schema)) >= V3_TABLES
        check_upgraded(store, before, after)
    finally:
        store.close()
        plain.dispose()


def test_upgrading_twice_changes_nothing_more(tmp_path: Path) -> None:
    database = sqlite_v2(tmp_path)
    ConcernStore(f"sqlite:///{database}").close()
    plain = create_engine(f"sqlite:///{database}")
    once = all_rows(plain)
    ConcernStore(f"sqlite:///{database}").close()
    assert all_rows(plain) == once
    plain.dispose()
