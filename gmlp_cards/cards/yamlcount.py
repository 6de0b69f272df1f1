"""Where a YAML document passes a node limit, found from its events before any node is built."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Overflow:
    """The innermost collection open when node `limit + 1` started: 1-based place and field path."""

    line: int
    column: int
    path: FieldPath
    is_map: bool


class _Open:
    """A collection being read: where it starts and what its next child is."""

    __slots__ = ("expect_key", "index", "is_map", "key", "mark", "path")

    def __init__(self, mark: Any, path: FieldPath, is_map: bool) -> None:
        self.mark, self.path, self.is_map = mark, path, is_map
        self.index, self.key, self.expect_key = -1, "", True


def first_overflow(loader: Any, limit: int) -> Overflow | None:
    """Read `loader`'s events (PyYAML's parser API); None if the document has at most `limit` nodes.

    Raises the parser's YAMLError when the document breaks off before the limit is reached.
    """
    stack: list[_Open] = []
    nodes = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue  # stream and document events
        nodes += 1
        parent = stack[-1] if stack else None
        if nodes > limit:
            if parent is None:  # a later document's root: there is no collection to point at
                return Overflow(event.start_mark.line + 1, event.start_mark.column + 1, (), False)
            return Overflow(parent.mark.line + 1, parent.mark.column + 1, parent.path, parent.is_map)
        child: FieldPath = parent.path if parent else ()
        if parent is not None and not parent.is_map:
            parent.index += 1
            child = (*parent.path, parent.index)
        elif parent is not None:
            if parent.expect_key:
                parent.key = event.value if isinstance(event, yaml.ScalarEvent) else "?"
            else:
                child = (*parent.path, parent.key)
            parent.expect_key = not parent.expect_key
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append(_Open(event.start_mark, child, isinstance(event, yaml.MappingStartEvent)))
    return None
