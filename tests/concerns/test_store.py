"""ConcernStore: receipts, idempotent submission, read-back, filters and schema versions."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from concern_helpers import NOW, make_report, new_submission_id
from sqlalchemy import text

from gmlp_cards.concerns import (
    ConcernReport,
    ConcernStore,
    ConcernType,
    ReportFilter,
    Seriousness,
    Status,
    Transition,
)
from gmlp_cards.concerns import schema as schema_module
from gmlp_cards.concerns.schema import SchemaTooNew
from gmlp_cards.concerns.store import receipt_number
from gmlp_cards.config import database_url


def test_submit_answers_with_a_receipt_like_gc_year_number(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id())
    assert re.fullmatch(r"GC-\d{4}-\d{6}", receipt.number)
    assert receipt.created


def test_receipt_year_is_the_year_received(make_store) -> None:
    store = make_store(clock=lambda: NOW)
    assert store.submit(make_report(), new_submission_id()).number == "GC-2026-000001"


def test_receipt_number_pads_to_six_digits_and_grows_beyond() -> None:
    assert receipt_number(123, NOW) == "GC-2026-000123"
    assert receipt_number(1_234_567, NOW) == "GC-2026-1234567"


def test_each_submission_gets_a_different_receipt(store: ConcernStore) -> None:
    numbers = {store.submit(make_report(), new_submission_id()).number for _ in range(5)}
    assert len(numbers) == 5


def test_same_submission_id_twice_stores_one_report(store: ConcernStore) -> None:
    submission = new_submission_id()
    first = store.submit(make_report(), submission)
    second = store.submit(make_report(), submission)
    assert store.count() == 1
    assert second.number == first.number
    assert (first.created, second.created) == (True, False)


def test_resubmission_returns_what_the_database_holds(store: ConcernStore) -> None:
    submission = new_submission_id()
    first = store.submit(make_report(narrative="The first text that was actually stored."), submission)
    again = store.submit(make_report(narrative="A different text from a stale retry."), submission)
    assert again.number == first.number
    stored = store.get(first.number)
    assert stored is not None
    assert stored.report.narrative == "The first text that was actually stored."


def test_stored_report_reads_back_equal_to_the_submitted_one(store: ConcernStore) -> None:
    report = make_report(
        harm_occurred="yes",
        seriousness="hospitalization",
        contact_email="a.b@example.org",
        contact_consent=True,
        withhold_identity=True,
    )
    stored = store.get(store.submit(report, new_submission_id()).number)
    assert stored is not None
    assert stored.report == report
    assert stored.status is Status.NEW
    assert stored.resolution is None


def test_received_time_is_timezone_aware_utc(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id())
    assert receipt.received_at.tzinfo is not None
    assert receipt.received_at.utcoffset().total_seconds() == 0


def test_contact_email_without_consent_is_never_stored(store: ConcernStore) -> None:
    # The model refuses this combination; the store still drops it if one slips through.
    sneaky = ConcernReport.model_construct(
        **(make_report().model_dump() | {"contact_email": "x@example.org"})
    )
    stored = store.get(store.submit(sneaky, new_submission_id()).number)
    assert stored is not None
    assert stored.report.contact_email is None


def test_unknown_or_malformed_receipt_reads_as_none(store: ConcernStore) -> None:
    assert store.get("GC-2026-999999") is None
    assert store.get("GC-2026-999999999999") is None
    assert store.get("'; DROP TABLE concern_reports; --") is None


def test_a_receipt_with_the_wrong_year_or_padding_finds_nothing(make_store) -> None:
    store = make_store(clock=lambda: NOW)
    assert store.submit(make_report(), new_submission_id()).number == "GC-2026-000001"
    assert store.get("GC-2025-000001") is None
    assert store.get("GC-2026-0000001") is None
    assert store.get(" GC-2026-000001 ") is not None


def test_submission_id_must_look_like_one(store: ConcernStore) -> None:
    with pytest.raises(ValueError, match="submission id"):
        store.submit(make_report(), "short")
    assert store.count() == 0


def test_find_submission_finds_the_stored_report(store: ConcernStore) -> None:
    submission = new_submission_id()
    receipt = store.submit(make_report(), submission)
    found = store.find_submission(submission)
    assert found is not None and found.receipt == receipt.number


def test_reports_are_listed_newest_first(store: ConcernStore) -> None:
    numbers = [store.submit(make_report(), new_submission_id()).number for _ in range(3)]
    assert [s.receipt for s in store.reports()] == list(reversed(numbers))


def test_filters_combine_device_version_type_seriousness_and_status(store: ConcernStore) -> None:
    store.submit(make_report(), new_submission_id())
    store.submit(make_report(card_version="2.2.0"), new_submission_id())
    wanted = store.submit(
        make_report(
            card_version="2.2.0", concern_type="possible_harm", harm_occurred="yes", seriousness="not_serious"
        ),
        new_submission_id(),
    )
    store.submit(make_report(device_id="other-device"), new_submission_id())
    where = ReportFilter(
        device_ids=("retina-screen",),
        card_versions=("2.2.0",),
        concern_types=(ConcernType.POSSIBLE_HARM,),
        seriousness=(Seriousness.NOT_SERIOUS,),
        statuses=(Status.NEW,),
    )
    assert [s.receipt for s in store.reports(where)] == [wanted.number]


def test_status_filter_follows_triage(store: ConcernStore) -> None:
    receipt = store.submit(make_report(), new_submission_id()).number
    store.transition(receipt, Transition(Status.UNDER_REVIEW, "alice"), expected=Status.NEW)
    assert store.reports(ReportFilter(statuses=(Status.NEW,))) == []
    assert len(store.reports(ReportFilter(statuses=(Status.UNDER_REVIEW,)))) == 1


def test_filter_values_are_bound_not_spliced_into_sql(store: ConcernStore) -> None:
    store.submit(make_report(), new_submission_id())
    assert store.reports(ReportFilter(device_ids=("x' OR '1'='1",))) == []
    assert store.count() == 1


def test_opening_twice_migrates_once_and_records_the_version(make_store, target) -> None:
    make_store()
    second = make_store()
    assert second.schema_version == schema_module.SCHEMA_VERSION
    with second.engine.connect() as conn:
        versions = conn.execute(text("SELECT version FROM concern_schema_version")).scalars().all()
    assert versions == [1, 2, 3, 4]  # each migration recorded once, in order


def test_reports_survive_reopening_the_store(make_store) -> None:
    receipt = make_store().submit(make_report(), new_submission_id()).number
    assert make_store().get(receipt) is not None


def test_a_database_from_a_newer_release_is_refused(make_store) -> None:
    store = make_store()
    with store.engine.begin() as conn:
        conn.execute(
            schema_module.schema_version.insert().values(
                version=schema_module.SCHEMA_VERSION + 1, applied_at=datetime.now(UTC)
            )
        )
    with pytest.raises(SchemaTooNew, match="upgrade GMLP Cards"):
        make_store()


@pytest.mark.parametrize("target", ["sqlite"], indirect=True)
def test_sqlite_runs_in_wal_mode_with_full_sync(store: ConcernStore) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


@pytest.mark.parametrize("target", ["sqlite"], indirect=True)
def test_sqlite_file_and_folder_are_created_on_first_run(target, store: ConcernStore) -> None:
    assert Path(store.url.database).is_file()


def test_default_database_is_var_concerns_db_under_the_working_directory(tmp_path: Path) -> None:
    assert database_url({}, tmp_path) == f"sqlite:///{tmp_path / 'var' / 'concerns.db'}"


def test_data_dir_variable_moves_the_sqlite_file(tmp_path: Path) -> None:
    url = database_url({"GMLP_CARDS_DATA_DIR": str(tmp_path / "data")}, Path("/elsewhere"))
    assert url == f"sqlite:///{tmp_path / 'data' / 'concerns.db'}"


def test_database_url_variable_wins_over_the_data_dir(tmp_path: Path) -> None:
    env = {"GMLP_CARDS_DATABASE_URL": "postgresql+psycopg://u:p@h/db", "GMLP_CARDS_DATA_DIR": str(tmp_path)}
    assert database_url(env, tmp_path) == "postgresql+psycopg://u:p@h/db"


def test_an_unsupported_database_is_refused_with_the_supported_forms() -> None:
    with pytest.raises(ValueError, match="postgresql\\+psycopg"):
        ConcernStore("mysql://u:p@h/db")
