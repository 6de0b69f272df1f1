"""Files written by publishing: the folder's usual modes, and never a write outside the card folder."""

from __future__ import annotations

import io
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from gmlp_cards.cards.folder_write import WriteRefused, write_inside
from gmlp_cards.cards.lock import LOCK_NAME
from gmlp_cards.cli.main import main

from .test_publishing import LUMEN, fill_in


def run(*argv: str) -> int:
    return main(list(argv), io.StringIO())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask of a server account, whatever the test runner's own is."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def ordinary_mode(folder: Path) -> int:
    """The mode any program's new file gets in `folder` under the current umask."""
    probe = folder / "probe.txt"
    probe.write_text("x", encoding="utf-8")
    try:
        return mode(probe)
    finally:
        probe.unlink()


def test_new_version_writes_the_draft_with_the_mode_of_an_ordinary_new_file(
    locked_cards: Path, umask_022: None
) -> None:
    assert run("new-version", LUMEN, "--cards", str(locked_cards)) == 0
    assert mode(locked_cards / LUMEN / "1.2.0.yaml") == ordinary_mode(locked_cards / LUMEN) == 0o644


def test_publish_leaves_card_and_lock_readable_by_group_and_other(
    locked_cards: Path, umask_022: None
) -> None:
    (locked_cards / LOCK_NAME).chmod(0o644)
    run("new-version", LUMEN, "--cards", str(locked_cards))
    draft = locked_cards / LUMEN / "1.2.0.yaml"
    fill_in(draft)
    assert run("publish", LUMEN, "1.2.0", "--cards", str(locked_cards)) == 0
    assert mode(draft) == 0o644
    assert mode(locked_cards / LOCK_NAME) == 0o644


def test_a_replaced_file_keeps_the_mode_it_had(locked_cards: Path, umask_022: None) -> None:
    run("new-version", LUMEN, "--cards", str(locked_cards))
    draft = locked_cards / LUMEN / "1.2.0.yaml"
    fill_in(draft)
    draft.chmod(0o664)
    (locked_cards / LOCK_NAME).chmod(0o640)
    assert run("publish", LUMEN, "1.2.0", "--cards", str(locked_cards)) == 0
    assert mode(draft) == 0o664
    assert mode(locked_cards / LOCK_NAME) == 0o640


def test_lock_init_writes_the_lock_with_the_mode_of_an_ordinary_new_file(
    cards: Path, umask_022: None
) -> None:
    (cards / LOCK_NAME).unlink()
    assert run("lock", "--init", "--cards", str(cards)) == 0
    assert mode(cards / LOCK_NAME) == 0o644


def test_withdraw_keeps_the_mode_of_the_card_and_the_lock(locked_cards: Path, umask_022: None) -> None:
    card = locked_cards / LUMEN / "1.1.0.yaml"
    card.chmod(0o644)
    (locked_cards / LOCK_NAME).chmod(0o644)
    assert run("withdraw", LUMEN, "1.1.0", "--reason", "Superseded.", "--cards", str(locked_cards)) == 0
    assert mode(card) == 0o644 and mode(locked_cards / LOCK_NAME) == 0o644


def test_new_version_through_a_symlinked_device_folder_writes_nothing(
    locked_cards: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.move(locked_cards / LUMEN, elsewhere)
    (locked_cards / LUMEN).symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.name for p in elsewhere.iterdir())
    assert run("new-version", LUMEN, "--cards", str(locked_cards)) == 1
    assert sorted(p.name for p in elsewhere.iterdir()) == before
    assert capsys.readouterr().err.startswith("gmlp-cards new-version: ")


def test_publish_of_a_symlinked_card_file_is_refused_and_its_target_unchanged(
    locked_cards: Path, tmp_path: Path
) -> None:
    run("new-version", LUMEN, "--cards", str(locked_cards))
    draft = locked_cards / LUMEN / "1.2.0.yaml"
    fill_in(draft)
    outside = tmp_path / "outside.yaml"
    shutil.move(draft, outside)
    draft.symlink_to(outside)
    text, lock = outside.read_bytes(), (locked_cards / LOCK_NAME).read_bytes()
    assert run("publish", LUMEN, "1.2.0", "--cards", str(locked_cards)) == 1
    assert outside.read_bytes() == text and draft.is_symlink()
    assert (locked_cards / LOCK_NAME).read_bytes() == lock


def test_publish_with_a_symlinked_lock_is_refused_before_the_card_changes(
    locked_cards: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("new-version", LUMEN, "--cards", str(locked_cards))
    draft = locked_cards / LUMEN / "1.2.0.yaml"
    fill_in(draft)
    outside = tmp_path / "outside.lock.json"
    shutil.move(locked_cards / LOCK_NAME, outside)
    (locked_cards / LOCK_NAME).symlink_to(outside)
    text, lock = draft.read_bytes(), outside.read_bytes()
    assert run("publish", LUMEN, "1.2.0", "--cards", str(locked_cards)) == 1
    assert draft.read_bytes() == text and outside.read_bytes() == lock
    # Refused where the lock is first read, before anything is written.
    assert f"{locked_cards / LOCK_NAME} is a symbolic link" in capsys.readouterr().err


def test_write_inside_refuses_a_path_outside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "cards"
    root.mkdir()
    with pytest.raises(WriteRefused, match="outside the card folder"):
        write_inside(root, root / "dev" / ".." / ".." / "escaped.yaml", "x")
    assert not (tmp_path / "escaped.yaml").exists()


def test_write_inside_refuses_to_replace_a_fifo(tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    os.mkfifo(tmp_path / "dev" / "1.0.0.yaml")
    with pytest.raises(WriteRefused, match="not a regular file"):
        write_inside(tmp_path, tmp_path / "dev" / "1.0.0.yaml", "x")
    assert [p.name for p in (tmp_path / "dev").iterdir()] == ["1.0.0.yaml"]  # no temporary left


def test_write_inside_accepts_a_card_folder_that_is_itself_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "real" / "dev").mkdir(parents=True)
    (tmp_path / "cards").symlink_to(tmp_path / "real", target_is_directory=True)
    write_inside(tmp_path / "cards", tmp_path / "cards" / "dev" / "1.0.0.yaml", "text")
    assert (tmp_path / "real" / "dev" / "1.0.0.yaml").read_text(encoding="utf-8") == "text"
