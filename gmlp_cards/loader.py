"""Load card files: bytes -> safe YAML -> ModelCard, turning every failure into located CardProblems."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gmlp_cards.errors import CardError, CardProblem
from gmlp_cards.model import ModelCard
from gmlp_cards.model.base import SEMVER_PATTERN
from gmlp_cards.yamlsafe import Marks, YamlProblem, format_path, parse

MAX_CARD_BYTES = 2 * 1024 * 1024
"""A real card is tens of kilobytes; anything this large is a mistake or an attack."""

_MESSAGES = {
    "extra_forbidden": "unknown field; it is not part of the card format (check the spelling)",
    "missing": "required field is missing",
}


@dataclass(frozen=True)
class LoadedCard:
    """A validated card with the facts about the file it came from."""

    path: Path
    card: ModelCard
    sha256: str
    marks: Marks


def read_card_text(path: Path, data: bytes | None = None) -> tuple[str, str]:
    """Return (text, sha256) for a card file, or raise CardError saying why the bytes are unusable."""
    if data is None:
        try:
            size = path.stat().st_size
            if size > MAX_CARD_BYTES:
                raise CardError.single(path, _too_large(size))
            data = path.read_bytes()
        except OSError as error:
            raise CardError.single(path, f"cannot be read: {error.strerror or error}") from None
    if len(data) > MAX_CARD_BYTES:
        raise CardError.single(path, _too_large(len(data)))
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise CardError.single(path, "file is empty; a card is a YAML mapping of its sections")
    if b"\x00" in data:
        raise CardError.single(path, "file contains NUL bytes: it is binary, not a YAML card")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CardError.single(
            path, f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the card as UTF-8", line=line) from None
    return text, digest


def _too_large(size: int) -> str:
    return f"file is {size:,} bytes, over the {MAX_CARD_BYTES:,}-byte limit for a card"


def load_card(path: Path, *, data: bytes | None = None, expect_location: bool = True) -> LoadedCard:
    """Load and validate one card; raise CardError listing every problem found in it.

    With `expect_location`, the card must live at `<device-id>/<card-version>.yaml`.
    """
    text, digest = read_card_text(path, data)
    try:
        raw, marks = parse(text)
    except YamlProblem as problem:
        raise CardError([CardProblem(str(path), problem.line, problem.column, problem.field,
                                     problem.message)]) from None
    if not isinstance(raw, dict):
        kind = "nothing" if raw is None else type(raw).__name__
        raise CardError.single(path, f"a card must be a YAML mapping of its sections, got {kind}")
    try:
        card = ModelCard.model_validate(raw)
    except ValidationError as error:
        raise CardError(_problems_from(error, path, raw, marks)) from None
    if expect_location:
        _check_location(path, card, marks)
    return LoadedCard(path=path, card=card, sha256=digest, marks=marks)


def _check_location(path: Path, card: ModelCard, marks: Marks) -> None:
    problems = []
    if card.device_id != path.parent.name:
        line, column = marks.get(("identity", "device_id"), (1, 1))
        problems.append(CardProblem(
            str(path), line, column, "identity.device_id",
            f"device_id {card.device_id!r} does not match its folder {path.parent.name!r}"))
    if card.version != path.stem:
        line, column = marks.get(("identity", "card_version"), (1, 1))
        problems.append(CardProblem(
            str(path), line, column, "identity.card_version",
            f"card_version {card.version!r} does not match the file name {path.name!r}"))
    if problems:
        raise CardError(problems)


def _problems_from(error: ValidationError, path: Path, raw: Any, marks: Marks) -> list[CardProblem]:
    problems = []
    for item in error.errors(include_url=False):
        located = _locate(tuple(item["loc"]), raw)
        line, column = _nearest_mark(located, marks)
        message = _message(item)
        problems.append(CardProblem(str(path), line, column, format_path(located), message))
    return problems


def _message(item: Any) -> str:
    """Pydantic's message, reworded where it would not tell a manufacturer what to change."""
    kind, value = item["type"], item.get("input")
    if kind == "string_type" and isinstance(value, int | float | dt.date):
        what = "a date" if isinstance(value, dt.date) else "a number"
        return f"expected text, but YAML read {str(value)!r} as {what}; put it in quotes"
    if kind == "string_pattern_mismatch" and item.get("ctx", {}).get("pattern") == SEMVER_PATTERN:
        return f"{value!r} is not a semantic version; write MAJOR.MINOR.PATCH, e.g. 1.2.0"
    return str(_MESSAGES.get(kind, item["msg"])).removeprefix("Value error, ")


def _locate(loc: tuple[str | int, ...], raw: Any) -> tuple[str | int, ...]:
    """Pydantic's loc without the union-tag segments it inserts (e.g. `estimate` in a metric)."""
    path: list[str | int] = []
    node = raw
    tagged = None
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if isinstance(node, dict) and node.get("kind") == part and tagged is not node:
            # The discriminator value pydantic names in the path, once per node; checked first
            # because the tag `estimate` is also the name of a field of an estimate.
            tagged = node
            continue
        if in_dict or in_list:
            node = node[part]
        elif part == "[key]":
            break  # pydantic's marker for "the key itself", already named by the previous part
        else:
            path.append(part)
            break
        path.append(part)
    return tuple(path)


def _nearest_mark(path: tuple[str | int, ...], marks: Marks) -> tuple[int, int]:
    for end in range(len(path), 0, -1):
        if path[:end] in marks:
            return marks[path[:end]]
    return (1, 1)
