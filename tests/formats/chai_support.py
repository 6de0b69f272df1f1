"""The format tests' inputs: the CHAI examples and schema, and every example card of ours.

A module of its own (not conftest) so that test files can import it: `from conftest import` is
ambiguous when several test folders have a conftest.py.
"""

from __future__ import annotations

from pathlib import Path

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.model import ModelCard

REPO = Path(__file__).resolve().parents[2]
SHARED_CHAI = REPO.parent / "shared" / "chai-mc-v0.2"
FIXTURE_CHAI = REPO / "tests" / "fixtures" / "chai"
# CI has shared/ beside the clone; the fixture copy keeps the tests independent of it.
CHAI_DIR = SHARED_CHAI if (SHARED_CHAI / "schema.xsd").is_file() else FIXTURE_CHAI
CHAI_XSD = CHAI_DIR / "schema.xsd"
CHAI_EXAMPLES = sorted((CHAI_DIR / "examples").glob("*.xml"))
CARD_DIRS = [REPO / "model_cards", REPO / "tests" / "fixtures" / "cards" / "valid"]


def example_cards() -> list[ModelCard]:
    """Every valid card shipped with the repo: the example devices and the test fixture."""
    cards = []
    for root in CARD_DIRS:
        catalog = Catalog.load(root)
        cards.extend(f.card for f in catalog.files if f.card is not None)
    return cards


def card_id(card: ModelCard) -> str:
    return f"{card.device_id}-{card.version}"
