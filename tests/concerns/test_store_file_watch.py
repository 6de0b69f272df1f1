"""Before every commit the store checks its files are still the ones it opened, cheaply once settled.

A settled folder (one that last changed more than a moment ago) is answered from one stat of the
folder; any deletion, rename or new file in it changes the folder and brings a full listing back.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from concern_helpers import make_report, new_submission_id

from gmlp_cards.concerns import ConcernStore, StoreUnavailable, sqlite_file

SETTLE_S = 0.05  # far above Linux's coarse timestamp tick (at most 10 ms), far below the default


class Listings:
    """Counts the full listings of the store's files (the slow path)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        listed = sqlite_file._listed_ids

        def counted(*args: str) -> sqlite_file.FileIds:
            self.count += 1
            return listed(*args)

        monkeypatch.setattr(sqlite_file, "_listed_ids", counted)


@pytest.fixture
def listings(monkeypatch: pytest.MonkeyPatch) -> Listings:
    return Listings(monkeypatch)


@pytest.fixture
def settled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConcernStore]:
    """A store holding one report, whose folder has not changed for longer than the settling time."""
    monkeypatch.setattr(sqlite_file, "_SETTLED_NS", int(SETTLE_S * 1e9))
    store = ConcernStore(f"sqlite:///{tmp_path / 'concerns.db'}")
    store.submit(make_report(), new_submission_id())
    time.sleep(2 * SETTLE_S)
    store.submit(make_report(), new_submission_id())  # lists once more, and keeps that listing
    yield store
    store.close()


def database(store: ConcernStore) -> Path:
    return Path(store.url.database or "")


def test_a_settled_folder_is_not_listed_again_before_each_commit(
    settled: ConcernStore, listings: Listings
) -> None:
    for _ in range(5):
        settled.submit(make_report(), new_submission_id())
    assert listings.count == 0
    assert settled.count() == 7


def test_a_folder_that_changed_just_now_is_listed_before_every_commit(
    tmp_path: Path, listings: Listings
) -> None:
    store = ConcernStore(f"sqlite:///{tmp_path / 'concerns.db'}")
    try:
        store.submit(make_report(), new_submission_id())
        before = listings.count
        for _ in range(3):
            store.submit(make_report(), new_submission_id())
        assert listings.count - before >= 3  # the default settling time has not passed yet
    finally:
        store.close()


def test_a_new_file_in_a_settled_folder_brings_one_listing_back(
    settled: ConcernStore, listings: Listings
) -> None:
    (database(settled).parent / "export.csv").write_text("an operator's export\n", encoding="utf-8")
    settled.submit(make_report(), new_submission_id())
    assert listings.count == 1  # a new listing, and the files are still the ones opened: accepted
    assert settled.count() == 3


def test_deleting_the_wal_file_of_a_settled_folder_is_caught(settled: ConcernStore) -> None:
    Path(f"{database(settled)}-wal").unlink()
    with pytest.raises(StoreUnavailable, match="deleted or replaced"):
        settled.submit(make_report(), new_submission_id())


def test_deleting_the_database_of_a_settled_folder_is_caught(settled: ConcernStore) -> None:
    database(settled).unlink()
    with pytest.raises(StoreUnavailable):
        settled.submit(make_report(), new_submission_id())


def test_a_database_renamed_into_place_in_a_settled_folder_is_caught(
    settled: ConcernStore, tmp_path: Path
) -> None:
    other = ConcernStore(f"sqlite:///{tmp_path / 'other' / 'concerns.db'}")
    other.close()
    os.replace(database(other), database(settled))
    with pytest.raises(StoreUnavailable):
        settled.submit(make_report(), new_submission_id())


def test_a_settled_folder_moved_away_is_caught(settled: ConcernStore, tmp_path: Path) -> None:
    folder = database(settled).parent
    folder.rename(tmp_path.parent / f"{tmp_path.name}-moved")
    with pytest.raises(StoreUnavailable):
        settled.submit(make_report(), new_submission_id())
