"""The portal beside hostile card files: the example devices are still listed and shown (issue #12).

The card folder is a copy of model_cards/ (with its cards.lock.json, which records only the
example files) plus every case of tests/hostile_cards.py: a FIFO, links to /dev/zero and out of
the folder, a linked device folder, 500-level nesting, `!!timestamp x`, a 3,600-digit hex number,
a 600,000-item list and lax types. Before this change the first AppTest run hung on the FIFO.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from apptest_support import ROOT, open_page, page_titles
from catalog_support import entry_names
from hostile_cards import HOSTILE, write_all_hostile

from gmlp_cards.cards.catalog import Catalog

EXAMPLES = ROOT / "model_cards"


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    root = base / "cards"
    shutil.copytree(EXAMPLES, root)
    write_all_hostile(root, base / "outside")
    return root


@pytest.fixture
def hostile_env(hostile_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GMLP_CARDS_DIR", str(hostile_folder))
    return hostile_folder


def example_names() -> dict[str, str]:
    catalog = Catalog.load(EXAMPLES)
    return {device: str(catalog.device_name(device)) for device in catalog.device_ids()}


def test_the_catalog_page_lists_every_example_device_beside_the_hostile_files(hostile_env):
    at = open_page("catalog", timeout=120)
    shown = entry_names(at)
    assert sorted(shown) == sorted(example_names().values())
    captions = [c.value for c in at.caption]
    assert f"{len(HOSTILE)} card files could not be shown." in captions


@pytest.mark.parametrize("device", sorted(example_names()))
def test_a_device_page_of_the_hostile_folder_shows_its_card(hostile_env, device):
    at = open_page("device", timeout=120, device=device)
    assert page_titles(at)[0].startswith(example_names()[device])


@pytest.mark.parametrize("device", ["fifo-card", "linked-device", "long-list"])
def test_a_device_page_asked_for_a_hostile_file_shows_no_card(hostile_env, device):
    at = open_page("device", timeout=120, device=device)
    assert [t.value for t in at.title] == ["Card not found"]
