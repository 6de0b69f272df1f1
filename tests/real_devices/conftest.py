"""The card and its raw data for each real-device test module, which names its `DEVICE`."""

from __future__ import annotations

from typing import Any

import pytest

from gmlp_cards.cards.loader import load_card
from gmlp_cards.model import ModelCard
from real_devices.support import card_path, raw_data


@pytest.fixture(scope="module")
def card(request: pytest.FixtureRequest) -> ModelCard:
    return load_card(card_path(request.module.DEVICE)).card


@pytest.fixture
def raw(request: pytest.FixtureRequest) -> dict[str, Any]:
    """A fresh copy each test, so a test may edit it."""
    return raw_data(request.module.DEVICE)
