"""Streamlit renderer for the evidence checks in the maker's detail (the patient's "less is known" list
is a block of the patient view: gmlp_cards.tiers.patient)."""

from __future__ import annotations

from gmlp_cards.model import ModelCard
from gmlp_cards.tiers.finding_blocks import evidence_detail_blocks
from gmlp_cards.ui.render import render


def evidence_detail(card: ModelCard) -> None:
    """For manufacturer pages: coverage items, data against population, independence, readability."""
    render(evidence_detail_blocks(card), key=f"evidence-{card.device_id}-{card.version}")
