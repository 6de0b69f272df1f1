"""Portal test fixtures: a card folder with known problems (Streamlit caches: tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from portal_cards import write_fixture_catalog


@pytest.fixture(scope="session")
def fixture_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a device history (incl. a withdrawn version), a hostile card and a broken file."""
    return write_fixture_catalog(tmp_path_factory.mktemp("cards"))


@pytest.fixture
def fixture_catalog_env(fixture_cards: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GMLP_CARDS_DIR", str(fixture_cards))
    return fixture_cards
