"""Safe YAML parsing that keeps line marks, refuses duplicate keys, aliases and non-standard tags."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gmlp_cards.cards.yamlcount import FieldPath, first_overflow
from gmlp_cards.errors import YamlProblem, format_path

try:  # libyaml's parser is ~10x faster; the pure-Python one behaves the same, only slower.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _CardLoader(_Loader):  # type: ignore[misc,valid-type]
    """The same loader with the resolver's answers remembered for short scalars.

    Tag resolution runs a few regular expressions per scalar in Python; a card repeats the same
    keys and short values hundreds of times, so remembering (value, implicit) -> tag removes about
    a quarter of the parse time. The answer depends on nothing else (no path resolvers are
    registered, so descending and ascending do nothing), hence the memo cannot change a tag.
    """

    _memo: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode or len(value) > 40:
            return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]
        key = (value, implicit)
        tag = self._memo.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._memo) < 100_000:  # bounded: a hostile file cannot grow it for ever
                self._memo[key] = tag
        return tag

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        assert not self.yaml_path_resolvers  # the base method would return at once, as here

    def ascend_resolver(self) -> None:
        pass


MAX_DEPTH = 64
"""Nesting levels allowed; a card needs about 10 (a metric of a subgroup of a study)."""
MAX_NODES = 200_000
"""Lists, maps and values allowed in one card; the example cards hold 2,000-3,000."""
MAX_NUMBER_CHARS = 100
"""Longest number accepted: Python refuses to print integers past 4,300 digits, and no count,
percentage or estimate on a card needs more than a few."""

Path_ = FieldPath
Marks = dict[Path_, tuple[int, int]]

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


def _where(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _too_deep(node: Node, path: Path_) -> YamlProblem:
    return YamlProblem(
        f"nested {len(path) + 1} levels deep; a card needs at most about 12 and {MAX_DEPTH} is the limit",
        *_where(node),
        format_path(path),
    )


_TAG_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "timestamp": "a date (YYYY-MM-DD)",
}


def _unreadable(node: ScalarNode, path: Path_, error: BaseException | None) -> YamlProblem:
    """The value of a core-schema tag that its constructor could not read, in the maker's words."""
    kind = node.tag.rsplit(":", 1)[-1]
    if kind in ("int", "float") and len(node.value) > MAX_NUMBER_CHARS:
        reason = (
            f"the number has too many digits ({len(node.value):,} characters; at most "
            f"{MAX_NUMBER_CHARS}); put it in quotes if it is text"
        )
    elif isinstance(error, ValueError) and kind == "timestamp":
        reason = str(error)  # e.g. "day is out of range for month" for 2025-02-30
    else:  # PyYAML's own words (`!!timestamp x`: AttributeError) describe PyYAML, not the card
        reason = f"it is not {_TAG_WORDS.get(kind, kind)}"
    return YamlProblem(
        f"value {_shorten(node.value)!r} cannot be read: {reason}", *_where(node), format_path(path)
    )


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Builder:
    """Turns a composed node tree into plain Python data, recording where each field stands."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.marks: Marks = {}
        self.seen: set[int] = set()

    def build(self, node: Node, path: Path_) -> Any:
        # A node met twice came from an alias; expanding aliases invites "billion laughs" blow-ups
        # and cards have no use for them. Scalars too: the composer makes a fresh node per value.
        if id(node) in self.seen:
            # The node's own mark is where its anchor stands; the alias is where its key (or, in a
            # list, the list) is.
            holder = path[:-1] if path and isinstance(path[-1], int) else path
            raise YamlProblem(
                "anchors and aliases (&name / *name) are not allowed in cards; write the value out "
                f"(the anchored value is on line {_where(node)[0]})",
                *self.marks.get(holder, _where(node)),
                format_path(path),
            )
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag not in _PLAIN_TAGS:
                raise self._tag_problem(node, path)
            if node.tag in (_INT, _FLOAT) and len(node.value) > MAX_NUMBER_CHARS:
                # Checked first: `0x` or `0o` and thousands of digits construct without complaint
                # into an integer that str() then refuses to print.
                raise _unreadable(node, path, None)
            try:
                return self.loader.yaml_constructors[node.tag](self.loader, node)
            except Exception as error:
                # PyYAML's constructors fail in many ways on explicit tags: AttributeError
                # (`!!timestamp x`), KeyError (`!!bool maybe`), ValueError (`2025-02-30`).
                raise _unreadable(node, path, error) from None
        if len(path) >= MAX_DEPTH:
            raise _too_deep(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self._tag_problem(node, path)
            items = []
            for index, item in enumerate(node.value):
                self.marks[(*path, index)] = _where(item)
                items.append(self.build(item, (*path, index)))
            return items
        if isinstance(node, MappingNode):
            if node.tag != _MAP_TAG:
                raise self._tag_problem(node, path)
            return self._mapping(node, path)
        raise YamlProblem("unsupported YAML node", *_where(node), format_path(path))  # pragma: no cover

    def _mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(
                    "keys must be plain text (no merge keys or complex keys)",
                    *_where(key_node),
                    format_path(path),
                )
            self.build(key_node, path)  # refuses tags and aliases on keys
            # The key as written: `no:` (Norwegian) or `yes:` must not turn into False/True.
            key = key_node.value
            line, column = _where(key_node)
            if key in first_seen:
                raise YamlProblem(
                    f"duplicate key {key!r}: first given on line {first_seen[key]}; "
                    "YAML would silently keep only the last one",
                    line,
                    column,
                    format_path((*path, key)),
                )
            first_seen[key] = line
            self.marks[(*path, key)] = (line, column)
            result[key] = self.build(value_node, (*path, key))
        return result

    @staticmethod
    def _tag_problem(node: Node, path: Path_) -> YamlProblem:
        return YamlProblem(
            f"tag {node.tag!r} is not allowed; cards hold plain text, numbers, dates, lists and maps",
            *_where(node),
            format_path(path),
        )


_INT, _FLOAT, _BOOL, _NULL, _STR, _TIMESTAMP = (
    f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "str", "timestamp")
)
_BOOL_VALUES = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_FLOAT_CHARS = frozenset("0123456789.eE+-")


class _Refused(Exception):
    """Raised by the fast path for anything unusual; `parse` then says exactly what and where."""


def _fast_scalar(node: ScalarNode) -> Any:
    """The value PyYAML's SafeConstructor gives, for the common shapes only; _Refused otherwise.

    Every branch returns exactly what the constructor would (tests/test_properties.py compares the
    two on generated documents); rarer spellings (octal, sexagesimal, `.inf`, `1_000`, times of
    day) take the constructor's own code in `parse`.
    """
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag in (_INT, _FLOAT) and len(value) > MAX_NUMBER_CHARS:
        raise _Refused
    if tag == _INT:
        if value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
            return int(value)
        if value[:1] == "-" and value[1:].isascii() and value[1:].isdigit() and value[1:2] != "0":
            return int(value)
    elif tag == _FLOAT:
        if _FLOAT_CHARS.issuperset(value):
            return float(value)
    elif tag == _BOOL:
        return _BOOL_VALUES[value.lower()]
    elif tag == _NULL:
        return None
    elif tag == _TIMESTAMP and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))  # ValueError if 02-30
    raise _Refused


def _fast_build(root: Node, check_sharing: bool) -> Any:
    """Node tree -> data without recording marks; raises _Refused for anything `parse` must word.

    `check_sharing` is off only when the text has no `&`: without an anchor there is no alias, so
    the composer cannot hand out a node twice.
    """
    seen: set[int] = set()

    def build(node: Node, depth: int = 1) -> Any:
        if check_sharing:
            if id(node) in seen:
                raise _Refused
            seen.add(id(node))
        kind = node.__class__
        if kind is ScalarNode:
            return _fast_scalar(node)  # type: ignore[arg-type]
        if depth > MAX_DEPTH:
            raise _Refused
        if kind is MappingNode:
            if node.tag != _MAP_TAG:
                raise _Refused
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not ScalarNode or key_node.tag not in _PLAIN_TAGS:
                    raise _Refused
                if check_sharing:
                    if id(key_node) in seen:
                        raise _Refused
                    seen.add(id(key_node))
                _fast_scalar(key_node)  # `parse` constructs keys too: a bad date as key is refused
                key = key_node.value  # as written, as in `parse`: `no:` stays "no"
                if key in result:
                    raise _Refused  # duplicate key
                if value_node.__class__ is ScalarNode and not check_sharing:
                    # Inlined: most values are scalars, and a call per value costs a tenth.
                    result[key] = value_node.value if value_node.tag == _STR else _fast_scalar(value_node)
                else:
                    result[key] = build(value_node, depth + 1)
            return result
        if kind is SequenceNode and node.tag == _SEQ_TAG:
            return [build(item, depth + 1) for item in node.value]
        raise _Refused

    return build(root)


def parse_data(text: str) -> Any:
    """`parse(text)[0]` at about the cost of PyYAML's C loader: the data only, no marks.

    The same document is accepted or refused as by `parse`, with the same YamlProblem: anything the
    fast path does not handle itself (a duplicate key, an alias, a tag, a bad value, bad syntax)
    is handed to `parse`, which words the problem with its line and field.
    """
    _check_size(text)
    loader = _CardLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except (yaml.YAMLError, RecursionError):
            node = _REFUSED
        if node is None:
            return None
        if node is not _REFUSED:
            try:
                return _fast_build(node, "&" in text)
            except (_Refused, ValueError, OverflowError, KeyError, IndexError):
                pass
    finally:
        loader.dispose()
    return parse(text)[0]


_REFUSED: Any = object()


def parse(text: str) -> tuple[Any, Marks]:
    """Parse one YAML document into data and a map from field path to (line, column).

    Raises YamlProblem for syntax errors, several documents, aliases, duplicate keys or any tag
    beyond the core schema (so `!!python/object` can never construct anything), and for documents
    nested deeper than MAX_DEPTH or holding more than MAX_NODES nodes.
    """
    _check_size(text)
    loader = _CardLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            reason = " ".join(str(p) for p in (error.context, error.problem) if p)
            raise YamlProblem(f"not valid YAML: {reason}", line, column) from None
        except yaml.reader.ReaderError as error:
            raise _bad_character(text, error) from None
        except yaml.YAMLError as error:
            raise YamlProblem(f"not valid YAML: {' '.join(str(error).split())}", 1, 1) from None
        except RecursionError:  # only PyYAML's pure-Python composer recurses per level
            raise YamlProblem(f"nested too deeply to read; {MAX_DEPTH} levels is the limit", 1, 1) from None
        if node is None:
            return None, {}
        builder = _Builder(loader)
        return builder.build(node, ()), builder.marks
    finally:
        loader.dispose()


def _bad_character(text: str, error: yaml.reader.ReaderError) -> YamlProblem:
    """A character YAML forbids (most control characters), at its line and column."""
    code = error.character if isinstance(error.character, int) else ord(error.character)
    # libyaml counts UTF-8 bytes, PyYAML's reader characters (its encoding is then not "?").
    at = (
        len(text.encode()[: error.position].decode(errors="ignore"))
        if error.encoding == "?"
        else error.position
    )
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    return YamlProblem(
        f"character U+{code:04X} is not allowed in a card; delete it, or inside "
        "double quotes write it as an escape such as \\t",
        line,
        column,
    )


def _check_size(text: str) -> None:
    """Refuse a document of more than MAX_NODES nodes before anything builds them.

    Composing makes a Python object per node, so a 2 MB list of a million items costs a gigabyte
    and half a minute before any later check could run. libyaml counts the events of a document
    in C without making objects (`raw_parse`, ~30 ms for 1 MB); only a document over the limit,
    or one it cannot parse, is walked again event by event to say where it overflows.
    """
    if len(text) * 2 <= MAX_NODES:  # measured at most 1.25 events per byte (`{{?},{?},...}`)
        return
    loader = _CardLoader(text)
    try:
        events = getattr(loader, "raw_parse", lambda: MAX_NODES + 1)()  # nodes <= events
    except yaml.YAMLError:
        events = MAX_NODES + 1  # walked below up to the error, which `parse` then reports
    finally:
        loader.dispose()
    if events <= MAX_NODES:
        return
    loader = _CardLoader(text)
    try:
        overflow = first_overflow(loader, MAX_NODES)
    except yaml.YAMLError:
        return  # it breaks off before the limit: `parse` reports where
    finally:
        loader.dispose()
    if overflow is not None:
        raise YamlProblem(
            f"the card holds more than {MAX_NODES:,} values (every item, key and value counts); a "
            f"real card holds a few thousand: is this {'map' if overflow.is_map else 'list'} far "
            "too long?",
            overflow.line,
            overflow.column,
            format_path(overflow.path),
        )
