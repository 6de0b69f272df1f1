"""An acknowledged report is in the database the desk reads: deleted, replaced or missing files refuse."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from concern_helpers import Target, make_report, new_submission_id
from sqlalchemy import create_engine, text

from gmlp_cards.concerns import ConcernStore, StoreUnavailable
from gmlp_cards.concerns import schema as schema_module

SQLITE_ONLY = pytest.mark.parametrize("target", ["sqlite"], indirect=True)
V1_DUMP = Path(__file__).parent / "fixtures" / "concerns_schema_v1.sql"


def sqlite_files(store: ConcernStore) -> list[Path]:
    database = Path(store.url.database or "")
    return [database, Path(f"{database}-wal"), Path(f"{database}-shm")]


def delete_database(store: ConcernStore) -> None:
    for path in sqlite_files(store):
        path.unlink(missing_ok=True)  # a closed store has checkpointed and removed -wal, -shm


def stop_holding_one_report_and_delete(store: ConcernStore) -> None:
    """A store that held one report, stopped and then its file deleted (as an operator might)."""
    store.submit(make_report(), new_submission_id())
    store.close()
    delete_database(store)


def backup(store: ConcernStore, to: Path) -> None:
    with sqlite3.connect(store.url.database or "") as source, sqlite3.connect(to) as copy:
        source.backup(copy)


@SQLITE_ONLY
def test_after_the_file_is_deleted_a_report_gets_no_receipt(store: ConcernStore) -> None:
    store.submit(make_report(), new_submission_id())
    delete_database(store)
    with pytest.raises(StoreUnavailable, match="deleted or replaced"):
        store.submit(make_report(), new_submission_id())


@SQLITE_ONLY
def test_after_the_file_is_deleted_no_new_empty_file_takes_its_place(store: ConcernStore) -> None:
    store.submit(make_report(), new_submission_id())
    delete_database(store)
    for _ in range(3):  # every pooled connection is refused, and new ones cannot create the file
        with pytest.raises(StoreUnavailable):
            store.submit(make_report(), new_submission_id())
    assert not any(path.exists() for path in sqlite_files(store))


@SQLITE_ONLY
def test_after_the_file_is_deleted_listing_fails_instead_of_showing_no_reports(
    store: ConcernStore,
) -> None:
    store.submit(make_report(), new_submission_id())
    delete_database(store)
    with pytest.raises(StoreUnavailable):
        store.reports()
    with pytest.raises(StoreUnavailable):
        store.count()


@SQLITE_ONLY
def test_deleting_only_the_wal_file_is_detected(store: ConcernStore) -> None:
    store.submit(make_report(), new_submission_id())
    Path(f"{store.url.database}-wal").unlink()
    with pytest.raises(StoreUnavailable):
        store.submit(make_report(), new_submission_id())


@SQLITE_ONLY
def test_a_file_replaced_by_another_database_is_refused(
    store: ConcernStore, make_store: Callable[..., ConcernStore], tmp_path: Path
) -> None:
    store.submit(make_report(), new_submission_id())
    other = ConcernStore(f"sqlite:///{tmp_path / 'other' / 'concerns.db'}")
    other.close()
    for source, path in zip(sqlite_files(other), sqlite_files(store), strict=True):
        if source.exists():
            os.replace(source, path)
    with pytest.raises(StoreUnavailable):
        store.submit(make_report(), new_submission_id())


def test_a_database_whose_store_id_changed_is_refused(store: ConcernStore) -> None:
    # The same check runs on PostgreSQL, where a dropped and recreated database has a new id.
    with store.engine.begin() as conn:
        conn.execute(schema_module.store_identity.update().values(store_id="f" * 32))
    with pytest.raises(StoreUnavailable, match="replaced"):
        store.submit(make_report(), new_submission_id())
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM concern_reports")).scalar() == 0


@SQLITE_ONLY
def test_every_acknowledged_report_is_in_the_restored_file(store: ConcernStore, tmp_path: Path) -> None:
    acknowledged = [store.submit(make_report(), new_submission_id()).number]
    backup(store, tmp_path / "backup.db")
    delete_database(store)
    for _ in range(3):
        with contextlib.suppress(StoreUnavailable):  # refused: no receipt to count
            acknowledged.append(store.submit(make_report(), new_submission_id()).number)
    shutil.copy(tmp_path / "backup.db", store.url.database or "")
    acknowledged.append(store.submit(make_report(), new_submission_id()).number)  # no restart needed
    assert len(acknowledged) == 2
    assert [store.get(number) is not None for number in acknowledged] == [True, True]


@SQLITE_ONLY
def test_a_restart_refuses_to_create_a_new_file_where_one_existed(
    store: ConcernStore, make_store: Callable[..., ConcernStore]
) -> None:
    stop_holding_one_report_and_delete(store)
    with pytest.raises(StoreUnavailable, match="restore it"):
        make_store()
    assert not Path(store.url.database or "").exists()


@SQLITE_ONLY
def test_deleting_the_marker_starts_an_empty_database_on_purpose(
    store: ConcernStore, make_store: Callable[..., ConcernStore]
) -> None:
    stop_holding_one_report_and_delete(store)
    Path(store.url.database or "").with_name("concerns.store-id").unlink()
    fresh = make_store()
    assert fresh.count() == 0
    assert fresh.store_id != store.store_id


@SQLITE_ONLY
def test_a_restart_on_the_same_file_keeps_its_reports_and_store_id(
    store: ConcernStore, make_store: Callable[..., ConcernStore]
) -> None:
    receipt = store.submit(make_report(), new_submission_id()).number
    store.close()
    again = make_store()
    assert again.store_id == store.store_id
    assert again.get(receipt) is not None


@SQLITE_ONLY
def test_a_restart_on_a_different_database_than_recorded_is_refused(
    store: ConcernStore, make_store: Callable[..., ConcernStore], tmp_path: Path
) -> None:
    store.close()
    other = ConcernStore(f"sqlite:///{tmp_path / 'other' / 'concerns.db'}")
    other.close()
    delete_database(store)
    shutil.copy(other.url.database or "", store.url.database or "")
    with pytest.raises(StoreUnavailable, match="replaced by a different database"):
        make_store()


def test_an_in_memory_sqlite_database_is_refused() -> None:
    with pytest.raises(ValueError, match="needs a file"):
        ConcernStore("sqlite://")


def test_a_database_written_by_the_previous_release_upgrades_without_loss(tmp_path: Path) -> None:
    database = tmp_path / "concerns.db"
    with sqlite3.connect(database) as conn:
        conn.executescript(V1_DUMP.read_text(encoding="utf-8"))
    store = ConcernStore(f"sqlite:///{database}")
    try:
        assert store.schema_version == schema_module.SCHEMA_VERSION
        first, second = store.get("GC-2026-000001"), store.get("GC-2026-000002")
        assert first is not None and second is not None
        assert first.report.narrative == "First report, written by the release before the store id."
        assert second.report.contact_email == "r@example.org"
        assert [step.note for step in store.history("GC-2026-000001")] == ["", "Looking."]
        assert store.submit(make_report(), new_submission_id()).number.endswith("-000003")
        assert database.with_name("concerns.store-id").read_text().strip() == store.store_id
    finally:
        store.close()


@pytest.mark.postgres
def test_a_version_1_postgresql_schema_upgrades_without_loss(pg_target: Target) -> None:
    now = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)
    engine = create_engine(pg_target.url, connect_args={"options": f"-csearch_path={pg_target.schema}"})
    with engine.begin() as conn:
        schema_module.schema_version.create(conn)
        schema_module.MIGRATIONS[1](conn, now)
        conn.execute(schema_module.schema_version.insert().values(version=1, applied_at=now))
        conn.execute(
            text(
                "INSERT INTO concern_reports (submission_id, received_at, device_id, card_version, "
                "reporter_role, concern_type, harm_occurred, narrative, contact_consent, "
                "withhold_identity, status, status_changed_at) VALUES ('a-v1-submission', "
                "'2026-05-20 12:00+00', 'retina-screen', '2.1.0', 'clinician', "
                "'wrong_or_misleading_output', 'no', 'Stored by version 1.', false, false, 'new', "
                "'2026-05-20 12:00+00')"
            )
        )
    engine.dispose()
    store = ConcernStore(pg_target.url, schema_name=pg_target.schema)
    try:
        assert store.schema_version == schema_module.SCHEMA_VERSION
        stored = store.find_submission("a-v1-submission")
        assert stored is not None and stored.report.narrative == "Stored by version 1."
        assert store.submit(make_report(), new_submission_id()).created
    finally:
        store.close()
