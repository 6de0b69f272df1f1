"""GMLP Cards: versioned model cards, change notices and concern reports for AI-enabled devices."""

from gmlp_cards.cards.card_file import CardFile
from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.loader import LoadedCard, load_card
from gmlp_cards.errors import CardError, CardProblem
from gmlp_cards.model import ModelCard

__all__ = ["CardError", "CardFile", "CardProblem", "Catalog", "LoadedCard", "ModelCard", "load_card"]
