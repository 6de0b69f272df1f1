"""`gmlp-cards lock --init`: the lock of a folder that has none, from what the cards themselves say.

A withdrawn schema 2 card carries its withdrawal (date, reason, published hash) in
`identity.status_history`, so a fresh repository's lock holds nothing the cards lack. Its
published hash is recorded only once checked: the file less its withdrawal must hash to it
(gmlp_cards.cards.status_history); a card that fails is not recorded, as it was changed after
publication.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from gmlp_cards.cards.card_file import CardFile, LockEntry
from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.lock import Lock, lock_path, write_lock
from gmlp_cards.cards.publish_outcome import Outcome, PublishError
from gmlp_cards.cards.status_history import published_hash_holds
from gmlp_cards.model import Status


def init_lock(root: Path) -> tuple[Outcome, list[str]]:
    """Create the lock for a folder that has none, recording every valid published or withdrawn card.

    `published_at` is the date of the card's `published` step, else its release date (the moment of
    publication is not known afterwards). Returns the outcome and the problems of cards that could
    not be recorded.
    """
    if lock_path(root).exists():
        raise PublishError([f"{lock_path(root)} already exists; publish and withdraw keep it current"])
    catalog = Catalog.load(root)
    lock = Lock({})
    skipped: list[str] = []
    for entry in catalog.files:
        if entry.loaded is not None and entry.loaded.card.identity.status is Status.draft:
            continue
        if entry.loaded is None or entry.problems:
            skipped += [str(p) for p in entry.problems]
            continue
        recorded = _entry(entry)
        if isinstance(recorded, str):
            skipped.append(recorded)
            continue
        lock = lock.with_entry(entry.device_id, entry.version, recorded)
    write_lock(root, lock)
    return Outcome(lock_path(root), "", notes=(f"recorded {len(lock.entries)} card(s)",)), skipped


def _entry(entry: CardFile) -> LockEntry | str:
    """What the lock records for one public card, or why it cannot be recorded."""
    assert entry.loaded is not None
    identity = entry.loaded.card.identity
    published = next((s for s in identity.status_history if s.status is Status.published), None)
    recorded = LockEntry(
        sha256=entry.loaded.sha256,
        published_at=(published.date if published else identity.release_date).isoformat(),
        status=identity.status.value,
    )
    step = identity.withdrawal
    if step is None:
        return recorded
    text = entry.path.read_bytes().decode("utf-8")
    if published_hash_holds(text, entry.loaded.card) is False:
        return (
            f"{entry.path}: is withdrawn, but without its withdrawal it does not hash to the "
            f"published_sha256 its identity.status_history records ({step.published_sha256}): it "
            "was changed after publication. Restore the published text; a correction is a new version"
        )
    return dataclasses.replace(
        recorded,
        withdrawn_at=step.date.isoformat(),
        withdrawal_reason=step.reason,
        published_sha256=step.published_sha256,
    )
