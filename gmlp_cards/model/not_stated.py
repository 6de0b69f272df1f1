""" "Not stated" as a value: a fact the source does not give, with the reason, instead of a fake one.

A card writes `{not_stated: "why"}` where the source is silent. Readers see "not stated" and the
reason; coverage counts the fact as missing; no date, count or e-mail address is invented to fill
the field (`2000-01-01` and `0` used to be scored as present).

For text fields the value is a `NotStatedText`: a `str` that reads "Not stated in the source: why",
so every renderer shows it as it shows any text, while checks can still tell it apart
(`is_not_stated`). It is written back to YAML as `{not_stated: why}`.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import (
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
)
from pydantic.functional_serializers import WrapSerializer
from pydantic.functional_validators import BeforeValidator, WrapValidator

from gmlp_cards.model.base import CardModel, Email, ShortText, Text


class NotStated(CardModel):
    not_stated: Text = Field(
        description="Why the source gives no value, e.g. `the decision summary does not report it`."
    )

    def __str__(self) -> str:
        return "not stated"


class NotStatedText(str):
    """Text standing in for a fact the source does not state."""

    reason: str

    def __new__(cls, reason: str) -> NotStatedText:
        text = super().__new__(cls, f"Not stated in the source: {reason}")
        text.reason = reason
        return text


def is_not_stated(value: object) -> bool:
    return isinstance(value, NotStated | NotStatedText)


def _marker(value: object) -> bool:
    return isinstance(value, dict) and set(value) == {"not_stated"}


def _which(value: Any) -> str:
    return "not_stated" if _marker(value) or isinstance(value, NotStated) else "given"


T = TypeVar("T")
NOT_STATED_TAGS = frozenset({"given", "not_stated"})
"""The tags pydantic names in an error's location inside an OrNotStated field."""

OrNotStated = Annotated[
    Annotated[T, Tag("given")] | Annotated[NotStated, Tag("not_stated")], Discriminator(_which)
]
"""A value of type T, or `{not_stated: why}`. Tagged, so a wrong value is reported once, against T,
rather than once per alternative."""


def _read(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    if isinstance(value, NotStatedText):
        return value
    if _marker(value):
        return NotStatedText(NotStated.model_validate(value).not_stated)
    return handler(value)


def _write(value: Any, handler: SerializerFunctionWrapHandler) -> Any:
    return {"not_stated": value.reason} if isinstance(value, NotStatedText) else handler(value)


_SCHEMA_OF_MARKER = {
    "type": "object",
    "properties": {"not_stated": {"type": "string", "minLength": 1}},
    "required": ["not_stated"],
    "additionalProperties": False,
}


_READ, _WRITE = WrapValidator(_read), WrapSerializer(_write)


def _json(inner: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [inner, _SCHEMA_OF_MARKER]})


_TEXT = {"type": "string", "minLength": 1}
TextOrNotStated = Annotated[Text, _READ, _WRITE, _json(_TEXT)]
"""Free text, or `{not_stated: why}` read as a NotStatedText."""
ShortTextOrNotStated = Annotated[ShortText, _READ, _WRITE, _json(_TEXT)]
EmailOrNotStated = Annotated[Email, _READ, _WRITE, _json(_TEXT)]


def _list_marker(value: Any) -> Any:
    return [value] if _marker(value) else value


NOT_STATED_LIST = BeforeValidator(_list_marker)
"""On a list of texts: `{not_stated: why}` in place of the whole list is one not-stated item."""


NamesOrNotStated = Annotated[list[ShortTextOrNotStated], NOT_STATED_LIST, Field(min_length=1)]
"""Sites or countries: at least one name, or `{not_stated: why}` (one not-stated item)."""
