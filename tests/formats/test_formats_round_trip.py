"""Our cards exported to CHAI and imported back keep every field CHAI can carry; the rest is named here."""

from __future__ import annotations

import re
from typing import Any

import pytest
from chai_support import card_id, example_cards

from gmlp_cards.formats.chai.export import export_chai
from gmlp_cards.formats.chai.importer import import_chai
from gmlp_cards.model import ModelCard

NOT_CARRIED = {
    # CHAI has no version history: the change notice has no element to go to.
    r"change_notice(\..*)?",
    # CHAI has one patient disclosure text; only the card's default language goes there.
    r"patient\.texts\.(?!{default})[a-z-]+(\..*)?",
    # An import is always a draft, with a record of where it came from.
    r"identity\.status",
    r"identity\.provenance(\..*)?",
    # CHAI's text says "not stated", not why: the reason of a not-stated fact stays with the card.
    r".*\.not_stated",
}


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        return {
            k: v
            for key, item in value.items()
            for k, v in _flat(item, f"{path}.{key}" if path else key).items()
        }
    if isinstance(value, list):
        flat = {k: v for i, item in enumerate(value) for k, v in _flat(item, f"{path}[{i}]").items()}
        return flat or {path: []}
    return {path: value}


def _not_carried(card: ModelCard) -> re.Pattern[str]:
    patterns = [p.replace("{default}", re.escape(card.patient.default_language) + r"\b") for p in NOT_CARRIED]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def lost_in_round_trip(card: ModelCard, back: ModelCard) -> dict[str, tuple[Any, Any]]:
    """{field path: (before, after)} for every field CHAI can carry that came back different."""
    before, after = _flat(card.model_dump(mode="json")), _flat(back.model_dump(mode="json"))
    skip = _not_carried(card)
    return {
        k: (before.get(k), after.get(k))
        for k in before.keys() | after.keys()
        if not skip.fullmatch(k) and before.get(k) != after.get(k)
    }


# Schema-2 cards carry what CHAI v0.2 has no element for (not-stated facts, crossed subgroups, one
# metric per analysis): their export is checked against the CHAI schema, not round-tripped.
SCHEMA_1 = [card for card in example_cards() if card.schema_version == 1]


@pytest.mark.parametrize("card", SCHEMA_1, ids=card_id)
def test_round_trip_keeps_every_field_chai_can_carry(card: ModelCard) -> None:
    back = import_chai(export_chai(card), source_file="round-trip.xml").card
    assert lost_in_round_trip(card, back) == {}


def test_round_trip_changes_only_the_named_fields() -> None:
    card = next(c for c in example_cards() if c.change_notice is not None and len(c.patient.texts) > 1)
    back = import_chai(export_chai(card), source_file="round-trip.xml").card
    assert back.change_notice is None
    assert list(back.patient.texts) == [card.patient.default_language]
    assert back.identity.status.value == "draft"
    gaps = {g.field for g in back.identity.provenance.gaps}
    assert gaps == {"change_notice"}  # everything else came back from our own export
