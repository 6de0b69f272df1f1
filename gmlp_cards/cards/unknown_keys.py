"""The message for a key the card format does not have: the likely intended key, and the keys expected.

Pydantic says only "Extra inputs are not permitted". The keys a mapping may hold are the fields of
the card model at that place, found by walking the model's annotations along the error's location
(list items, mapping values, optional and union types, and the tag pydantic puts in the location of
a tagged union), so this never repeats the model's field list by hand.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Sequence
from typing import Any, Union

from pydantic import BaseModel

from gmlp_cards.model import ModelCard


def _arms(annotation: Any) -> list[Any]:
    """The concrete types an annotation allows: Optional, unions and Annotated unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _arms(typing.get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [arm for member in typing.get_args(annotation) for arm in _arms(member)]
    return [annotation]


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _tagged(model: type[BaseModel], tag: str) -> bool:
    """Whether a field of `model` is the Literal `tag` (how a tagged union names its arm)."""
    for field in model.model_fields.values():
        if typing.get_origin(field.annotation) is typing.Literal and tag in typing.get_args(field.annotation):
            return True
    return False


def _step(candidates: list[Any], part: str | int) -> list[Any]:
    models = [c for c in candidates if _is_model(c)]
    if isinstance(part, str) and len(models) > 1:
        # The tag of a tagged union (`estimate` for an EstimateMetric), not a key: it may also be
        # the name of a field of one arm, so it is tried first.
        tagged = [m for m in models if _tagged(m, part)]
        if tagged:
            return tagged
    found: list[Any] = []
    for candidate in candidates:
        origin, args = typing.get_origin(candidate), typing.get_args(candidate)
        if isinstance(part, int) and origin in (list, tuple, Sequence) and args:
            found += _arms(args[0])
        elif isinstance(part, str) and origin is dict and len(args) == 2:
            found += _arms(args[1])
        elif isinstance(part, str) and _is_model(candidate) and part in candidate.model_fields:
            found += _arms(candidate.model_fields[part].annotation)
    return found


def expected_keys(mapping_loc: Sequence[str | int]) -> list[str]:
    """The keys the card format allows in the mapping at `mapping_loc` (pydantic's location), in
    the model's order; empty when the place cannot be worked out."""
    candidates: list[Any] = [ModelCard]
    for part in mapping_loc:
        candidates = _step(candidates, part)
    keys: list[str] = []
    for model in (c for c in candidates if _is_model(c)):
        keys += [name for name in model.model_fields if name not in keys]
    return keys


def unknown_key_message(loc: Sequence[str | int]) -> str:
    """`unknown field; did you mean 'threshold'? Expected here: metric, threshold, ...`."""
    key = loc[-1] if loc else ""
    expected = expected_keys(loc[:-1])
    if not expected:
        return "unknown field; it is not part of the card format (check the spelling)"
    close = closest(str(key), expected)
    guess = f"did you mean {close!r}?" if close else "it is not part of the card format."
    return f"unknown field; {guess} Expected here: {', '.join(expected)}"


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The choice `word` was most likely meant to be, if one is close enough (the one "did you mean")."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean_choice(value: object, expected: str) -> str:
    """` (you wrote 'workflw'; did you mean 'workflow'?)` for a near miss of an enum's value, else "".

    `expected` is pydantic's list of the allowed values (`'a', 'b' or 'c'`)."""
    close = closest(value, re.findall(r"'([^']*)'", expected)) if isinstance(value, str) else None
    return f" (you wrote {value[:40]!r}; did you mean {close!r}?)" if close and isinstance(value, str) else ""
