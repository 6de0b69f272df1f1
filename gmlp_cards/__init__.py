"""GMLP Cards: versioned model cards, change notices and concern reports for AI-enabled devices."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gmlp_cards.cards.card_file import CardFile
    from gmlp_cards.cards.catalog import Catalog
    from gmlp_cards.cards.loader import LoadedCard, load_card
    from gmlp_cards.errors import CardError, CardProblem
    from gmlp_cards.model import ModelCard

_EXPORTS = {
    "CardError": "gmlp_cards.errors",
    "CardFile": "gmlp_cards.cards.card_file",
    "CardProblem": "gmlp_cards.errors",
    "Catalog": "gmlp_cards.cards.catalog",
    "LoadedCard": "gmlp_cards.cards.loader",
    "ModelCard": "gmlp_cards.model",
    "load_card": "gmlp_cards.cards.loader",
}
__all__ = ["CardError", "CardFile", "CardProblem", "Catalog", "LoadedCard", "ModelCard", "load_card"]


def __getattr__(name: str) -> object:
    # Resolved on first use (PEP 562): importing any gmlp_cards module, the CLI's `--help` included,
    # must not load the card model and, through its intervals, scipy.
    if name not in _EXPORTS:
        raise AttributeError(f"module 'gmlp_cards' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
