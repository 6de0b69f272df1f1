"""The one rule for placeholders a maker must replace before publishing: TODO, TBD, FIXME.

A draft may hold them (the `new-device` template and `new-version`'s change notice are full of
TODO), so validation accepts them; `publishing.blockers` refuses to publish while any is left, and
names each one by line, column and, when the line holds a key, its field.
"""

from __future__ import annotations

import re

from gmlp_cards.cards.yamlcount import FieldPath
from gmlp_cards.cards.yamlsafe import Marks
from gmlp_cards.errors import CardProblem, format_path

PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME)\b")


def placeholders(text: str) -> list[tuple[int, str]]:
    """(line number, line) of every TODO, TBD or FIXME, comments included: all must go before publishing."""
    return [
        (number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if PLACEHOLDER.search(line)
    ]


def placeholder_problems(path: str, text: str, marks: Marks) -> list[CardProblem]:
    """Each placeholder as a located problem: the line and column of the marker, and the field it
    sits in (the deepest key on that line at or before the marker; none on a comment line)."""
    by_line: dict[int, list[tuple[int, int, FieldPath]]] = {}
    for key, (key_line, column) in marks.items():
        by_line.setdefault(key_line, []).append((column, len(key), key))
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        match = PLACEHOLDER.search(line)
        if match is None:
            continue
        before = [c for c in by_line.get(number, []) if c[0] <= match.start() + 1]
        field = format_path(max(before, key=lambda c: c[:2])[2]) if before else ""
        message = f"placeholder left in the card: {line.strip()}"
        problems.append(CardProblem(path, number, match.start() + 1, field, message))
    return problems
