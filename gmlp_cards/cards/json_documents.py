"""JSON documents kept beside the cards (the lock, keys.json): one shape check, one wording of its errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def versioned_object(
    text: str, where: str, *, format_version: int, member: str, error: Callable[[str], Exception]
) -> dict[str, Any]:
    """The JSON object in `text`, with `"format": format_version` and an object under `member`.

    Anything else raises `error(message)`, the message naming `where` and what was expected, so a
    reviewer who edited the file by hand learns which line or which key to fix.
    """
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as problem:
        raise error(f"{where} is not valid JSON (line {problem.lineno}): {problem.msg}") from None
    if (
        not isinstance(raw, dict)
        or raw.get("format") != format_version
        or not isinstance(raw.get(member), dict)
    ):
        raise error(f'{where} must be a JSON object with "format": {format_version} and a "{member}" object')
    return raw
