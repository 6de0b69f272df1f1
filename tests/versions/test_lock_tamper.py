"""Tamper evidence: published files are compared with cards.lock.json by validate and the catalog."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.lock import LOCK_NAME, read_lock, sha256_of
from gmlp_cards.cli.main import main
from gmlp_cards.model import Status

from .conftest import EXAMPLES

LUMEN = "lumen-cxr-triage"


def validate(*paths: Path) -> tuple[int, str]:
    out = io.StringIO()
    return main(["validate", *map(str, paths)], out), out.getvalue()


def flip_one_byte(path: Path, old: bytes = b"Lumen CXR Triage\n", new: bytes = b"Lumen CXR Triagf\n") -> None:
    data = path.read_bytes()
    assert data.count(old) >= 1
    path.write_bytes(data.replace(old, new, 1))


def test_the_shipped_lock_records_every_public_example() -> None:
    lock = read_lock(EXAMPLES)
    assert lock is not None, f"{EXAMPLES / LOCK_NAME} is missing: run `gmlp-cards lock --init`"
    catalog = Catalog.load(EXAMPLES)
    public = {
        (f.device_id, f.version)
        for f in catalog.files
        if f.loaded and f.loaded.card.identity.status is not Status.draft
    }
    assert set(lock.entries) == public
    for (device_id, version), entry in lock.entries.items():
        assert entry.sha256 == sha256_of(EXAMPLES / device_id / f"{version}.yaml")
    assert catalog.problems == []


def test_the_lock_file_is_sorted_stable_json(locked_cards: Path) -> None:
    text = (locked_cards / LOCK_NAME).read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert data["format"] == 1
    for key, entry in data["cards"].items():
        assert key.count("/") == 1 and {"sha256", "published_at"} <= set(entry)


def test_one_changed_byte_makes_validate_exit_1_naming_file_and_lock(locked_cards: Path) -> None:
    card = locked_cards / LUMEN / "1.0.0.yaml"
    flip_one_byte(card)
    code, out = validate(locked_cards)
    assert code == 1
    lock = locked_cards / LOCK_NAME
    line = next(line for line in out.splitlines() if line.startswith(f"{card}:"))
    assert f"sha256 differs from {lock} (published " in line
    assert out.endswith(" 1 problems\n")


def test_validating_one_device_folder_also_checks_the_lock(locked_cards: Path) -> None:
    flip_one_byte(locked_cards / LUMEN / "1.0.0.yaml")
    code, out = validate(locked_cards / LUMEN)
    assert code == 1 and "sha256 differs from" in out


def test_a_tampered_version_is_kept_parsed_but_never_valid_or_latest(locked_cards: Path) -> None:
    flip_one_byte(locked_cards / LUMEN / "1.1.0.yaml")
    catalog = Catalog.load(locked_cards)
    entry = catalog.entry(LUMEN, "1.1.0")
    assert entry is not None and entry.tampered
    assert entry.card is None and not entry.valid
    assert entry.loaded is not None and entry.loaded.card.identity.device_name == "Lumen CXR Triagf"
    assert catalog.versions(LUMEN) == ["1.0.0"]
    assert catalog.latest_version(LUMEN) == "1.0.0"
    assert entry.lock is not None and entry.lock.status == "published"


def test_turning_a_published_card_back_into_a_draft_is_still_tampering(locked_cards: Path) -> None:
    card = locked_cards / LUMEN / "1.0.0.yaml"
    flip_one_byte(card, b"  status: published\n", b"  status: draft\n")
    code, out = validate(locked_cards)
    assert code == 1 and f"{card}:1:1: sha256 differs from" in out


def test_a_published_card_missing_from_the_lock_is_an_error(locked_cards: Path) -> None:
    lock_file = locked_cards / LOCK_NAME
    data = json.loads(lock_file.read_text(encoding="utf-8"))
    del data["cards"][f"{LUMEN}/1.1.0"]
    lock_file.write_text(json.dumps(data), encoding="utf-8")
    code, out = validate(locked_cards)
    assert code == 1
    assert (f"{locked_cards / LUMEN / '1.1.0.yaml'}:1:1: is published but not recorded in {lock_file}") in out
    assert Catalog.load(locked_cards).entry(LUMEN, "1.1.0").tampered  # type: ignore[union-attr]


def test_a_deleted_published_card_is_an_error(locked_cards: Path) -> None:
    (locked_cards / LUMEN / "1.1.0.yaml").unlink()
    code, out = validate(locked_cards)
    assert code == 1 and "1.1.0.yaml:1:1: is recorded in" in out and "but the file is missing" in out


def test_without_a_lock_file_nothing_is_checked(cards: Path) -> None:
    (cards / LOCK_NAME).unlink(missing_ok=True)
    flip_one_byte(cards / LUMEN / "1.0.0.yaml")
    code, out = validate(cards)
    assert code == 0 and out.splitlines()[-1].endswith(" 0 problems")


def test_an_unreadable_lock_makes_public_cards_unverifiable(locked_cards: Path) -> None:
    (locked_cards / LOCK_NAME).write_text("{not json", encoding="utf-8")
    code, out = validate(locked_cards)
    assert code == 1 and "cannot be checked against the lock" in out and "is not valid JSON" in out


def test_lock_init_refuses_to_overwrite_a_lock(
    locked_cards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (locked_cards / LOCK_NAME).read_bytes()
    assert main(["lock", "--init", "--cards", str(locked_cards)], io.StringIO()) == 1
    assert "already exists" in capsys.readouterr().err
    assert (locked_cards / LOCK_NAME).read_bytes() == before


def test_lock_init_records_every_published_card(cards: Path) -> None:
    (cards / LOCK_NAME).unlink(missing_ok=True)
    public = [
        f
        for f in Catalog.load(cards).files
        if f.valid
        and f.card.identity.status  # type: ignore[union-attr]
        is not Status.draft
    ]
    out = io.StringIO()
    assert main(["lock", "--init", "--cards", str(cards)], out) == 0
    assert out.getvalue() == f"wrote {cards / LOCK_NAME}: recorded {len(public)} card(s)\n"
    lock = read_lock(cards)
    assert lock is not None and len(lock.entries) == len(public) >= 7
    assert lock.get(LUMEN, "1.0.0").published_at == "2023-06-15"  # type: ignore[union-attr]


def test_lock_without_init_is_a_usage_error() -> None:
    assert main(["lock"], io.StringIO()) == 2
