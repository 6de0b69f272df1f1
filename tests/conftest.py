"""Shared fixtures: clean Streamlit caches, the valid example card, and a way to write card variants."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
import yaml

from gmlp_cards.cards.index import INDEX_NAME
from gmlp_cards.cards.yamlsafe import parse

EXAMPLES = Path(__file__).resolve().parents[1] / "model_cards"

CARD_FIXTURES = Path(__file__).parent / "fixtures" / "cards"
VALID_CARD = CARD_FIXTURES / "valid" / "demo-dr-screen" / "1.0.0.yaml"

WriteCard = Callable[..., Path]


@pytest.fixture(autouse=True)
def _clean_streamlit_caches() -> Iterator[None]:
    # AppTest runs share this process: a catalog or store cached for one test's folder or database
    # must not leak into the next.
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def _valid_card_data() -> dict[str, Any]:
    data, _ = parse(VALID_CARD.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def card_dict(_valid_card_data: dict[str, Any]) -> dict[str, Any]:
    """A fresh, mutable copy of the valid fixture card (tests/fixtures/cards/valid/...)."""
    return copy.deepcopy(_valid_card_data)


@pytest.fixture
def write_card(tmp_path: Path) -> WriteCard:
    """Write a card (a dict, YAML text or bytes) to `tmp_path/cards/<device>/<version>.yaml`.

    Device and version default to the card's own, so the file sits where the loader expects it.
    """

    def write(
        card: dict[str, Any] | str | bytes, *, device: str | None = None, version: str | None = None
    ) -> Path:
        if isinstance(card, dict):
            device = device or card["identity"]["device_id"]
            version = version or card["identity"]["card_version"]
            card = yaml.safe_dump(card, sort_keys=False, allow_unicode=True)
        path = tmp_path / "cards" / (device or "demo-dr-screen") / f"{version or '1.0.0'}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(card if isinstance(card, bytes) else card.encode("utf-8"))
        return path

    return write


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A fresh copy of the example cards and their lock (without a catalog index) to change freely."""
    root = tmp_path / "cards"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(INDEX_NAME + "*"))
    return root
