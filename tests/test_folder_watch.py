"""The card folder watch (cards/folder_watch.py): no walk of the folder on a rerun when nothing changed,
and never a stale view of the lock or of the device a page shows (issue 17)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from watchdog.events import FileClosedNoWriteEvent, FileModifiedEvent, FileOpenedEvent

from gmlp_cards.cards import folder_watch
from gmlp_cards.cards.folder_watch import FolderWatch, fingerprint
from gmlp_cards.cards.index import INDEX_NAME
from gmlp_cards.cards.lock import LOCK_NAME


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every walk of a whole card folder, counted."""
    seen: list[Path] = []
    real = folder_watch.folder_state

    def counted(root: Path) -> dict[str, tuple[str, ...]]:
        seen.append(root)
        return real(root)

    monkeypatch.setattr(folder_watch, "folder_state", counted)
    return seen


@pytest.fixture
def watch(examples: Path) -> Iterator[FolderWatch]:
    found = FolderWatch(examples)
    assert found.watching, "inotify is available on the test machines"
    yield found
    found.stop()


def _until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_reruns_without_a_change_do_not_walk_the_folder(watch: FolderWatch, walks: list[Path]) -> None:
    first = watch.fingerprint()
    for _ in range(20):
        assert watch.fingerprint() == first
        assert watch.fingerprint("lumen-cxr-triage") == first  # the shown device: its own folder only
    assert len(walks) == 1


def test_the_fingerprint_is_the_one_a_full_walk_gives(watch: FolderWatch, examples: Path) -> None:
    assert watch.fingerprint() == fingerprint(examples)


def test_an_edited_card_is_seen_once_its_event_arrives(watch: FolderWatch, examples: Path) -> None:
    before = watch.fingerprint()
    card = examples / "retina-dr-screen" / "1.0.0.yaml"
    card.write_text(card.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _until(lambda: watch.fingerprint() != before)
    assert watch.fingerprint() == fingerprint(examples)


def test_the_shown_device_and_the_lock_are_exact_even_before_any_event(
    watch: FolderWatch, examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = watch.fingerprint()
    monkeypatch.setattr(watch, "on_any_event", lambda event: None)  # the watcher has not seen it yet
    card = examples / "retina-dr-screen" / "1.0.0.yaml"
    card.write_text(card.read_text(encoding="utf-8") + "\n# tampered\n", encoding="utf-8")
    assert watch.fingerprint("lumen-cxr-triage") == before  # another device: the listing may lag
    assert watch.fingerprint("retina-dr-screen") != before  # the page showing it: never
    lock = examples / LOCK_NAME
    lock.write_text(lock.read_text(encoding="utf-8").replace("{", "{ ", 1), encoding="utf-8")
    assert watch.fingerprint() == fingerprint(examples)  # the lock is examined on every call


def test_a_new_device_folder_is_listed(watch: FolderWatch, examples: Path) -> None:
    before = watch.fingerprint()
    shutil.copytree(examples / "osteodetect", examples / "osteodetect-copy")
    assert _until(lambda: watch.fingerprint() != before)
    assert watch.fingerprint() == fingerprint(examples)


def test_only_writes_of_cards_and_lock_make_the_next_call_walk(
    watch: FolderWatch, examples: Path, walks: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    watch.fingerprint()
    card = str(examples / "lumen-cxr-triage" / "1.0.0.yaml")
    for event in (
        FileModifiedEvent(str(examples / INDEX_NAME)),  # readers write the index themselves
        FileModifiedEvent(str(examples / f"{INDEX_NAME}-journal")),
        FileOpenedEvent(card),  # reading a card is no change of it
        FileClosedNoWriteEvent(card),
    ):
        watch.on_any_event(event)
        watch.fingerprint()
    assert len(walks) == 1
    watch.on_any_event(FileModifiedEvent(card))
    watch.fingerprint()
    assert len(walks) == 2


def test_a_folder_that_cannot_be_watched_is_walked_on_every_call(tmp_path: Path, walks: list[Path]) -> None:
    missing = tmp_path / "not-yet"
    unwatched = FolderWatch(missing)
    assert not unwatched.watching
    unwatched.fingerprint()
    unwatched.fingerprint()
    assert len(walks) == 2


def test_the_process_watches_a_few_folders_at_most(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folder_watch, "MOST_WATCHED", 2)
    monkeypatch.setattr(folder_watch, "_WATCHES", type(folder_watch._WATCHES)())
    roots = [tmp_path / name for name in "abc"]
    for root in roots:
        root.mkdir()
    watches = [folder_watch.watch(root) for root in roots]
    assert folder_watch.watch(roots[2]) is watches[2]
    assert _until(lambda: not watches[0].watching)  # the least recently used one was stopped
    assert watches[1].watching and watches[2].watching
    for found in watches:
        found.stop()
