"""A hostile cards.lock.json (a FIFO, a link to /dev/zero, a huge file) is refused at once, never read
unbounded: the catalog then shows no public card as verified, and says why."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.lock import LOCK_NAME, LockError, read_lock

EXAMPLES = Path(__file__).resolve().parents[1] / "model_cards"


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    target = tmp_path / "model_cards"
    shutil.copytree(EXAMPLES, target)
    (target / LOCK_NAME).unlink()
    return target


def test_a_fifo_named_as_the_lock_is_refused_without_waiting(cards: Path) -> None:
    os.mkfifo(cards / LOCK_NAME)  # nobody writes to it: opening it for reading would block forever
    with pytest.raises(LockError, match=r"is a named pipe \(FIFO\), not a lock file"):
        read_lock(cards)
    problems = [str(p) for p in Catalog.load(cards).problems]
    assert problems and all("cannot be checked against the lock" in p for p in problems)


def test_a_link_to_dev_zero_as_the_lock_is_refused(cards: Path) -> None:
    (cards / LOCK_NAME).symlink_to("/dev/zero")
    with pytest.raises(LockError, match="is a symbolic link; lock files must be regular files"):
        read_lock(cards)


def test_a_dangling_link_as_the_lock_is_refused_not_taken_for_no_lock(cards: Path) -> None:
    # "No lock" switches tamper checks off; a broken link must not be read as that.
    (cards / LOCK_NAME).symlink_to(cards / "nowhere.json")
    with pytest.raises(LockError, match="symbolic link"):
        read_lock(cards)


def test_a_lock_over_its_size_limit_is_refused_before_it_is_read(
    cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gmlp_cards.cards.lock.MAX_LOCK_BYTES", 1_000)
    (cards / LOCK_NAME).write_text('{"format": 1, "cards": {}}' + " " * 2_000, encoding="utf-8")
    with pytest.raises(LockError, match="over the 1,000-byte limit for a lock"):
        read_lock(cards)


def test_without_a_lock_file_there_is_no_lock(cards: Path) -> None:
    assert read_lock(cards) is None
