"""When did the card folder change? A watcher answers without walking 3,000 files on every page view.

Issue 17: every rerun walked the folder (names, sizes and times of every card and the lock) to key
the catalog cache: ~15 ms at 3,000 cards, more than the whole of a minimal page. A watchdog observer
(inotify on Linux; watchdog ships with Streamlit) marks the state stale on any write, and the next
reader walks once. Two cheap checks keep what is shown exact even before an event arrives: the lock
is examined on every call (it decides which published files are trusted), and a page that shows one
device re-examines that device's folder. Where no observer can run (no inotify, a full watch table),
every call walks, as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from gmlp_cards.cards.catalog import folder_entries
from gmlp_cards.cards.index import INDEX_NAME
from gmlp_cards.cards.lock import LOCK_NAME

log = logging.getLogger(__name__)
# Reads open and close files too; only these mean that a card, a device folder or the lock changed.
CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})
MOST_WATCHED = 8  # folders watched at once by one process; the least recently used stops first


def folder_state(root: Path) -> dict[str, tuple[str, ...]]:
    """One line per card file and the lock (name, size, modification time), by top-level entry.

    Links are described, not followed (the catalog refuses linked cards and device folders), and an
    entry that cannot be examined is described as such: a dangling link or an unreadable device folder
    must neither take every page down nor hide later edits of other cards.
    """
    state: dict[str, tuple[str, ...]] = {}
    for item in folder_entries(root):
        if item.name == LOCK_NAME:  # the lock decides which published files are trusted
            state[item.name] = (_line(item.name, item, follow=True),)
        elif item.is_symlink():
            state[item.name] = (_line(item.name, item),)  # a linked device folder: its link alone
        elif item.is_dir(follow_symlinks=False):
            state[item.name] = _device_lines(root, item.name)
    return state


def state_digest(root: Path, state: dict[str, tuple[str, ...]]) -> str:
    digest = hashlib.sha256(str(root.resolve()).encode())
    for line in sorted(line for lines in state.values() for line in lines):
        digest.update(line.encode())
    return digest.hexdigest()


def fingerprint(root: Path) -> str:
    """Cheap identity of the card folder's cards and lock: a changed card gives a new fingerprint."""
    return state_digest(root, folder_state(root))


def _device_lines(root: Path, name: str) -> tuple[str, ...]:
    return tuple(
        sorted(
            _line(f"{name}/{card.name}", card)
            for card in folder_entries(root / name)
            if card.name.endswith(".yaml")
        )
    )


def _lock_lines(root: Path) -> tuple[str, ...] | None:
    """The lock's line as `folder_state` writes it, from one stat; None when there is no lock."""
    try:
        stat = (root / LOCK_NAME).stat()
    except FileNotFoundError:
        return None
    except OSError:
        return (f"{LOCK_NAME}\0?\n",)
    return (_stat_line(LOCK_NAME, stat),)


def _line(name: str, item: os.DirEntry[str], *, follow: bool = False) -> str:
    try:
        return _stat_line(name, item.stat(follow_symlinks=follow))
    except OSError:  # gone since the folder was listed, or a dangling lock link
        return f"{name}\0?\n"


def _stat_line(name: str, stat: os.stat_result) -> str:
    return f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n"


class FolderWatch(FileSystemEventHandler):
    """The fingerprint of one card folder, walked again only after a change (or a failed watch)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._stale = True
        self._state: dict[str, tuple[str, ...]] = {}
        self._digest = ""
        self._observer: Observer | None = None  # type: ignore[valid-type]
        try:
            observer = Observer()
            observer.schedule(self, str(root), recursive=True)
            observer.daemon = True
            observer.start()
            self._observer = observer
        except (OSError, RuntimeError) as error:  # no inotify, a full watch table, no folder yet
            log.warning("cannot watch %s (%s): the card folder is walked on every page view", root, error)

    @property
    def watching(self) -> bool:
        return self._observer is not None and self._observer.is_alive()  # type: ignore[attr-defined]

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES and not os.path.basename(str(event.src_path)).startswith(INDEX_NAME):
            self._stale = True  # the index is written by readers themselves: not a change of the cards

    def mark_changed(self) -> None:
        """Called by whoever wrote the folder (publishing in this process): do not wait for the event."""
        self._stale = True

    def fingerprint(self, device_id: str | None = None) -> str:
        """The folder's fingerprint, exact for the lock and for `device_id`'s folder at this moment."""
        if not self.watching:
            return fingerprint(self.root)
        if not self._stale and self._state.get(LOCK_NAME) != _lock_lines(self.root):
            self._stale = True
        if not self._stale and device_id and self._shown_changed(device_id):
            self._stale = True
        if self._stale:
            self._stale = False  # before the walk: an event during it makes the next call walk again
            self._state = folder_state(self.root)
            self._digest = state_digest(self.root, self._state)
        return self._digest

    def _shown_changed(self, device_id: str) -> bool:
        if "/" in device_id or device_id in (".", "..", LOCK_NAME):
            return False  # not a device folder name: nothing of it can be shown
        path = self.root / device_id
        if path.is_symlink():
            return False  # described by its link alone, whose changes are events of the folder itself
        now = _device_lines(self.root, device_id) if path.is_dir() else None
        return now != self._state.get(device_id) and not (now is None and device_id not in self._state)

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()  # type: ignore[attr-defined]


_WATCHES: OrderedDict[Path, FolderWatch] = OrderedDict()
_WATCHES_LOCK = threading.Lock()


def watch(root: Path) -> FolderWatch:
    """The process's one watch of `root`; at most MOST_WATCHED folders are watched at once."""
    key = root.resolve()
    with _WATCHES_LOCK:
        found = _WATCHES.get(key)
        if found is not None:
            _WATCHES.move_to_end(key)
            return found
        found = _WATCHES[key] = FolderWatch(key)
        while len(_WATCHES) > MOST_WATCHED:
            _WATCHES.popitem(last=False)[1].stop()
        return found
