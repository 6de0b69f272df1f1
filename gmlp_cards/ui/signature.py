"""The device page's signature banner: "Signed by <manufacturer> (key <id>), verified", or a warning."""

from __future__ import annotations

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.signing import verify_entry
from gmlp_cards.model import ModelCard
from gmlp_cards.tiers.banners import signature_notice
from gmlp_cards.ui import render


def signature_banner(catalog: Catalog, card: ModelCard) -> None:
    """Draw the signature check of the shown version; nothing for an unsigned card.

    Runs on every page load: `verify_entry` re-reads only the small `.sig` and keys.json files and
    answers from a cache keyed on their content and the card's hash.
    """
    entry = catalog.entry(card.device_id, card.version)
    if entry is None:
        return
    notice = signature_notice(verify_entry(catalog.root, entry, card.identity.manufacturer.name))
    if notice is not None:
        render.notice(notice)
