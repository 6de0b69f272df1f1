"""Who a card comes from, shown first on every tier: a fictional example, or a card that the
manufacturer did not issue (transcribed from public documents). No card can leave these out."""

from __future__ import annotations

from gmlp_cards.model import ModelCard
from gmlp_cards.render.blocks import Badge, Block, Notice
from gmlp_cards.tiers.facts import FICTIONAL_BADGE

NOT_ISSUED = "Not issued by the manufacturer."


def transcription_text(card: ModelCard) -> str | None:
    """`Not issued by the manufacturer. <who transcribed it, from what>`, or None for a maker's card."""
    note = card.identity.transcription
    return None if note is None else f"{NOT_ISSUED} {note}"


def source_banners(card: ModelCard, fictional_text: str = FICTIONAL_BADGE) -> list[Block]:
    """The fictional badge and the not-issued-by-the-manufacturer notice, in that order."""
    blocks: list[Block] = [Badge(fictional_text)] if card.identity.fictional else []
    text = transcription_text(card)
    if text is not None:
        blocks.append(Notice("info", text))
    return blocks
