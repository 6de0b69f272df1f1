"""Publishing workflow: start a draft version, publish it, withdraw it, and initialise the lock.

Card files are edited as text, one targeted line at a time (the status line, the version line), so
the maker's comments and layout survive; every edit is re-parsed and checked before it counts.
Only `start_draft` writes a whole block (the pre-filled change notice of the new draft).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from gmlp_cards.cards.card_file import CardFile, LockEntry
from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.folder_write import WriteRefused, check_inside, write_inside
from gmlp_cards.cards.index import CardIndex
from gmlp_cards.cards.loader import LoadedCard, load_card
from gmlp_cards.cards.lock import Lock, LockError, lock_path, now_utc, read_lock, write_lock
from gmlp_cards.cards.lock_init import init_lock  # noqa: F401 (re-exported: `lock --init`)
from gmlp_cards.cards.placeholders import placeholder_problems, placeholders  # noqa: F401 (re-exported)
from gmlp_cards.cards.publish_outcome import Outcome, PublishError
from gmlp_cards.cards.status_history import replace_scalar, with_withdrawal
from gmlp_cards.cards.yamlsafe import parse
from gmlp_cards.checks import publish_warnings
from gmlp_cards.errors import CardError, CardProblem
from gmlp_cards.model import Status, semver_key
from gmlp_cards.model.identity import StatusChange

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/model-card.schema.json"
BUMPS = ("major", "minor", "patch")

REFUSALS = (PublishError, LockError, WriteRefused)
"""What a publishing step raises when it refuses, having changed nothing: callers catch these."""


def bump(version: str, part: str) -> str:
    """The next release after `version`: bump("1.2.3", "minor") == "1.3.0" (pre-release dropped)."""
    major, minor, patch, *_ = semver_key(version)
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ValueError(f"bump must be one of {', '.join(BUMPS)}, not {part!r}")


def _set_status(text: str, status: Status) -> str:
    # Marks come from this very text (not from the catalog's earlier parse), so a file edited
    # since the catalog was loaded is still edited on the right line.
    _, marks = parse(text)
    return replace_scalar(text, marks, ("identity", "status"), status.value)


def _notice_block(previous_version: str, today: dt.date) -> str:
    q = json.dumps  # a JSON string is a valid double-quoted YAML scalar
    return "\n".join(
        [
            "change_notice:",
            f"  previous_version: {previous_version}",
            f"  effective_date: {today.isoformat()}",
            "  # TODO: list every kind of change: performance, inputs, intended_use, labelling_only, fix,",
            f"  # security. `gmlp-cards publish` checks this list against the diff from {previous_version}.",
            "  change_types: [labelling_only]",
            "  within_pccp: false  # TODO: true only if the authorized change control plan covers it",
            f"  summary: {q('TODO: what changed, in one sentence')}",
            f"  rationale: {q('TODO: why it changed')}",
            f"  data_used: {q('TODO: data used to make and validate the change, or none')}",
            f"  performance_summary: {q('TODO: updated performance in words, or unchanged')}",
            "  labelling_sections: []",
            f"  bias_changes: {q('TODO: change in known biases, or none known')}",
            f"  user_action: {q('TODO: what users must do')}",
            "",
        ]
    )


def _replace_notice(text: str, block: str) -> str:
    """Put `block` in place of the top-level change_notice mapping, or at the end when there is none."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("change_notice:")), None)
    if start is None:
        body = text if text.endswith("\n") else text + "\n"
        return body + ("\n" if body.strip() else "") + block
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t#"):
        end += 1
    # Blank lines and comments just before the next key belong to that key, not to the notice.
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return "".join(lines[:start]) + block + "".join(lines[end:])


def _device_files(catalog: Catalog, device_id: str) -> list[CardFile]:
    return [f for f in catalog.files if f.device_id == device_id]


def _problem_lines(problems: tuple[CardProblem, ...] | list[CardProblem]) -> list[str]:
    return [str(p) for p in problems]


def start_draft(root: Path, device_id: str, part: str = "minor", today: dt.date | None = None) -> Outcome:
    """Copy the latest published version of a device to a new draft with a pre-filled notice."""
    today = today or dt.date.today()
    catalog = _catalog(root)
    files = _device_files(catalog, device_id)
    if not files:
        raise PublishError([f"no cards for device {device_id!r} under {root}"])
    drafts = [f.version for f in files if f.loaded and f.loaded.card.identity.status is Status.draft]
    if drafts:
        raise PublishError(
            [
                f"{device_id} already has a draft ({', '.join(drafts)}): edit and publish "
                "it, or delete it, before starting another"
            ]
        )
    base_version = catalog.latest_version(device_id)
    if base_version is None:
        raise PublishError(
            [
                f"{device_id} has no valid published version to start from; write the "
                "first version by hand with `status: draft` and publish it"
            ]
        )
    base = catalog.entry(device_id, base_version)
    assert base is not None and base.loaded is not None
    newest = max((f.version for f in files), key=semver_key)
    version = bump(newest, part)
    target = Path(root) / device_id / f"{version}.yaml"
    if target.exists():
        raise PublishError([f"{target} already exists"])
    text = base.loaded.path.read_text(encoding="utf-8")
    _, marks = parse(text)
    text = replace_scalar(text, marks, ("identity", "card_version"), version)
    text = replace_scalar(text, marks, ("identity", "status"), Status.draft.value)
    text = replace_scalar(text, marks, ("identity", "release_date"), today.isoformat())
    text = _replace_notice(text, _notice_block(newest, today))
    if not text.startswith(SCHEMA_COMMENT):
        text = f"{SCHEMA_COMMENT}\n{text}"
    load_card(target, data=text.encode("utf-8"))  # a bug of ours if this raises: nothing written yet
    write_inside(root, target, text)
    entry = _catalog(root).entry(device_id, version)
    notes = _problem_lines(entry.problems) if entry is not None else []
    return Outcome(
        target,
        version,
        notes=(
            f"started from {base_version}; replace every TODO, then run "
            f"`gmlp-cards publish {device_id} {version}`",
            *notes,
        ),
    )


def _lock_or_new(root: Path, catalog: Catalog) -> Lock:
    lock = read_lock(root)
    if lock is not None:
        return lock
    public = [
        f for f in catalog.files if f.loaded is not None and f.loaded.card.identity.status is not Status.draft
    ]
    if public:
        raise PublishError(
            [
                f"{lock_path(root)} does not exist but {len(public)} card(s) are already "
                "published; run `gmlp-cards lock --init` first to record them"
            ]
        )
    return Lock({})


def publish(root: Path, device_id: str, version: str, now: str | None = None) -> Outcome:
    """Check a draft (valid, notice consistent with the diff, no TODOs), mark it published, lock it."""
    catalog = _catalog(root)
    entry = catalog.entry(device_id, version)
    if entry is None:
        raise PublishError([f"no card {device_id} {version} under {root}"])
    if entry.loaded is None:
        raise PublishError(["the card does not load:", *_problem_lines(entry.problems)])
    status = entry.loaded.card.identity.status
    if status is not Status.draft:
        raise PublishError(
            [
                f"{entry.path} is {status.value}, not a draft; a published card never "
                "changes: start a new version with `gmlp-cards new-version`"
            ]
        )
    reasons = blockers(catalog, entry)
    if reasons:
        raise PublishError(reasons)
    text = entry.loaded.path.read_text(encoding="utf-8")
    lock = _lock_or_new(root, catalog)
    new_text = _set_status(text, Status.published)
    checked = _reload(entry.path, new_text)
    if checked.card.identity.status is not Status.published:  # pragma: no cover - guards replace_scalar
        raise PublishError([f"could not set the status line of {entry.path}"])
    stamp = now or now_utc()
    recorded = LockEntry(sha256=checked.sha256, published_at=stamp)
    outcome = _commit(root, entry.path, text, new_text, lock, device_id, version, recorded)
    _catalog(root)  # the index learns the published bytes: no reader after a restart parses them
    # Said, never refused: a maker may honestly publish an endpoint its study did not meet.
    warned = (
        f"{entry.path}: warning {f.code}: {f.field}: {f.message}" for f in publish_warnings(checked.card)
    )
    return replace(outcome, notes=tuple(warned))


def blockers(catalog: Catalog, entry: CardFile) -> list[str]:
    """Every reason the draft `entry` cannot be published yet, located; empty when it can be.

    The one list `publish` and the /publish page both read: validation problems, TODO/TBD/FIXME
    left (comments included), what an imported card's source did not say, and a version number
    below one already published.
    """
    reasons = _problem_lines(entry.problems)
    if entry.loaded is None:
        return reasons
    text = entry.loaded.path.read_text(encoding="utf-8")
    reasons += _problem_lines(placeholder_problems(str(entry.path), text, parse(text)[1]))
    provenance = entry.loaded.card.identity.provenance
    if provenance is not None:  # an import lists what its source did not say
        reasons += [
            f"{entry.path}: {gap.field}: {gap.kind.value} in the {provenance.source_format} — {gap.need}"
            for gap in provenance.gaps
        ]
    later = [
        f.version
        for f in _device_files(catalog, entry.device_id)
        if f.loaded is not None
        and f.loaded.summary.status is not Status.draft
        and semver_key(f.version) > semver_key(entry.version)
    ]
    if later:
        reasons.append(f"{entry.version} is older than the already published {', '.join(later)}")
    return reasons


def withdraw(root: Path, device_id: str, version: str, reason: str, now: str | None = None) -> Outcome:
    """Mark a published version withdrawn (still readable, with a banner) and record why in the lock
    and, for a schema 2 card, in the card's own `identity.status_history`."""
    reason = " ".join(reason.split())
    if not reason:
        raise PublishError(["give the reason for the withdrawal with --reason; readers are shown it"])
    catalog = _catalog(root)
    entry = catalog.entry(device_id, version)
    if entry is None or entry.loaded is None:
        raise PublishError([f"no readable card {device_id} {version} under {root}"])
    if entry.tampered:
        raise PublishError(
            [
                "the file does not match the lock; restore the published text first:",
                *_problem_lines(entry.problems),
            ]
        )
    status = entry.loaded.card.identity.status
    if status is not Status.published or entry.lock is None:
        raise PublishError(
            [f"{entry.path} is {status.value}; only a published, locked version can be withdrawn"]
        )
    lock = _lock_or_new(root, catalog)
    # Bytes as they are (no newline translation): the withdrawal must undo to the published hash.
    text = entry.loaded.path.read_bytes().decode("utf-8")
    stamp = now or now_utc()
    new_text: str | None = _set_status(text, Status.withdrawn)
    if entry.loaded.card.schema_version >= 2:  # the card itself keeps why (status_history.py)
        day = dt.date.fromisoformat(stamp[:10])
        step = StatusChange(
            status=Status.withdrawn, date=day, reason=reason, published_sha256=entry.lock.sha256
        )
        new_text = with_withdrawal(text, step)
    if new_text is None:
        raise PublishError(
            ["identity.status_history is written in flow style ([...]); write it as a block list first"]
        )
    checked = _reload(entry.path, new_text)
    recorded = replace(
        entry.lock,
        sha256=checked.sha256,
        status=Status.withdrawn.value,
        published_sha256=entry.lock.sha256,
        withdrawn_at=stamp,
        withdrawal_reason=reason,
    )
    outcome = _commit(root, entry.path, text, new_text, lock, device_id, version, recorded)
    _catalog(root)  # the index learns the withdrawn bytes
    return outcome


def _catalog(root: Path) -> Catalog:
    """The folder's catalog through its index (cards/index.py): a publish in a folder of 3,000 cards
    validates the few files that changed, not all of them, and records what it validated."""
    return Catalog.load(root, index=CardIndex.open(root))


def _reload(path: Path, text: str) -> LoadedCard:
    try:
        return load_card(path, data=text.encode("utf-8"))
    except CardError as error:
        raise PublishError(
            ["the edited card does not validate; nothing was changed:", *_problem_lines(error.problems)]
        ) from None


def _commit(
    root: Path,
    path: Path,
    old_text: str,
    new_text: str,
    lock: Lock,
    device_id: str,
    version: str,
    recorded: LockEntry,
) -> Outcome:
    """Write the card, then the lock; re-validate; put both back if the result is not clean."""
    lock_file = lock_path(root)
    for target in (path, lock_file):  # refuse before the first write, not between the two
        check_inside(root, target)
    old_lock = lock_file.read_text(encoding="utf-8") if lock_file.exists() else None
    # Card first: a crash before the lock is written leaves a card "not recorded in the lock",
    # which validate reports with the way out, rather than a lock promising bytes never written.
    write_inside(root, path, new_text)
    write_lock(root, lock.with_entry(device_id, version, recorded))
    entry = _catalog(root).entry(device_id, version)
    if entry is None or entry.problems:
        write_inside(root, path, old_text)
        if old_lock is None:
            lock_file.unlink(missing_ok=True)
        else:
            write_inside(root, lock_file, old_lock)
        raise PublishError(
            [
                "the result did not validate; nothing was changed:",
                *_problem_lines(entry.problems if entry else ()),
            ]
        )
    return Outcome(path, version, recorded.sha256)
