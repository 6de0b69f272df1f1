"""Hostile card files: each is refused with one located problem, quickly, and `validate` exits 1.

Issue #12: on the main branch before this change each of these took the portal down (a traceback,
a hang on a FIFO, memory exhausted by /dev/zero), served a file from outside the card folder, or
was accepted with a lax type. The cases and their expected places are in tests/hostile_cards.py.
"""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path

import pytest
from hostile_cards import HOSTILE, VALID_CARD, Hostile, write_all_hostile, write_hostile

from gmlp_cards.cards.catalog import Catalog, load_one
from gmlp_cards.cards.loader import load_card
from gmlp_cards.cli.main import main
from gmlp_cards.errors import CardError, CardProblem

BY_DEVICE = {case.device: case for case in HOSTILE}
READ_BY_LOAD_CARD = [case for case in HOSTILE if case.device != "linked-device"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "cards"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def assert_located(problem: CardProblem, path: Path, case: Hostile) -> None:
    assert (problem.path, problem.line, problem.column, problem.field) == (
        str(case.located_at(path)),
        case.line,
        case.column,
        case.field,
    )
    assert re.search(case.message, problem.message), problem.message


@pytest.mark.parametrize("case", READ_BY_LOAD_CARD, ids=lambda c: c.device)
def test_load_card_refuses_a_hostile_file_with_one_located_problem(case, root, outside):
    path = write_hostile(root, outside, case)
    with pytest.raises(CardError) as caught:
        load_card(path, expect_location=False)
    assert len(caught.value.problems) == 1, caught.value.problems
    assert_located(caught.value.problems[0], path, case)


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.device)
def test_validate_exits_1_with_one_located_problem_for_a_hostile_file(case, root, outside):
    path = write_hostile(root, outside, case)
    out = io.StringIO()
    code = main(["validate", str(path)], out)
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[-1] == "1 cards, 1 devices, 1 problems"
    assert lines[0].startswith(f"{case.located_at(path)}:{case.line}:{case.column}:")
    assert "internal error" not in out.getvalue()


def test_a_fifo_is_refused_without_waiting_for_a_writer(root, outside):
    path = write_hostile(root, outside, BY_DEVICE["fifo-card"])
    started = time.monotonic()
    with pytest.raises(CardError):
        load_card(path)
    assert time.monotonic() - started < 2  # opening it for reading without O_NONBLOCK never returns


def test_a_card_that_grows_past_the_limit_while_read_is_cut_off(root, outside, monkeypatch):
    # What /dev/zero behind a regular-looking file, or a file being appended to, does: fstat says
    # small, the reads never end. The read must stop after MAX_CARD_BYTES + 1 bytes.
    path = root / "growing" / "1.0.0.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"a: b\n")
    from gmlp_cards.cards import card_bytes, loader

    reads: list[int] = []

    def endless(fd: int, n: int) -> bytes:
        reads.append(n)
        return b"x" * n

    monkeypatch.setattr(card_bytes.os, "read", endless)
    with pytest.raises(CardError, match=r"file holds more than 2,097,152 bytes, the limit for a card"):
        load_card(path)
    assert sum(reads) == loader.MAX_CARD_BYTES + 1


def test_a_file_linked_from_outside_the_folder_is_not_served(root, outside):
    write_hostile(root, outside, BY_DEVICE["outside-link"])
    catalog = Catalog.load(root)
    assert catalog.device_ids() == []
    assert [p.message.split(";")[0] for p in catalog.problems] == ["is a symbolic link"]


def test_a_linked_device_folder_is_not_read(root, outside):
    path = write_hostile(root, outside, BY_DEVICE["linked-device"])
    entry = load_one(path)
    assert entry.loaded is None
    assert_located(entry.problems[0], path, BY_DEVICE["linked-device"])


def test_the_600000_item_list_is_refused_in_seconds(root, outside):
    # Before: 22 s and 1 GB, and 600,001 problems printed.
    path = write_hostile(root, outside, BY_DEVICE["long-list"])
    started = time.monotonic()
    with pytest.raises(CardError) as caught:
        load_card(path)
    assert time.monotonic() - started < 8
    assert len(caught.value.problems) == 1


def test_a_folder_of_hostile_files_still_serves_its_valid_card(root, outside):
    write_all_hostile(root, outside)
    (root / "demo-dr-screen").mkdir()
    shutil.copy(VALID_CARD, root / "demo-dr-screen" / "1.0.0.yaml")
    catalog = Catalog.load(root)
    assert catalog.device_ids() == ["demo-dr-screen"]
    invalid = {f.device_id for f in catalog.files if not f.valid}
    assert invalid == set(BY_DEVICE)
    assert len(catalog.problems) == len(HOSTILE)
    assert not [p for p in catalog.problems if "internal error" in p.message]


def test_validate_on_a_folder_of_hostile_files_lists_one_problem_each_and_exits_1(root, outside):
    write_all_hostile(root, outside)
    out = io.StringIO()
    assert main(["validate", str(root)], out) == 1
    n = len(HOSTILE)
    assert out.getvalue().splitlines()[-1] == f"{n} cards, {n} devices, {n} problems"
