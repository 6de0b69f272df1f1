"""One report, few round trips (issue 17): the report, its first history row and the store-id check
go together on the driver's own connection; on PostgreSQL in one statement, its own transaction."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from concern_helpers import Target, make_report, new_submission_id
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import DBAPIError

from gmlp_cards.concerns import STORE_ERRORS, ConcernStore, Status, StoreUnavailable
from gmlp_cards.concerns.driver_pool import DriverConnection
from gmlp_cards.concerns.submit_sql import SUBMITTER

SQLITE_ONLY = pytest.mark.parametrize("target", ["sqlite"], indirect=True)


def test_a_report_is_stored_with_its_first_history_row(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id())
    stored = store.get(receipt.number)
    assert stored is not None and stored.status is Status.NEW
    [first] = store.history(receipt.number)
    assert (first.actor, first.from_status, first.to_status, first.note) == (SUBMITTER, None, Status.NEW, "")
    assert first.at == stored.received_at == receipt.received_at


def test_a_repeated_submission_stores_nothing_and_answers_with_the_first_receipt(store: ConcernStore) -> None:
    submission = new_submission_id()
    first = store.submit(make_report(), submission)
    again = store.submit(make_report(), submission)
    assert (again.number, again.created, first.created) == (first.number, False, True)
    assert again.received_at == first.received_at
    assert store.count() == 1
    assert len(store.history(first.number)) == 1


def held_connection(store: ConcernStore) -> Any:
    """The pool's driver connection, left idle again: the next report is written on it."""
    with store._writer.pool.connection() as held:
        return held


def engine_checkouts(store: ConcernStore) -> list[object]:
    """Every connection SQLAlchemy's pool hands out from now on."""
    checkouts: list[object] = []
    event.listen(store.engine, "checkout", lambda *args: checkouts.append(args[0]))
    return checkouts


@SQLITE_ONLY
def test_on_sqlite_a_report_is_four_driver_statements_and_no_engine_checkout(store: ConcernStore) -> None:
    store.submit(make_report(), new_submission_id())
    statements: list[str] = []
    held_connection(store).driver.set_trace_callback(statements.append)
    checkouts = engine_checkouts(store)
    store.submit(make_report(), new_submission_id())
    assert [statement.split(" (")[0] for statement in statements] == [
        "BEGIN IMMEDIATE",
        "INSERT INTO concern_reports",
        "INSERT INTO concern_history",
        "COMMIT",
    ]
    assert checkouts == []  # no SQLAlchemy pool, Connection, begin or commit around it


@contextmanager
def protocol_trace(connection: Any) -> Iterator[list[str]]:
    """The libpq protocol messages sent and received on a psycopg connection, one per line."""
    from psycopg.pq import Trace

    lines: list[str] = []
    with tempfile.TemporaryFile("w+") as file:
        connection.pgconn.trace(file.fileno())
        connection.pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS | Trace.REGRESS_MODE)
        try:
            yield lines
        finally:
            connection.pgconn.untrace()
            file.seek(0)
            lines.extend(file.read().splitlines())


@pytest.mark.postgres
def test_on_postgresql_a_report_takes_one_round_trip(pg_target: Target) -> None:
    store = ConcernStore(pg_target.url, schema_name=pg_target.schema)
    try:
        store.submit(make_report(), new_submission_id())  # the connection has prepared it now
        checkouts = engine_checkouts(store)
        with protocol_trace(held_connection(store).driver) as trace:
            receipt = store.submit(make_report(), new_submission_id())
        sent = [line.split("\t")[2] for line in trace if line.startswith("F")]
        answers = [line for line in trace if line.startswith("B") and "ReadyForQuery" in line]
        assert sent == ["Bind", "Describe", "Execute", "Sync"], trace  # no BEGIN, COMMIT or ping
        assert len(answers) == 1 and answers[0].endswith("I"), trace  # idle: it committed
        assert checkouts == []
        assert store.get(receipt.number) is not None and len(store.history(receipt.number)) == 1
    finally:
        store.close()


def backend_pid(connection: DriverConnection) -> int:
    return int(connection.cursor.execute("SELECT pg_backend_pid()").fetchone()[0])


def terminate(url: str, pids: list[int]) -> None:
    """Drop these server connections, as a server restart or an idle timeout would."""
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            for pid in pids:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


@pytest.mark.postgres
def test_a_report_on_a_connection_the_server_dropped_is_stored_once(pg_target: Target) -> None:
    store = ConcernStore(pg_target.url, schema_name=pg_target.schema)
    try:
        store.submit(make_report(), new_submission_id())
        terminate(pg_target.url, [backend_pid(held_connection(store))])
        receipt = store.submit(make_report(), new_submission_id())
        assert receipt.created and store.get(receipt.number) is not None
        assert store.count() == 2
    finally:
        store.close()


@pytest.mark.postgres
def test_after_a_server_restart_the_retry_gets_a_new_connection_not_another_dropped_one(
    pg_target: Target,
) -> None:
    store = ConcernStore(pg_target.url, schema_name=pg_target.schema)
    try:
        with ExitStack() as stack:  # two connections at once, both idle in the pool afterwards
            held = [stack.enter_context(store._writer.pool.connection()) for _ in range(2)]
            pids = [backend_pid(connection) for connection in held]
        terminate(pg_target.url, pids)
        receipt = store.submit(make_report(), new_submission_id())
        assert receipt.created and store.count() == 1
        assert backend_pid(held_connection(store)) not in pids
    finally:
        store.close()


def test_a_database_error_mid_report_stores_nothing_and_is_a_store_error(store: ConcernStore) -> None:
    store.submit(make_report(), new_submission_id())  # the statements are prepared and cached
    with store.engine.begin() as conn:  # the history row can no longer be written
        conn.execute(text("DROP TABLE concern_history"))
    secret = "A narrative that must not reach the log with the error."
    with pytest.raises(DBAPIError) as raised:
        store.submit(make_report(narrative=secret), new_submission_id())
    assert isinstance(raised.value, STORE_ERRORS)  # what the form catches: "could not save"
    assert secret not in str(raised.value)
    assert store.count() == 1  # the report's row went back with its history row


@SQLITE_ONLY
def test_a_connection_that_failed_is_not_used_again(store: ConcernStore) -> None:
    store.submit(make_report(), new_submission_id())
    failed = held_connection(store)
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE concern_history RENAME TO concern_history_away"))
    with pytest.raises(DBAPIError):
        store.submit(make_report(), new_submission_id())
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE concern_history_away RENAME TO concern_history"))
    receipt = store.submit(make_report(), new_submission_id())
    assert held_connection(store) is not failed
    assert [step.to_status for step in store.history(receipt.number)] == [Status.NEW]


def test_reports_from_many_threads_each_get_one_history_row(store: ConcernStore) -> None:
    threads, each = 8, 25
    receipts: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def work() -> None:
        barrier.wait()
        try:
            for _ in range(each):
                receipts.append(store.submit(make_report(), new_submission_id()).number)
        except BaseException as error:  # surfaced below; a thread must not die silently
            errors.append(error)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert len(set(receipts)) == store.count() == 200
    with store.engine.connect() as conn:
        per_report = conn.execute(
            text("SELECT count(*), count(DISTINCT report_id) FROM concern_history WHERE actor = 'reporter'")
        ).one()
    assert tuple(per_report) == (200, 200)


@SQLITE_ONLY
def test_a_report_does_not_stat_the_wal_file_it_writes(
    store: ConcernStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stat marks a file's timestamps as queried (Linux 6.13+), so the commit that then writes it
    # updates its inode through the journal as well; the -wal is found by listing its folder.
    store.submit(make_report(), new_submission_id())
    database = str(Path(store.url.database or "").resolve())
    statted: list[str] = []
    real_stat = os.stat

    def recording_stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        statted.append(str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", recording_stat)
    store.submit(make_report(), new_submission_id())
    assert f"{database}-wal" not in statted
    assert set(statted) <= {str(Path(database).parent), database, f"{database}-shm"}


@SQLITE_ONLY
def test_a_wal_file_replaced_by_another_is_detected(store: ConcernStore, tmp_path: Path) -> None:
    store.submit(make_report(), new_submission_id())
    wal = Path(f"{store.url.database}-wal")
    stranger = tmp_path / "var" / "another-wal"
    stranger.write_bytes(wal.read_bytes())
    os.replace(stranger, wal)
    with pytest.raises(StoreUnavailable, match="deleted or replaced"):
        store.submit(make_report(), new_submission_id())
