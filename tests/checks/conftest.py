"""Fixtures for the evidence-check tests."""

from __future__ import annotations

import pytest
from check_cards import make_card

from gmlp_cards.model import ModelCard


@pytest.fixture
def clean_card() -> ModelCard:
    return make_card()
