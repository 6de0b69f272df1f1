"""The card folder's fingerprint (cards/folder_watch.py), which decides when the portal reloads its catalog.

Issue #12: a dangling link among the cards made the walk stop with FileNotFoundError, so the
fingerprint silently left out every entry after it; later edits were then never reloaded.
"""

from __future__ import annotations

from pathlib import Path

from gmlp_cards.cards.folder_watch import fingerprint


def card(root: Path, device: str, version: str, text: str = "a: 1\n") -> Path:
    path = root / device / f"{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_dangling_link_among_the_cards_changes_the_fingerprint(tmp_path):
    (tmp_path / "device").mkdir()
    before = fingerprint(tmp_path)
    (tmp_path / "device" / "1.0.0.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert fingerprint(tmp_path) != before


def test_an_edit_beside_a_dangling_link_changes_the_fingerprint(tmp_path):
    path = card(tmp_path, "device", "1.0.0")
    for name in ("0.9.0", "1.1.0", "2.0.0"):  # before and after it, whatever the folder's order
        (tmp_path / "device" / f"{name}.yaml").symlink_to(tmp_path / "nowhere.yaml")
    before = fingerprint(tmp_path)
    path.write_text("a: 22\n", encoding="utf-8")
    assert fingerprint(tmp_path) != before


def test_a_linked_device_folder_is_described_by_its_link_not_walked(tmp_path):
    root = tmp_path / "cards"
    outside = card(tmp_path, "outside", "1.0.0")
    root.mkdir()
    before = fingerprint(root)
    (root / "linked").symlink_to(outside.parent, target_is_directory=True)
    linked = fingerprint(root)
    outside.write_text("a: 22\n", encoding="utf-8")  # the catalog refuses it; no reload needed
    assert before != linked == fingerprint(root)


def test_a_missing_folder_has_the_fingerprint_of_an_empty_one(tmp_path):
    missing = tmp_path / "cards"
    before = fingerprint(missing)
    missing.mkdir()
    assert fingerprint(missing) == before
