"""Load card files: bytes -> safe YAML -> ModelCard, turning every failure into located CardProblems."""

from __future__ import annotations

import datetime as dt
import gc
import re
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gmlp_cards.cards.card_bytes import MAX_CARD_BYTES as MAX_CARD_BYTES
from gmlp_cards.cards.card_bytes import read_card_bytes as read_card_bytes
from gmlp_cards.cards.card_bytes import read_card_text
from gmlp_cards.cards.summary import CatalogRow, row_for
from gmlp_cards.cards.unknown_keys import did_you_mean_choice, expected_keys, unknown_key_message
from gmlp_cards.cards.yamlsafe import Marks, parse, parse_data
from gmlp_cards.checks.coverage import not_applicable_contradictions
from gmlp_cards.errors import CardError, CardProblem, YamlProblem, format_path
from gmlp_cards.model import ModelCard
from gmlp_cards.model.base import SEMVER_PATTERN
from gmlp_cards.model.not_stated import NOT_STATED_TAGS

_MESSAGES = {
    "missing": "required field is missing",
}


class LoadedCard:
    """A validated card with the facts about the file it came from.

    It keeps the validated bytes (compressed) and a summary row; the parsed card is held until
    `released()` drops it, after which `card` re-parses exactly those bytes through a small LRU
    cache. A catalog of thousands of cards thus keeps kilobytes per card instead of a megabyte,
    and a released card can never differ from the one that was validated. `marks` are worked out
    on first use: loading valid cards never needs them.

    A card known from the catalog index (`indexed`) keeps no bytes at all: its body is read from
    its file when asked for, and refused unless the file still has the hash it was loaded under.
    """

    __slots__ = ("_blob", "_card", "_marks", "path", "sha256", "summary")
    _blob: bytes | None
    _card: ModelCard | None
    _marks: Marks | None

    def __init__(
        self, path: Path, card: ModelCard, sha256: str, text: str, marks: Marks | None = None
    ) -> None:
        self.path, self.sha256, self._card, self._marks = path, sha256, card, marks
        self.summary: CatalogRow = row_for(card)
        # Level 1: a card compresses 4-8x in well under a millisecond.
        self._blob = zlib.compress(text.encode("utf-8"), 1)

    @classmethod
    def indexed(cls, path: Path, sha256: str, summary: CatalogRow) -> LoadedCard:
        """A card whose bytes (hashed to `sha256` just now) the index has already judged valid."""
        known = object.__new__(cls)
        known.path, known.sha256, known.summary = path, sha256, summary
        known._blob = known._card = known._marks = None
        return known

    @property
    def card(self) -> ModelCard:
        if self._card is not None:
            return self._card
        if self._blob is None:
            return _reparse_file(self.path, self.sha256)
        return _reparse(self.path, self._blob)

    @property
    def marks(self) -> Marks:
        if self._marks is None:
            self._marks = parse(self._text())[1]
        return self._marks

    def _text(self) -> str:
        if self._blob is not None:
            return zlib.decompress(self._blob).decode("utf-8")
        return _same_text(self.path, self.sha256)

    def released(self) -> LoadedCard:
        """The same card without its parsed body in memory (it is re-parsed when asked for)."""
        twin = object.__new__(LoadedCard)
        twin.path, twin.sha256, twin.summary, twin._blob = self.path, self.sha256, self.summary, self._blob
        twin._card = twin._marks = None
        return twin

    def __repr__(self) -> str:
        return f"LoadedCard({str(self.path)!r}, sha256={self.sha256[:12]}…)"


@lru_cache(maxsize=48)
def _reparse(path: Path, blob: bytes) -> ModelCard:
    # Keyed on the compressed bytes themselves (bytes cache their hash), so two cards never mix.
    # 48 bodies (~1 MB each) cover a device page, its history and a few readers' devices.
    with _gc_paused():
        raw = parse_data(zlib.decompress(blob).decode("utf-8"))
        return ModelCard.model_validate(raw)


@lru_cache(maxsize=48)
def _reparse_file(path: Path, sha256: str) -> ModelCard:
    # Keyed on the hash too: a file edited since the catalog loaded is refused below, never mixed up.
    with _gc_paused():
        text = _same_text(path, sha256)
        try:
            raw = parse_data(text)
        except YamlProblem as problem:
            raise CardError.single(path, problem.message, line=problem.line) from None
        try:
            return ModelCard.model_validate(raw)
        except ValidationError as error:  # bytes the index called valid are not: say so, show nothing
            raise CardError(_problems_from(error, path, raw, parse(text)[1])) from None


def _same_text(path: Path, sha256: str) -> str:
    text, digest = read_card_text(path)
    if digest != sha256:
        raise CardError.single(
            path, "this card file changed after the catalog was loaded; it is checked again on the next load"
        )
    return text


_pause_lock = threading.Lock()
_pausers = 0
_resume = False


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while one card is parsed and validated.

    A card's node tree is a few hundred thousand short-lived, acyclic objects (freed by reference
    counting alone), yet creating them triggers repeated full collections that walk the whole
    heap: about half of the load time of a big catalog (benchmarks/RESULTS.md). Pauses nest and
    are shared by threads; the collector resumes between cards, so a long catalog load never
    holds it off for more than one card's worth of work.
    """
    global _pausers, _resume
    with _pause_lock:
        if _pausers == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pausers += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pausers -= 1
            if _pausers == 0 and _resume:
                gc.enable()


def load_card(path: Path, *, data: bytes | None = None, expect_location: bool = True) -> LoadedCard:
    """Load and validate one card; raise CardError listing every problem found in it.

    With `expect_location`, the card must live at `<device-id>/<card-version>.yaml`.
    """
    with _gc_paused():
        try:
            return _load_card(path, data, expect_location)
        except RecursionError:  # the YAML layer bounds nesting; this guards whatever it misses
            raise CardError.single(path, "nested too deeply to read; a card needs about 12 levels") from None
        except MemoryError:  # pathological input within the size limit; the process lives on
            raise CardError.single(
                path, "too large to read: the card ran this process out of memory"
            ) from None


def _load_card(path: Path, data: bytes | None, expect_location: bool) -> LoadedCard:
    text, digest = read_card_text(path, data)
    try:
        # Marks only matter when something is wrong, so the common case skips recording them.
        raw = parse_data(text)
    except YamlProblem as problem:
        raise CardError(
            [CardProblem(str(path), problem.line, problem.column, problem.field, problem.message)]
        ) from None
    if not isinstance(raw, dict):
        kind = "nothing" if raw is None else type(raw).__name__
        raise CardError.single(path, f"a card must be a YAML mapping of its sections, got {kind}")
    try:
        card = ModelCard.model_validate(raw)
    except ValidationError as error:
        raise CardError(_problems_from(error, path, raw, parse(text)[1])) from None
    loaded = LoadedCard(path, card, digest, text)
    contradicted = not_applicable_contradictions(card)  # needs the coverage map, above the model
    if contradicted:
        raise CardError([_located_na(loaded, index, message) for index, message in contradicted])
    if expect_location:
        _check_location(path, card, loaded)
    return loaded


def _located_na(loaded: LoadedCard, index: int, message: str) -> CardProblem:
    line, column = loaded.marks.get(("not_applicable", index, "item"), (1, 1))
    return CardProblem(str(loaded.path), line, column, f"not_applicable[{index}].item", message)


def _check_location(path: Path, card: ModelCard, loaded: LoadedCard) -> None:
    problems = []
    if card.device_id != path.parent.name:
        line, column = loaded.marks.get(("identity", "device_id"), (1, 1))
        problems.append(
            CardProblem(
                str(path),
                line,
                column,
                "identity.device_id",
                f"device_id {card.device_id!r} does not match its folder {path.parent.name!r}",
            )
        )
    if card.version != path.stem:
        line, column = loaded.marks.get(("identity", "card_version"), (1, 1))
        problems.append(
            CardProblem(
                str(path),
                line,
                column,
                "identity.card_version",
                f"card_version {card.version!r} does not match the file name {path.name!r}",
            )
        )
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
    if kind == "extra_forbidden":
        return unknown_key_message(tuple(item["loc"]))
    if kind in _MAPPING_KINDS:  # "Input should be a valid dictionary or instance of Risks"
        keys = expected_keys(tuple(item["loc"]))
        listed = f": {', '.join(keys)}" if keys else ""
        got = _kind_of(value)
        return f"expected a mapping (indented `key: value` lines), but got {got}; fields here{listed}"
    if kind == "enum":  # pydantic lists the values; a near miss also gets its likely meaning
        return str(item["msg"]) + did_you_mean_choice(value, str(item.get("ctx", {}).get("expected", "")))
    if kind == "string_type" and isinstance(value, int | float | dt.date):
        what = "a date" if isinstance(value, dt.date) else "a number"
        return f"expected text, but YAML read {_shown(value)!r} as {what}; put it in quotes"
    if kind == "string_pattern_mismatch" and item.get("ctx", {}).get("pattern") == SEMVER_PATTERN:
        return f"{_shown(value)!r} is not a semantic version; write MAJOR.MINOR.PATCH, e.g. 1.2.0"
    if kind in _WANTED:
        strict = _strict_message(kind, value)
        if strict is not None:
            return strict
    return str(_MESSAGES.get(kind, item["msg"])).removeprefix("Value error, ")


_MAPPING_KINDS = frozenset({"model_type", "dict_type", "model_attributes_type"})


def _kind_of(value: object) -> str:
    """What YAML read, in a maker's words."""
    if isinstance(value, str):
        return f"the text {_shown(value)!r}"
    if isinstance(value, list):
        return "a list (lines starting with '-')"
    return "nothing" if value is None else f"{_shown(value)!r}"


_WANTED = {"int_type": "a whole number", "float_type": "a number", "bool_type": "true or false"}
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_YES_NO = {"true": "true", "yes": "true", "on": "true", "false": "false", "no": "false", "off": "false"}


def _strict_message(kind: str, value: object) -> str | None:
    """Why a strict number or flag refused what YAML read, and what to write instead.

    The card model is strict (model/base.py): YAML's `'0.904'` is text and `true` is a yes/no,
    so neither passes as a number; pydantic's "Input should be a valid number" does not say so.
    """
    wanted = _WANTED[kind]
    if isinstance(value, bool) and kind != "bool_type":
        return (
            f"expected {wanted}, but YAML read {str(value).lower()} as yes/no, which is not "
            f"a {'count' if kind == 'int_type' else 'number'}; write the number"
        )
    if kind == "int_type" and isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"expected a whole number, but {value!r} has a decimal point; write {int(value)}"
    if not isinstance(value, str):
        return None
    if kind == "bool_type" and value.lower() in _YES_NO:
        return (
            f"expected true or false, but {_shown(value)!r} is text in quotes; "
            f"write {_YES_NO[value.lower()]}, without quotes"
        )
    if kind != "bool_type" and _NUMBER.fullmatch(value.strip()):
        return (
            f"expected {wanted}, but {_shown(value)!r} is text in quotes; "
            f"write {value.strip()} without quotes"
        )
    return None


def _shown(value: object, limit: int = 40) -> str:
    """A value as a problem may quote it: short, and never str() of a huge integer.

    Python refuses to convert integers of more than 4,300 digits to text (ValueError); the YAML
    layer refuses long numbers, but a message must not depend on that.
    """
    if isinstance(value, int) and value.bit_length() > 256:
        return "a number with too many digits"
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        if part in NOT_STATED_TAGS and not in_dict:
            continue  # the tag of a value-or-not-stated field (model.not_stated.OrNotStated)
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
