"""Fixtures for the version tests: a private copy of the example cards, and helpers to read them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.loader import LoadedCard
from gmlp_cards.cards.lock import LOCK_NAME
from gmlp_cards.cards.publishing import init_lock

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "model_cards"


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """The shipped example cards (and their lock, if any) copied to a temporary folder we may edit."""
    target = tmp_path / "model_cards"
    shutil.copytree(EXAMPLES, target)
    return target


@pytest.fixture
def locked_cards(cards: Path) -> Path:
    """The copied examples with their lock (the shipped one; created here only if none is shipped)."""
    if not (cards / LOCK_NAME).exists():
        init_lock(cards)
    return cards


@pytest.fixture(scope="session")
def examples() -> Catalog:
    """The shipped examples, loaded once; tests read it, never change it."""
    return Catalog.load(EXAMPLES)


def loaded(catalog: Catalog, device_id: str, version: str) -> LoadedCard:
    entry = catalog.entry(device_id, version)
    assert entry is not None and entry.loaded is not None, f"{device_id} {version} did not load"
    return entry.loaded
