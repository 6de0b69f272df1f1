""" "Not stated" as a value: a fact the source does not give, with the reason, instead of a fake one.

Readers see "not stated" and the reason; coverage counts the fact as missing; no date or count is
invented to fill the field (issue: `2000-01-01` and `0` used to be scored as present).
"""

from __future__ import annotations

from pydantic import Field

from gmlp_cards.model.base import CardModel, Text


class NotStated(CardModel):
    not_stated: Text = Field(
        description="Why the source gives no value, e.g. `the decision summary does not report it`."
    )

    def __str__(self) -> str:
        return "not stated"
