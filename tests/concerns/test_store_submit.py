"""One report, few round trips (issue 17): the report, its first history row and the store-id check
go together; on PostgreSQL in one statement, on a pool that does not ping before every report."""

from __future__ import annotations

import pytest
from concern_helpers import make_report, new_submission_id
from sqlalchemy import create_engine, event, text

from gmlp_cards.concerns import ConcernStore, Status
from gmlp_cards.concerns.submit_sql import SUBMITTER


def test_a_report_is_stored_with_its_first_history_row(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id())
    stored = store.get(receipt.number)
    assert stored is not None and stored.status is Status.NEW
    [first] = store.history(receipt.number)
    assert (first.actor, first.from_status, first.to_status, first.note) == (SUBMITTER, None, Status.NEW, "")
    assert first.at == stored.received_at


def test_a_repeated_submission_stores_nothing_and_answers_with_the_first_receipt(store: ConcernStore) -> None:
    submission = new_submission_id()
    first = store.submit(make_report(), submission)
    again = store.submit(make_report(), submission)
    assert (again.number, again.created, first.created) == (first.number, False, True)
    assert store.count() == 1
    assert len(store.history(first.number)) == 1


@pytest.mark.postgres
def test_on_postgresql_a_report_takes_one_statement(pg_target) -> None:  # type: ignore[no-untyped-def]
    store = ConcernStore(pg_target.url, schema_name=pg_target.schema)
    try:
        store.submit(make_report(), new_submission_id())  # the pool has its connection now
        statements: list[str] = []
        event.listen(store._submit_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        store.submit(make_report(), new_submission_id())
        assert len(statements) == 1, statements  # no ping, no second insert, no separate check
        assert statements[0].startswith("WITH new_report AS")
    finally:
        store.close()


@pytest.mark.postgres
def test_a_report_on_a_connection_the_server_dropped_is_stored_once(pg_target) -> None:  # type: ignore[no-untyped-def]
    store = ConcernStore(pg_target.url, schema_name=pg_target.schema)
    admin = create_engine(pg_target.url)
    try:
        store.submit(make_report(), new_submission_id())
        with store._submit_engine.connect() as conn:  # the pooled connection the next report gets
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        with admin.begin() as conn:  # as a server restart or an idle timeout would
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        receipt = store.submit(make_report(), new_submission_id())
        assert receipt.created and store.get(receipt.number) is not None
        assert store.count() == 2
    finally:
        admin.dispose()
        store.close()
