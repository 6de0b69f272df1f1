"""Who a card comes from, shown first on every tier: a fictional example, or a card that the
manufacturer did not issue (transcribed from public documents). No card can leave these out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gmlp_cards.model import ModelCard
from gmlp_cards.render.blocks import Badge, Block, Notice
from gmlp_cards.tiers.facts import FICTIONAL_BADGE

if TYPE_CHECKING:  # the check is made by the caller; the tiers need not load the crypto library
    from gmlp_cards.cards.signing import SignatureCheck

NOT_ISSUED = "Not issued by the manufacturer."
NOT_ISSUED_BADGE = f"{NOT_ISSUED.removesuffix('.')} · transcribed from public documents"
"""On the glance tiers (front, back) a badge under the title, as a fictional example's is: a three-line
banner pushed a phone's first warning below the fold (issue 15). The leaflet and the patient page give
the card's own words in full: who transcribed it, from what."""


def transcription_text(card: ModelCard) -> str | None:
    """`Not issued by the manufacturer. <who transcribed it, from what>`, or None for a maker's card."""
    note = card.identity.transcription
    return None if note is None else f"{NOT_ISSUED} {note}"


def source_banners(
    card: ModelCard, fictional_text: str = FICTIONAL_BADGE, *, short: bool = False
) -> list[Block]:
    """The fictional badge and the not-issued-by-the-manufacturer notice, in that order; `short` for
    the glance tiers, where the notice is a badge too."""
    blocks: list[Block] = [Badge(fictional_text)] if card.identity.fictional else []
    text = transcription_text(card)
    if text is not None:
        blocks.append(Badge(NOT_ISSUED_BADGE) if short else Notice("info", text))
    return blocks


def signature_notice(check: SignatureCheck) -> Notice | None:
    """The card's signature check (gmlp_cards.cards.signing) as a banner; none for an unsigned card."""
    if check.state == "unsigned":
        return None
    return Notice("success" if check.state == "verified" else "warning", check.text)
