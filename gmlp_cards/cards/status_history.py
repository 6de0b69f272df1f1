"""The withdrawal written into the card itself (`identity.status_history`), and its exact undoing.

`gmlp-cards withdraw` changes a schema 2 card in two places only: the status line becomes
`withdrawn`, and one history step (date, reason, the SHA-256 the file had while published) is
inserted under `identity`. Both edits are text edits, so `published_text` can undo them exactly:
the withdrawn file, less its withdrawal, must hash to the `published_sha256` the step records.
That is how `gmlp-cards lock --init` in a fresh repository recovers what only the old lock held
(the reason, the date, the published hash) and still refuses a card edited after publication.
`replace_scalar`, the one way a publishing step edits a line of a card, lives here so that the
withdrawal and its undoing use the same edit.
"""

from __future__ import annotations

import hashlib
import json
import re

from gmlp_cards.cards.publish_outcome import PublishError
from gmlp_cards.cards.yamlsafe import Marks, parse
from gmlp_cards.model import ModelCard, Status
from gmlp_cards.model.identity import StatusChange

_KEY = "status_history"


def _step_lines(step: StatusChange, indent: str) -> list[str]:
    """One step as block YAML, item marker at `indent`; the same step always gives the same text."""
    q = json.dumps  # a JSON string is a valid double-quoted YAML scalar
    lines = [f"{indent}- status: {step.status.value}\n", f"{indent}  date: {step.date.isoformat()}\n"]
    if step.reason is not None:
        lines.append(f"{indent}  reason: {q(step.reason, ensure_ascii=False)}\n")
    if step.published_sha256 is not None:
        lines.append(f"{indent}  published_sha256: {step.published_sha256}\n")
    return lines


def _identity_indent(marks: Marks) -> str:
    line_column = marks.get(("identity", "status"))
    if line_column is None:
        raise ValueError("the card has no identity.status line")
    return " " * (line_column[1] - 1)


def _insertion(text: str, marks: Marks, step: StatusChange) -> tuple[int, list[str]] | None:
    """Where the step goes (a line index) and its lines; None when the history cannot be extended
    as text (written in flow style, e.g. `status_history: []`)."""
    lines = text.splitlines(keepends=True)
    indent = _identity_indent(marks)
    key = marks.get(("identity", _KEY))
    if key is None:  # the first step: a new key right after the status line
        status_line = marks[("identity", "status")][0]
        return status_line, [f"{indent}{_KEY}:\n", *_step_lines(step, indent + "  ")]
    header = lines[key[0] - 1]
    if header.split("#", 1)[0].rstrip() != f"{indent}{_KEY}:":
        return None
    end, item_indent = key[0], None
    while end < len(lines):
        line = lines[end]
        body = line.lstrip(" ")
        depth = len(line) - len(body)
        if body.strip() and not body.startswith("#"):
            if depth < len(indent) or (depth == len(indent) and not body.startswith("- ")):
                break
            if item_indent is None and body.startswith("- "):
                item_indent = " " * depth
        end += 1
    while end > key[0] and not lines[end - 1].strip():  # blank lines belong to what follows
        end -= 1
    return end, _step_lines(step, item_indent if item_indent is not None else indent + "  ")


def _set_status(text: str, marks: Marks, status: Status) -> str:
    return replace_scalar(text, marks, ("identity", "status"), status.value)


def replace_scalar(text: str, marks: Marks, path: tuple[str, ...], value: str) -> str:
    """Replace the plain scalar at `path` on its own line, keeping indentation and any trailing comment."""
    if path not in marks:
        raise PublishError([f"the card has no {'.'.join(path)} line to edit"])
    line_no, column = marks[path]
    lines = text.splitlines(keepends=True)
    line = lines[line_no - 1]
    pattern = re.compile(rf"({re.escape(path[-1])}\s*:[ \t]*)(\"[^\"]*\"|'[^']*'|[^\s#]+)")
    match = pattern.match(line, column - 1)
    if match is None:
        raise PublishError(
            [
                f"line {line_no} does not hold {'.'.join(path)} as a one-line value; "
                "write it as `key: value` on one line"
            ]
        )
    lines[line_no - 1] = line[: match.start(2)] + value + line[match.end(2) :]
    return "".join(lines)


def with_withdrawal(text: str, step: StatusChange) -> str | None:
    """`text` withdrawn: status line set, `step` added to the history; None if it cannot be done
    as a text edit (the caller says so and changes nothing)."""
    _, marks = parse(text)
    where = _insertion(text, marks, step)
    if where is None:
        return None
    index, new = where
    lines = _set_status(text, marks, Status.withdrawn).splitlines(keepends=True)
    return "".join(lines[:index] + new + lines[index:])


def published_text(text: str, card: ModelCard) -> str | None:
    """The text the card had while it was published, if `text` is it plus a withdrawal written by
    `with_withdrawal` (so hashing it checks the withdrawal changed nothing else); else None."""
    step = card.identity.withdrawal
    if step is None or card.identity.status_history[-1] is not step:
        return None
    _, marks = parse(text)
    indent = _identity_indent(marks)
    body = "".join(_step_lines(step, indent + "  "))
    first = f"{indent}{_KEY}:\n{body}"
    if len(card.identity.status_history) == 1 and text.count(first) == 1:
        undone = text.replace(first, "", 1)
    else:
        candidates = ["".join(_step_lines(step, " " * n)) for n in range(len(indent), len(indent) + 9)]
        found = [c for c in candidates if text.count(c) == 1]
        if len(found) != 1:
            return None
        undone = text.replace(found[0], "", 1)
    try:
        return _set_status(undone, parse(undone)[1], Status.published)
    except PublishError:  # the status line is no longer one plain line: not what withdraw wrote
        return None


def published_hash_holds(text: str, card: ModelCard) -> bool | None:
    """Whether the withdrawn `text`, less its withdrawal, hashes to the `published_sha256` its
    withdrawal step records; None when there is nothing to check (no recorded hash)."""
    step = card.identity.withdrawal
    if step is None or step.published_sha256 is None:
        return None
    before = published_text(text, card)
    if before is None:
        return False
    return hashlib.sha256(before.encode("utf-8")).hexdigest() == step.published_sha256
