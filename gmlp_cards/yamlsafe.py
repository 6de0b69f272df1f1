"""Safe YAML parsing that keeps line marks, refuses duplicate keys, aliases and non-standard tags."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml's parser is ~10x faster; the pure-Python one behaves the same, only slower.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]
Marks = dict[Path_, tuple[int, int]]

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class YamlProblem(Exception):
    """A YAML-level problem at a 1-based line and column."""

    def __init__(self, message: str, line: int, column: int, field: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.field = message, line, column, field


def _where(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_path(path: Path_) -> str:
    """`('a', 0, 'b')` -> `a[0].b`, the way a manufacturer reads a field path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


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
                *self.marks.get(holder, _where(node)), format_path(path))
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag not in _PLAIN_TAGS:
                raise self._tag_problem(node, path)
            try:
                return self.loader.yaml_constructors[node.tag](self.loader, node)
            except (yaml.YAMLError, ValueError, OverflowError) as error:
                # e.g. a date such as 2025-02-30 that YAML resolves as a timestamp
                reason = "the number has too many digits" if node.tag.endswith(":int") else error
                raise YamlProblem(f"value {_shorten(node.value)!r} cannot be read: {reason}",
                                  *_where(node), format_path(path)) from None
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
                raise YamlProblem("keys must be plain text (no merge keys or complex keys)",
                                  *_where(key_node), format_path(path))
            self.build(key_node, path)  # refuses tags and aliases on keys
            # The key as written: `no:` (Norwegian) or `yes:` must not turn into False/True.
            key = key_node.value
            line, column = _where(key_node)
            if key in first_seen:
                raise YamlProblem(
                    f"duplicate key {key!r}: first given on line {first_seen[key]}; "
                    "YAML would silently keep only the last one",
                    line, column, format_path((*path, key)))
            first_seen[key] = line
            self.marks[(*path, key)] = (line, column)
            result[key] = self.build(value_node, (*path, key))
        return result

    @staticmethod
    def _tag_problem(node: Node, path: Path_) -> YamlProblem:
        return YamlProblem(
            f"tag {node.tag!r} is not allowed; cards hold plain text, numbers, dates, lists and maps",
            *_where(node), format_path(path))


def parse(text: str) -> tuple[Any, Marks]:
    """Parse one YAML document into data and a map from field path to (line, column).

    Raises YamlProblem for syntax errors, several documents, aliases, duplicate keys or any tag
    beyond the core schema (so `!!python/object` can never construct anything).
    """
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            reason = " ".join(str(p) for p in (error.context, error.problem) if p)
            raise YamlProblem(f"not valid YAML: {reason}", line, column) from None
        except yaml.YAMLError as error:
            raise YamlProblem(f"not valid YAML: {error}", 1, 1) from None
        if node is None:
            return None, {}
        builder = _Builder(loader)
        return builder.build(node, ()), builder.marks
    finally:
        loader.dispose()
