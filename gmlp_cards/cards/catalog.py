"""The catalog: every card file under a folder, validated, grouped by device and ordered by version."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gmlp_cards.cards.card_bytes import read_card_bytes
from gmlp_cards.cards.card_file import CardFile
from gmlp_cards.cards.index import CardIndex
from gmlp_cards.cards.loader import LoadedCard, load_card
from gmlp_cards.cards.lock import apply_lock
from gmlp_cards.cards.summary import CatalogRow
from gmlp_cards.errors import CardError, CardProblem
from gmlp_cards.model import ModelCard, Status
from gmlp_cards.versions.notice_check import notice_problems
from gmlp_cards.versions.order import version_order

CARD_GLOB = "*/*.yaml"

log = logging.getLogger(__name__)


@dataclass
class Catalog:
    """All cards under `root`. Invalid files are kept with their problems but never served."""

    root: Path
    files: list[CardFile] = field(default_factory=list)

    @classmethod
    def load(
        cls, root: Path, paths: Iterable[Path] | None = None, *, index: CardIndex | None = None
    ) -> Catalog:
        """Every card under `root` (or just `paths`), each judged valid or kept with its problems.

        With an `index` (cards/index.py), a file whose bytes were judged valid before is not parsed:
        its hash is computed from the file and its summary taken from the index; new verdicts are
        added to the index for the next load.
        """
        root = Path(root)
        scanned_all = paths is None
        linked: list[Path] = []  # device folders that are links: reported, never entered
        if paths is None:
            paths, linked = card_paths(root)
        found = sorted(paths)
        by_device: dict[str, list[Path]] = {}
        for path in found:
            by_device.setdefault(path.parent.name, []).append(path)
        known = _Known.of(index)
        files: list[CardFile] = []
        for device_id in sorted(by_device):
            loaded = sorted(
                (known.load(p) for p in by_device[device_id]), key=lambda f: version_order(f.version)
            )
            # The history check is the last use of whole cards: from here on keep only summaries
            # and compressed bytes, one device at a time, so loading a thousand devices never
            # holds more than one device's parsed cards (loader.LoadedCard re-parses on demand).
            files.extend(
                dataclasses.replace(f, loaded=f.loaded.released()) if f.loaded else f
                for f in _check_history(loaded, known)
            )
        files.extend(CardFile(folder, folder.name, "", None, (_linked_folder(folder),)) for folder in linked)
        files = apply_lock(root, files, scanned_all=scanned_all)
        if index is not None:
            index.record(known.new_valid, known.new_clean)
        return cls(root=root, files=files)

    def __post_init__(self) -> None:
        # Per-device index: pages ask for one device's versions on every rerun, and a scan of
        # every file per question is quadratic in the catalog's size.
        self._by_device: dict[str, list[CardFile]] = {}
        for f in self.files:
            self._by_device.setdefault(f.device_id, []).append(f)

    @property
    def problems(self) -> list[CardProblem]:
        return sorted(p for f in self.files for p in f.problems)

    def device_ids(self) -> list[str]:
        """Devices with at least one valid published or withdrawn version, in id order."""
        return sorted(d for d, files in self._by_device.items() if any(_public(f) for f in files))

    def versions(self, device_id: str, *, include_drafts: bool = False) -> list[str]:
        """Valid versions of a device, oldest first; drafts only on request."""
        return [f.version for f in self._valid(device_id) if include_drafts or _public(f)]

    def entry(self, device_id: str, version: str) -> CardFile | None:
        return next((f for f in self._by_device.get(device_id, ()) if f.version == version), None)

    def card(self, device_id: str, version: str) -> ModelCard:
        entry = self.entry(device_id, version)
        if entry is None or entry.card is None:
            raise KeyError(f"{device_id} {version}")
        return entry.card

    def latest_version(self, device_id: str) -> str | None:
        """The newest published version (withdrawn and draft versions are never 'latest')."""
        published = [f.version for f in self._valid(device_id) if f.status is Status.published]
        return published[-1] if published else None

    def latest(self, device_id: str) -> ModelCard | None:
        version = self.latest_version(device_id)
        return self.card(device_id, version) if version else None

    def history(self, device_id: str) -> list[ModelCard]:
        """Every public valid version, oldest first: the update history."""
        return [f.card for f in self._valid(device_id) if f.card is not None and _public(f)]

    def shown_entry(self, device_id: str) -> CardFile | None:
        """The version a reader lands on: the latest published, else the newest public (withdrawn)."""
        public = [f for f in self._valid(device_id) if _public(f)]
        published = [f for f in public if f.status is Status.published]
        shown = published or public
        return shown[-1] if shown else None

    def device_name(self, device_id: str) -> str | None:
        """The name on the version a reader lands on, from the summary (no card is parsed)."""
        entry = self.shown_entry(device_id)
        return entry.loaded.summary.name if entry is not None and entry.loaded is not None else None

    def _valid(self, device_id: str) -> list[CardFile]:
        return [f for f in self._by_device.get(device_id, ()) if f.valid]


def _public(entry: CardFile) -> bool:
    return entry.valid and entry.status is not Status.draft


def card_paths(root: Path) -> tuple[list[Path], list[Path]]:
    """The files matching CARD_GLOB under `root`, and the device folders that are symbolic links.

    Path.glob would follow a linked device folder and list wherever it leads; such a folder is
    reported instead, without being entered (loader.read_card_bytes refuses linked files too).
    """
    cards: list[Path] = []
    linked: list[Path] = []
    for device in folder_entries(root):
        if device.is_symlink():
            linked.append(Path(device.path))
        elif device.is_dir(follow_symlinks=False):
            cards.extend(
                Path(card.path) for card in folder_entries(Path(device.path)) if card.name.endswith(".yaml")
            )
    return cards, linked


def folder_entries(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of a folder; none when it is missing or this process may not read it."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:  # no folder yet is an empty catalog; an unreadable one must not stop the rest
        return []


def _linked_folder(folder: Path) -> CardProblem:
    return CardProblem(
        str(folder),
        1,
        1,
        "",
        "this device folder is a symbolic link; device folders must be real folders inside the card folder",
    )


def files_for(path: Path) -> list[CardFile]:
    """The card files a path given to `validate` or `lint` names, each checked in its context.

    A card folder: all of it. A device folder (`<cards>/<device-id>/`): its cards, with the card
    folder above for the lock. One card file: that file, beside its device's other versions (the
    history and notice checks) and against the folder's lock, exactly as the portal would judge it.
    """
    if path.is_dir():
        own = sorted(path.glob("*.yaml"))
        if not own:
            return Catalog.load(path).files
        return Catalog.load(path.parent, own).files
    siblings = sorted(path.parent.glob("*.yaml")) if path.parent.is_dir() else []
    if path not in siblings:  # not a .yaml name, or a folder we cannot list: the file alone
        return [load_one(path)]
    return [f for f in Catalog.load(path.parent.parent, siblings).files if f.path == path]


@dataclass
class _Known:
    """What the index knew before this load, and the verdicts this load adds to it."""

    summaries: dict[str, CatalogRow] = field(default_factory=dict)
    clean: set[tuple[str, str]] = field(default_factory=set)
    new_valid: list[tuple[str, CatalogRow]] = field(default_factory=list)
    new_clean: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, index: CardIndex | None) -> _Known:
        return cls(*index.known()) if index is not None else cls()

    def load(self, path: Path) -> CardFile:
        """`load_one`, unless the index has judged these very bytes valid at this very place."""
        if not self.summaries or path.parent.is_symlink():
            return self._judged(load_one(path))
        try:
            data = read_card_bytes(path)
        except CardError as error:
            return CardFile(path, path.parent.name, path.stem, None, tuple(error.problems))
        sha256 = hashlib.sha256(data).hexdigest()
        row = self.summaries.get(sha256)
        if row is not None and (row.device_id, row.version) == (path.parent.name, path.stem):
            return CardFile(path, path.parent.name, path.stem, LoadedCard.indexed(path, sha256, row))
        return self._judged(load_one(path, data))

    def _judged(self, entry: CardFile) -> CardFile:
        if entry.loaded is not None and not entry.problems:
            self.new_valid.append((entry.loaded.sha256, entry.loaded.summary))
        return entry

    def history_known(self, previous: CardFile | None, entry: LoadedCard) -> bool:
        key = _history_key(previous, entry)
        return key is not None and key in self.clean

    def history_clean(self, previous: CardFile | None, entry: LoadedCard) -> None:
        key = _history_key(previous, entry)
        if key is not None and key not in self.clean:
            self.new_clean.append(key)


def _history_key(previous: CardFile | None, entry: LoadedCard) -> tuple[str, str] | None:
    # The history verdict depends on this card's bytes and the previous version's bytes alone; a
    # previous version that did not parse has no bytes to name, so that case is never remembered.
    if previous is None:
        return ("", entry.sha256)
    if previous.loaded is None:
        return None
    return (previous.loaded.sha256, entry.sha256)


def load_one(path: Path, data: bytes | None = None) -> CardFile:
    """One card file of a catalog; whatever goes wrong stays with this file.

    A card whose device folder is a symbolic link is not read (see `card_paths`).
    """
    if path.parent.is_symlink():
        return CardFile(path, path.parent.name, path.stem, None, (_linked_folder(path.parent),))
    try:
        loaded = load_card(path, data=data)
    except CardError as error:
        return CardFile(path, path.parent.name, path.stem, None, tuple(error.problems))
    except Exception as error:  # a bug of ours must cost this card, not the whole portal
        return CardFile(path, path.parent.name, path.stem, None, (internal_problem(path, "loading", error),))
    return CardFile(path, path.parent.name, path.stem, loaded)


def internal_problem(path: Path, stage: str, error: BaseException) -> CardProblem:
    """A problem standing for an unexpected exception; the traceback goes to the log under an id.

    The id lets an operator find the traceback for what a maker or reader reports, without
    showing internals (or the exception's text, which may quote the card) on a page.
    """
    incident = secrets.token_hex(4)
    log.error("internal error %s while %s %s", incident, stage, path, exc_info=error)
    return CardProblem(
        str(path),
        1,
        1,
        "",
        f"internal error {incident} while {stage} this card "
        f"({type(error).__name__}); it is not shown until this is fixed",
    )


def _check_history(files: list[CardFile], known: _Known | None = None) -> list[CardFile]:
    """Every version after the first carries a change notice naming the version before it.

    The chain is the public one: drafts never enter it, so a stray draft cannot make a published
    version invalid or take its place. A draft is checked against the public version before it,
    and a draft numbered below the newest public version is an error on the draft alone.
    """
    checked: list[CardFile] = []
    previous: CardFile | None = None
    newest_public = max((i for i, f in enumerate(files) if not _is_draft(f)), default=None)
    for index, entry in enumerate(files):
        if entry.loaded is not None and not entry.problems:
            try:
                if _is_draft(entry) and newest_public is not None and index < newest_public:
                    found = [_draft_below(entry.loaded, files[newest_public].version)]
                elif known is not None and known.history_known(previous, entry.loaded):
                    found = []
                else:
                    found = _history_problems(entry.loaded, previous)
                    if not found and known is not None:
                        known.history_clean(previous, entry.loaded)
            except CardError as error:  # a body read from its file (cards/index.py) that fails
                found = list(error.problems)
            except Exception as error:  # one card's failed check must not stop its device
                found = [internal_problem(entry.path, "checking the history of", error)]
            if found:
                entry = CardFile(entry.path, entry.device_id, entry.version, entry.loaded, tuple(found))
        checked.append(entry)
        if not _is_draft(entry):
            previous = entry
    return checked


def _is_draft(entry: CardFile) -> bool:
    # From the kept summary, valid or not; a file that does not parse stays in the chain, so that a
    # damaged published version does not shift its successor's "version before".
    return entry.loaded is not None and entry.loaded.summary.status is Status.draft


def _draft_below(loaded: LoadedCard, newest: str) -> CardProblem:
    return _located(
        loaded,
        ("identity", "card_version"),
        "identity.card_version",
        f"this draft is numbered {loaded.card.version}, below {newest}, which is already public; "
        "a new version must be numbered above it (rename the file and its card_version)",
    )


def _located(loaded: LoadedCard, mark: tuple[str, ...], field: str, message: str) -> CardProblem:
    """A problem of the history checks, placed where the card file spells `mark` (else line 1)."""
    line, column = loaded.marks.get(mark, (1, 1))
    return CardProblem(str(loaded.path), line, column, field, message)


def _history_problems(loaded: LoadedCard, previous: CardFile | None) -> list[CardProblem]:
    problem = _history_problem(loaded, previous)
    if problem is not None:
        return [problem]
    if previous is not None and previous.loaded is not None:
        # The notice must declare what the diff from the previous version shows.
        return notice_problems(previous.loaded.card, loaded)
    return []


def _history_problem(loaded: LoadedCard, previous: CardFile | None) -> CardProblem | None:
    notice = loaded.card.change_notice
    named = ("change_notice", "previous_version")
    if previous is None:
        if notice is None:
            return None
        return _located(
            loaded,
            named,
            "change_notice.previous_version",
            f"names version {notice.previous_version}, but this is the device's first card file",
        )
    if notice is None:
        return _located(
            loaded,
            ("identity", "card_version"),
            "change_notice",
            f"version {loaded.card.version} follows {previous.version} but has no "
            "change_notice saying what changed and why",
        )
    if notice.previous_version != previous.version:
        return _located(
            loaded,
            named,
            "change_notice.previous_version",
            f"names {notice.previous_version}, but the version before this one is {previous.version}",
        )
    return None
