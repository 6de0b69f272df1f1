"""Fixtures for the format tests."""

from __future__ import annotations

import pytest
from chai_support import REPO

from gmlp_cards.cards.catalog import Catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load(REPO / "model_cards")
