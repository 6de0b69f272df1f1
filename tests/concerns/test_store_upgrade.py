"""Databases written by earlier releases (schema versions 2 and 3) upgrade with every row intact."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from concern_helpers import Target, make_report, new_submission_id
from sqlalchemy import Engine, create_engine, inspect, text

from gmlp_cards.concerns import ConcernStore, Status
from gmlp_cards.concerns.assessment import Category
from gmlp_cards.concerns.assessment_store import AssessmentLog
from gmlp_cards.concerns.clocks import Jurisdiction
from gmlp_cards.concerns.reporter_access import ReporterAccess

FIXTURES = Path(__file__).parent / "fixtures"
V2_SQLITE = FIXTURES / "concerns_schema_v2.sql"
V2_POSTGRESQL = FIXTURES / "concerns_schema_v2_postgresql.sql"
V3_SQLITE = FIXTURES / "concerns_schema_v3.sql"
V3_POSTGRESQL = FIXTURES / "concerns_schema_v3_postgresql.sql"
V2_TABLES = ("concern_reports", "concern_history", "concern_store_identity", "concern_schema_version")
V3_TABLES = {
    "concern_assessments",
    "concern_assessment_codes",
    "concern_assessment_answers",
    "concern_assessment_filings",
    "concern_reporter_access",
    "concern_public_replies",
}
V4_TABLES = {
    "concern_submission_attempts",
    "concern_client_hash_key",
    "concern_udi_records",
    "concern_followups",
}


def all_rows(engine: Engine, tables: Any = V2_TABLES) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of these tables (the version 2 ones by default), read with plain SQL, not the store."""
    with engine.connect() as conn:
        return {
            table: [tuple(row) for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]
            for table in sorted(tables)
        }


def sqlite_from(tmp_path: Path, dump: Path = V2_SQLITE) -> Path:
    database = tmp_path / "concerns.db"
    with sqlite3.connect(database) as conn:
        conn.executescript(dump.read_text(encoding="utf-8"))
    return database


def pg_engine(target: Target) -> Engine:
    return create_engine(target.url, connect_args={"options": f"-csearch_path={target.schema}"})


def pg_from(target: Target, dump: Path = V2_POSTGRESQL) -> None:
    engine = pg_engine(target)
    with engine.begin() as conn:
        conn.exec_driver_sql(dump.read_text(encoding="utf-8"))
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
    database = sqlite_from(tmp_path)
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
    pg_from(pg_target)
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
    database = sqlite_from(tmp_path)
    ConcernStore(f"sqlite:///{database}").close()
    plain = create_engine(f"sqlite:///{database}")
    once = all_rows(plain)
    ConcernStore(f"sqlite:///{database}").close()
    assert all_rows(plain) == once
    plain.dispose()


V3_KEPT = (set(V2_TABLES) - {"concern_schema_version"}) | V3_TABLES


def check_v3_upgraded(store: ConcernStore, before: Rows, after: Rows, versions: list[int]) -> None:
    assert store.schema_version == 4
    for table in V3_KEPT:  # every version 3 row is there, unchanged
        assert after[table] == before[table], table
    assert versions == [1, 2, 3, 4]
    # The assessment, the reporter's secret and the public reply still work through the store.
    [recorded] = AssessmentLog(store).history("GC-2026-000002")
    assert (recorded.actor, recorded.at) == ("alice", datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    assessment = recorded.assessment
    assert assessment.category is Category.POSSIBLE_HEALTH_IMPACT
    assert assessment.aware_on == date(2026, 11, 20)
    assert assessment.codes == ("A090803",)
    assert assessment.answers[Jurisdiction.EU] == {"serious_incident": True, "causal_relationship": False}
    assert assessment.filed_on == {Jurisdiction.US: date(2026, 11, 24)}
    view = ReporterAccess(store).lookup("GC-2026-000002", "schema-three-secret")
    assert view is not None and view.reply == "We are investigating and will write again."
    assert ReporterAccess(store).lookup("GC-2026-000002", "a guess") is None
    # The new tables start empty but for this database's own hash key.
    for table in ("concern_submission_attempts", "concern_udi_records", "concern_followups"):
        assert after[table] == [], table
    assert len(after["concern_client_hash_key"]) == 1 and len(after["concern_client_hash_key"][0][0]) == 64
    assert store.submit(make_report(), new_submission_id()).number.endswith("-000004")


def schema_versions(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT version FROM concern_schema_version ORDER BY 1")).scalars())


def upgrade_v3(plain: Engine, url: str, schema_name: str | None = None) -> None:
    """Open the store on the version 3 database `plain` reads, and check what the upgrade kept."""
    before = all_rows(plain, V3_KEPT)
    store = ConcernStore(url, schema_name=schema_name)
    try:
        after = all_rows(plain, V3_KEPT | V4_TABLES)
        check_v3_upgraded(store, before, after, schema_versions(plain))
    finally:
        store.close()
        plain.dispose()


def test_a_version_3_sqlite_database_upgrades_with_every_row_intact(tmp_path: Path) -> None:
    database = sqlite_from(tmp_path, V3_SQLITE)
    upgrade_v3(create_engine(f"sqlite:///{database}"), f"sqlite:///{database}")


@pytest.mark.postgres
def test_a_version_3_postgresql_schema_upgrades_with_every_row_intact(pg_target: Target) -> None:
    pg_from(pg_target, V3_POSTGRESQL)
    upgrade_v3(pg_engine(pg_target), pg_target.url, pg_target.schema)
