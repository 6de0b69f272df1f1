"""Fixtures for the version tests: a private copy of the example cards, and helpers to read them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.loader import LoadedCard
from gmlp_cards.cards.lock import LOCK_NAME
from gmlp_cards.cards.publishing import init_lock

from .signing_support import LUMEN, NORTHWIND, run, write_keys, write_pem

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


@pytest.fixture
def maker_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 key for the fictional maker of the Lumen examples (never a committed key)."""
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signed(locked_cards: Path, tmp_path: Path, maker_key: Ed25519PrivateKey) -> Path:
    """The examples with Northwind's key listed and Lumen 1.1.0 signed with it."""
    write_keys(locked_cards, {NORTHWIND: [maker_key]})
    key_file = write_pem(maker_key, tmp_path / "private" / "northwind.pem")
    code, out = run("sign", LUMEN, "1.1.0", "--key", str(key_file), "--cards", str(locked_cards))
    assert code == 0, out
    return locked_cards
