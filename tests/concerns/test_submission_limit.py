"""The public form's rate limit per client, on SQLite and PostgreSQL, shared by replicas."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from gmlp_cards import config
from gmlp_cards.concerns import ConcernStore, schema
from gmlp_cards.concerns.submission_limit import SubmissionLimit

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TEN_MINUTES = timedelta(minutes=10)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def limit_on(store: ConcernStore, reports: int = 5) -> SubmissionLimit:
    return SubmissionLimit(store, reports=reports, window=TEN_MINUTES)


def test_five_reports_in_ten_minutes_are_admitted_and_the_sixth_is_refused_until_the_first_ages_out(
    make_store: Callable[..., ConcernStore],
) -> None:
    clock = Clock()
    limit = limit_on(make_store(clock=clock))
    for minute in range(5):
        clock.now = START + timedelta(minutes=minute)
        assert limit.admit("203.0.113.7").allowed
    clock.now = START + timedelta(minutes=6)
    refused = limit.admit("203.0.113.7")
    assert not refused.allowed
    assert refused.retry_at == datetime(2026, 11, 25, 9, 10, tzinfo=UTC)
    clock.now = datetime(2026, 11, 25, 9, 10, 1, tzinfo=UTC)
    assert limit.admit("203.0.113.7").allowed


def test_each_client_has_its_own_count(make_store: Callable[..., ConcernStore]) -> None:
    limit = limit_on(make_store(clock=Clock()), reports=1)
    assert limit.admit("203.0.113.7").allowed
    assert not limit.admit("203.0.113.7").allowed
    assert limit.admit("198.51.100.2").allowed


def test_two_replicas_on_one_database_share_the_limit(make_store: Callable[..., ConcernStore]) -> None:
    clock = Clock()
    first, second = limit_on(make_store(clock=clock), 3), limit_on(make_store(clock=clock), 3)
    assert [first.admit("203.0.113.7").allowed for _ in range(2)] == [True, True]
    assert second.admit("203.0.113.7").allowed
    assert not second.admit("203.0.113.7").allowed
    assert not first.admit("203.0.113.7").allowed


def test_replicas_admitting_at_once_never_admit_more_than_the_limit(
    make_store: Callable[..., ConcernStore],
) -> None:
    clock = Clock()
    limits = [limit_on(make_store(clock=clock), 3), limit_on(make_store(clock=clock), 3)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(lambda i: limits[i % 2].admit("203.0.113.7").allowed, range(12)))
    assert outcomes.count(True) == 3
    assert limits[0].counted() == 3


def test_the_database_keeps_a_keyed_hash_of_the_client_never_its_address(
    make_store: Callable[..., ConcernStore],
) -> None:
    store = make_store(clock=Clock())
    limit = limit_on(store)
    limit.admit("203.0.113.7")
    with store.transaction(write=False) as conn:
        keys = list(conn.execute(select(schema.submission_attempts.c.client_key)).scalars())
        hash_key = conn.execute(select(schema.client_hash_key.c.hash_key)).scalar_one()
    assert len(keys) == 1 and "203.0.113.7" not in keys[0]
    assert len(keys[0]) == 64 and len(hash_key) == 64
    # A plain SHA-256 of the address (which anyone could recompute for every IPv4 address) is not it.
    assert keys[0] != "fec52565aa0cf18f57d7cf5b3ac728503b8992d2d6f7d46da1d1201090902b02"
    assert keys[0] == limit.client_key("203.0.113.7")


def test_two_databases_hash_the_same_address_differently(tmp_path: Path) -> None:
    first = ConcernStore(f"sqlite:///{tmp_path / 'a.db'}")
    second = ConcernStore(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        assert limit_on(first).client_key("203.0.113.7") != limit_on(second).client_key("203.0.113.7")
    finally:
        first.close()
        second.close()


def test_a_released_admission_no_longer_counts(make_store: Callable[..., ConcernStore]) -> None:
    limit = limit_on(make_store(clock=Clock()), reports=1)
    admitted = limit.admit("203.0.113.7")
    limit.release(admitted)
    assert limit.counted() == 0
    assert limit.admit("203.0.113.7").allowed


def test_rows_older_than_the_window_are_deleted(make_store: Callable[..., ConcernStore]) -> None:
    clock = Clock()
    limit = limit_on(make_store(clock=clock))
    limit.admit("203.0.113.7")
    limit.admit("198.51.100.2")
    clock.now = START + timedelta(minutes=11)
    limit.admit("192.0.2.1")
    assert limit.counted() == 1


def test_the_limit_is_five_reports_in_ten_minutes_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GMLP_CARDS_REPORT_LIMIT", raising=False)
    monkeypatch.delenv("GMLP_CARDS_REPORT_LIMIT_MINUTES", raising=False)
    assert config.report_rate_limit() == (5, 10)
    monkeypatch.setenv("GMLP_CARDS_REPORT_LIMIT", "20")
    monkeypatch.setenv("GMLP_CARDS_REPORT_LIMIT_MINUTES", "60")
    assert config.report_rate_limit() == (20, 60)


def test_a_limit_of_zero_is_refused_with_the_setting_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GMLP_CARDS_REPORT_LIMIT", "0")
    with pytest.raises(ValueError, match="GMLP_CARDS_REPORT_LIMIT must be a whole number of 1 or more"):
        config.report_rate_limit()
