"""Fixtures for concern tests: a store on SQLite and on a real PostgreSQL, and valid reports."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from concern_helpers import Target
from sqlalchemy import create_engine, text

from gmlp_cards.concerns import ConcernStore

PG_ENV = "GMLP_CARDS_TEST_DATABASE_URL"


def postgres_url() -> str:
    """The test PostgreSQL URL; fails in CI and skips elsewhere when it is not configured."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        reason = (
            f"{PG_ENV} is not set, so the PostgreSQL store tests cannot run "
            "(`make test` starts the local server and sets it; see scripts/test-services.sh)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture
def pg_target() -> Iterator[Target]:
    """A fresh, empty PostgreSQL schema for one test, dropped afterwards."""
    url = postgres_url()
    schema = f"gc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield Target("postgresql", url, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, tmp_path: Any) -> Target:
    """Each store test runs on SQLite (a tmp file) and on PostgreSQL."""
    if request.param == "sqlite":
        return Target("sqlite", f"sqlite:///{tmp_path / 'var' / 'concerns.db'}")
    return request.getfixturevalue("pg_target")


@pytest.fixture
def make_store(target: Target) -> Iterator[Callable[..., ConcernStore]]:
    """Open stores on the test's target (several may share it); all closed at the end."""
    opened: list[ConcernStore] = []

    def make(**kwargs: Any) -> ConcernStore:
        store = ConcernStore(target.url, schema_name=target.schema, **kwargs)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: Callable[..., ConcernStore]) -> ConcernStore:
    """A migrated, empty store."""
    return make_store()
