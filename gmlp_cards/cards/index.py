"""The catalog index: what a restart needs of each valid card, kept beside the cards in SQLite.

Validating a card (safe YAML, pydantic, the change-notice cross-check) is most of the cost of a
cold catalog; doing it once per process means every restart or deploy makes its first reader wait
for the whole catalog. The index remembers, per file *content*, that the content was judged valid
and the summary the listing shows, so a restart reads and hashes each file (cheap) and parses none
whose bytes it has judged before.

What keeps it honest:
- Entries are keyed by the SHA-256 of the file's bytes, computed from the file at every load: a
  changed or tampered file has another key, so it is validated afresh (and the lock still compares
  the same hash). Nothing is ever taken from the index for bytes it has not seen.
- Entries also carry the fingerprint of the rules that judged them (the source of every package
  the card layer may import, and the versions of the libraries that parse and validate), so new
  rules after an upgrade judge every card again.
- Only verdicts of "valid" are kept; a card with problems is re-read every time, so its messages
  are always the current code's, located in the current file.
- Whoever can write the index can write the cards and the lock beside it, so the index is a cache
  of our own verdicts, not a trust anchor: a card's body is parsed from its file and validated
  again before it is shown (loader.LoadedCard), and the file's hash is checked then too.

The index is optional and never fatal: an unreadable, read-only or damaged index leaves the catalog
loading as it did before, from the cards alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from gmlp_cards.cards.summary import CatalogRow

INDEX_NAME = ".catalog-index.sqlite"
"""Beside the lock in the card folder; `ui.data.fingerprint` does not list it, so writing the index
never makes the portal reload its catalog."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS valid_card ("
    " sha256 TEXT NOT NULL, rules TEXT NOT NULL, summary TEXT NOT NULL,"
    " PRIMARY KEY (sha256, rules)) WITHOUT ROWID",
    # A version's change notice judged against the version before it ('' for a first version).
    "CREATE TABLE IF NOT EXISTS clean_history ("
    " previous_sha256 TEXT NOT NULL, sha256 TEXT NOT NULL, rules TEXT NOT NULL,"
    " PRIMARY KEY (previous_sha256, sha256, rules)) WITHOUT ROWID",
)

# The packages whose code decides whether a card file is valid and what its summary says: the card
# layer and every layer below it (pyproject's import-linter layers keep it from importing more).
_RULE_PACKAGES = ("cards", "versions", "checks", "evidence", "model")
_RULE_MODULES = ("errors.py", "config.py")
_RULE_LIBRARIES = ("pydantic", "pydantic-core", "pyyaml")

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """SHA-256 over the source of the rules that judge a card and the libraries they run on."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    sources = [package / name for name in _RULE_MODULES]
    for name in _RULE_PACKAGES:
        sources.extend(sorted((package / name).glob("*.py")))
    for source in sources:
        digest.update(f"{source.relative_to(package)}\0".encode())
        digest.update(source.read_bytes())
    for library in _RULE_LIBRARIES:
        try:
            digest.update(f"{library}=={version(library)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{library} missing\0".encode())
    return digest.hexdigest()


class CardIndex:
    """The index file of one card folder, opened for one catalog load (see `open`)."""

    def __init__(self, path: Path, *, writable: bool) -> None:
        self.path = path
        self.writable = writable
        self.rules = rules_fingerprint()

    @classmethod
    def open(cls, root: Path, *, write: bool = True) -> CardIndex | None:
        """The folder's index, or None when there is none to read and none may be made here."""
        path = Path(root) / INDEX_NAME
        if path.is_symlink() or (path.exists() and not path.is_file()):
            log.warning("%s is not a regular file; the catalog loads without its index", path)
            return None
        # A read-only volume (a deploy with the index built in) reads it and never tries to write.
        writable = write and Path(root).is_dir() and os.access(root, os.W_OK)
        writable = writable and (not path.exists() or os.access(path, os.W_OK))
        if not path.exists() and not writable:
            return None
        return cls(path, writable=writable)

    def known(self) -> tuple[dict[str, CatalogRow], set[tuple[str, str]]]:
        """Summaries of the contents judged valid, and the history pairs judged clean, by these rules."""
        try:
            with self._connection() as db:
                rows = db.execute("SELECT sha256, summary FROM valid_card WHERE rules = ?", (self.rules,))
                summaries = {sha: CatalogRow.from_record(json.loads(text)) for sha, text in rows}
                pairs = db.execute(
                    "SELECT previous_sha256, sha256 FROM clean_history WHERE rules = ?", (self.rules,)
                )
                return summaries, {(previous, sha) for previous, sha in pairs}
        except (sqlite3.Error, OSError, ValueError, KeyError, TypeError) as error:
            # A damaged index costs speed, never a card: everything is validated from the files.
            log.warning("catalog index %s unreadable (%s); validating every card", self.path, error)
            return {}, set()

    def record(self, valid: Iterable[tuple[str, CatalogRow]], clean: Iterable[tuple[str, str]]) -> None:
        """Remember new verdicts; a failure to write is logged and costs the next restart time only."""
        if not self.writable:
            return
        summaries = [(sha, self.rules, json.dumps(row.as_record())) for sha, row in valid]
        pairs = [(previous, sha, self.rules) for previous, sha in clean]
        if not summaries and not pairs:
            return
        try:
            with self._connection() as db, db:
                db.executemany("INSERT OR REPLACE INTO valid_card VALUES (?, ?, ?)", summaries)
                db.executemany("INSERT OR IGNORE INTO clean_history VALUES (?, ?, ?)", pairs)
        except (sqlite3.Error, OSError) as error:
            log.warning("catalog index %s not written (%s)", self.path, error)

    def prune(self, present: set[str]) -> int:
        """Forget verdicts on contents no file holds any more, and those of other rules."""
        with self._connection() as db, db:
            stale = [sha for (sha,) in db.execute("SELECT sha256 FROM valid_card") if sha not in present]
            db.executemany("DELETE FROM valid_card WHERE sha256 = ?", ((s,) for s in stale))
            db.execute("DELETE FROM valid_card WHERE rules != ?", (self.rules,))
            db.execute("DELETE FROM clean_history WHERE rules != ?", (self.rules,))
            db.executemany("DELETE FROM clean_history WHERE sha256 = ?", ((s,) for s in stale))
            return len(stale)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        if self.writable:
            db = sqlite3.connect(self.path, timeout=5)
        else:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        with closing(db):
            if self.writable:
                # Replicas and CLI runs may share one folder: WAL lets readers go on during a write.
                db.execute("PRAGMA journal_mode=WAL")
                for statement in _SCHEMA:
                    db.execute(statement)
            yield db
