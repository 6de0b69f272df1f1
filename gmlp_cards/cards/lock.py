"""The lock file: SHA-256 of every published or withdrawn card, so that a later edit is evident.

`model_cards/cards.lock.json` holds one entry per `device/version` (sorted keys, two-space indent,
one trailing newline, so it diffs well in review). `gmlp-cards publish` and `withdraw` write it;
`gmlp-cards lock --init` records the published files of a folder that has no lock yet. When a folder
has a lock, `apply_lock` marks every card file that disagrees with it as tampered:

- a file recorded in the lock whose bytes now hash differently (whatever its status says now);
- a published or withdrawn file the lock does not record;
- a recorded file that is gone (only when the whole folder was scanned).

A folder without a lock file is not checked at all, so test fixtures and scratch folders work.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gmlp_cards.cards.card_file import CardFile, LockEntry
from gmlp_cards.cards.folder_write import write_inside
from gmlp_cards.cards.json_documents import versioned_object
from gmlp_cards.cards.loader import read_card_bytes
from gmlp_cards.errors import CardError, CardProblem
from gmlp_cards.model import Status
from gmlp_cards.versions.order import version_order

LOCK_NAME = "cards.lock.json"
LOCK_FORMAT = 1
_ABOUT = (
    "SHA-256 of every published or withdrawn card file. Written by `gmlp-cards publish`, "
    "`gmlp-cards withdraw` and `gmlp-cards lock --init`; do not edit by hand."
)


class LockError(ValueError):
    """The lock file cannot be read or does not have the expected shape."""


@dataclass(frozen=True)
class Lock:
    """All entries of one lock file, keyed by (device_id, version)."""

    entries: Mapping[tuple[str, str], LockEntry]

    def get(self, device_id: str, version: str) -> LockEntry | None:
        return self.entries.get((device_id, version))

    def with_entry(self, device_id: str, version: str, entry: LockEntry) -> Lock:
        return Lock({**self.entries, (device_id, version): entry})

    def dumps(self) -> str:
        cards = {f"{d}/{v}": e.as_dict() for (d, v), e in self.entries.items()}
        body = {"about": _ABOUT, "format": LOCK_FORMAT, "cards": cards}
        return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def lock_path(root: Path) -> Path:
    return Path(root) / LOCK_NAME


def now_utc() -> str:
    """The current time as an ISO 8601 UTC timestamp to the second, e.g. 2026-11-26T09:30:00Z."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


MAX_LOCK_BYTES = 64 * 1024 * 1024
"""About 200 bytes per version: room for hundreds of thousands of versions, not for a runaway file."""


def read_lock(root: Path) -> Lock | None:
    """The lock of a card folder; None when the folder has none. Raises LockError when unusable."""
    path = lock_path(root)
    if not os.path.lexists(path):
        return None
    try:
        # Bounded and regular-file-only, like a card: a FIFO or a link to /dev/zero named
        # cards.lock.json would otherwise hang or exhaust every page that loads the catalog.
        text = read_card_bytes(path, MAX_LOCK_BYTES, "lock").decode("utf-8")
    except CardError as error:
        raise LockError(f"{path} {error.problems[0].message}") from None
    except UnicodeDecodeError as error:
        raise LockError(f"{path} cannot be read: {error}") from None
    raw = versioned_object(text, str(path), format_version=LOCK_FORMAT, member="cards", error=LockError)
    entries: dict[tuple[str, str], LockEntry] = {}
    fields = {f.name for f in dataclasses.fields(LockEntry)}
    for key, value in raw["cards"].items():
        device_id, _, version = str(key).partition("/")
        if (
            not version
            or not isinstance(value, dict)
            or not {"sha256", "published_at"} <= set(value)
            or not set(value) <= fields
            or not all(isinstance(v, str) for v in value.values())
        ):
            raise LockError(
                f'{path}: entry {key!r} must be "device/version" mapped to sha256, '
                "published_at and optional withdrawal fields (all text)"
            )
        entries[(device_id, version)] = LockEntry(**value)
    return Lock(entries)


def write_lock(root: Path, lock: Lock) -> Path:
    """Write the lock atomically, inside the folder, keeping its mode (gmlp_cards.cards.folder_write)."""
    return write_inside(root, lock_path(root), lock.dumps())


def tamper_message(lock_file: Path, entry: LockEntry) -> str:
    when = f"published {entry.published_at}"
    if entry.withdrawn_at:
        when += f", withdrawn {entry.withdrawn_at}"
    return (
        f"sha256 differs from {lock_file} ({when}): the file was changed after publication. "
        "Restore the published text; a correction is a new version"
    )


def apply_lock(root: Path, files: list[CardFile], *, scanned_all: bool) -> list[CardFile]:
    """Check `files` against the folder's lock; return them with lock entries and tamper problems."""
    lock_file = lock_path(root)
    try:
        lock = read_lock(root)
    except LockError as error:
        return [
            _mark(f, f"cannot be checked against the lock: {error}") if _public_or_parsed(f) else f
            for f in files
        ]
    if lock is None:
        return files
    checked: list[CardFile] = []
    for entry in files:
        recorded = lock.get(entry.device_id, entry.version)
        # The summary's status: the catalog has released card bodies by now (no re-parse).
        status = entry.loaded.summary.status if entry.loaded is not None else None
        if recorded is None:
            if status in (Status.published, Status.withdrawn):
                entry = _mark(
                    entry,
                    f"is {status.value} but not recorded in {lock_file}; set "
                    f"`status: draft` and publish it with `gmlp-cards publish "
                    f"{entry.device_id} {entry.version}`",
                )
        elif _hash(entry) != recorded.sha256:
            entry = _mark(dataclasses.replace(entry, lock=recorded), tamper_message(lock_file, recorded))
        else:
            entry = dataclasses.replace(entry, lock=recorded)
        checked.append(entry)
    if scanned_all:
        present = {(f.device_id, f.version) for f in files}
        for (device_id, version), recorded in sorted(lock.entries.items()):
            if (device_id, version) in present:
                continue
            path = Path(root) / device_id / f"{version}.yaml"
            problem = CardProblem(
                str(path),
                1,
                1,
                "",
                (
                    f"is recorded in {lock_file} (published {recorded.published_at}) but the file is "
                    "missing; a published version must stay readable (withdraw it instead)"
                ),
            )
            checked.append(CardFile(path, device_id, version, None, (problem,), tampered=True, lock=recorded))
        checked.sort(key=lambda f: (f.device_id, version_order(f.version)))
    return checked


def _public_or_parsed(entry: CardFile) -> bool:
    return entry.loaded is not None and entry.loaded.summary.status is not Status.draft


def _hash(entry: CardFile) -> str | None:
    if entry.loaded is not None:
        return entry.loaded.sha256
    try:  # unparseable now, but it may still be a recorded file that someone broke
        return sha256_of(entry.path)
    except OSError:
        return None


def _mark(entry: CardFile, message: str) -> CardFile:
    problem = CardProblem(str(entry.path), 1, 1, "", message)
    return dataclasses.replace(entry, problems=(*entry.problems, problem), tampered=True)
