"""Portal test fixtures: clean Streamlit caches per test, and a card folder with known problems."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from portal_cards import write_fixture_catalog


@pytest.fixture(autouse=True)
def _clean_caches() -> Iterator[None]:
    # AppTest runs share this process: a catalog cached for one folder must not leak into the next.
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def fixture_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a device history (incl. a withdrawn version), a hostile card and a broken file."""
    return write_fixture_catalog(tmp_path_factory.mktemp("cards"))


@pytest.fixture
def fixture_catalog_env(fixture_cards: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GMLP_CARDS_DIR", str(fixture_cards))
    return fixture_cards
