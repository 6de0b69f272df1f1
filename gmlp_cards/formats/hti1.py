"""The 31 ONC HTI-1 predictive DSI source attributes, filled from a card, or marked as absent.

45 CFR 170.315(b)(11)(iv)(A) lists them in nine groups; an EHR developer certified to (b)(11) must let
users see them. Titles follow the rule's wording. Each attribute says which card fields it was filled
from, so a manufacturer sees what is missing and where it would go.
"""

from __future__ import annotations

from typing import Any

from gmlp_cards.formats.hti1_fill import NOT_IN_SOURCE, NOT_PROVIDED
from gmlp_cards.formats.hti1_table import GROUPS
from gmlp_cards.model import ModelCard

RULE = "45 CFR 170.315(b)(11)(iv)(A)"


def hti1_attributes(card: ModelCard) -> dict[str, Any]:
    """All 31 source attributes for `card`, grouped as the rule groups them; JSON-ready and stable.

    An attribute the card does not carry is "not provided" by the maker; on a card transcribed from
    public documents it is "not stated in the source", since the maker was never asked."""
    absent = NOT_IN_SOURCE if card.identity.transcription else NOT_PROVIDED
    groups = []
    number = 0
    provided = 0
    for group_id, group_title, attributes in GROUPS:
        rows = []
        for attribute in attributes:
            number += 1
            value = attribute.fill(card)
            value = value.strip() if value and value.strip() else None
            provided += value is not None
            rows.append(
                {
                    "number": number,
                    "id": attribute.id,
                    "title": attribute.title,
                    "provided": value is not None,
                    "value": value or absent,
                    "card_fields": list(attribute.fields),
                }
            )
        groups.append({"id": group_id, "title": group_title, "attributes": rows})
    return {
        "rule": RULE,
        "kind": "Predictive decision support intervention source attributes",
        "device_id": card.device_id,
        "card_version": card.version,
        "device_name": card.identity.device_name,
        "summary": {"attributes": number, "provided": provided, "not_provided": number - provided},
        "groups": groups,
    }
