"""Hostile but valid cards: every free-text field of a real example card rewritten to carry XSS payloads.

The card stays valid so the app actually renders it: fields whose format is constrained (ids, versions,
enum values, e-mail addresses, URLs, language codes) are put back by reading the validation errors,
and equal texts map to equal payloads so cross-references (operating point names) still resolve.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from gmlp_cards.cards.yamlsafe import parse
from gmlp_cards.model import ModelCard

MARKER = "__xss"
PAYLOADS = (
    f"<script>window.{MARKER}=1</script>",
    f'<img src=x onerror="window.{MARKER}=1">',
    f"[click](javascript:window.{MARKER}=1)",
)

Path_ = tuple[str | int, ...]


def hostile_text(original: str) -> str:
    """All payloads, then a short stable trace of the original so distinct texts stay distinct."""
    digest = hashlib.sha256(original.encode()).hexdigest()[:8]
    return f"{' '.join(PAYLOADS)} {original[:40]} #{digest}"


def _strings(node: Any, path: Path_ = ()) -> list[Path_]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _strings(value, (*path, key))]
    if isinstance(node, list):
        return [p for index, value in enumerate(node) for p in _strings(value, (*path, index))]
    return [path] if isinstance(node, str) else []


def _get(node: Any, path: Path_) -> Any:
    for part in path:
        node = node[part]
    return node


def _set(node: Any, path: Path_, value: Any) -> None:
    _get(node, path[:-1])[path[-1]] = value


def _resolve(loc: tuple[Any, ...], raw: Any) -> Path_:
    """Pydantic's error location without the union-tag segments it adds (e.g. `estimate`)."""
    path: list[str | int] = []
    node = raw
    for index, part in enumerate(loc):
        # A metric's tag (`estimate`) is also one of its field names: the tag wins when more follows.
        if isinstance(node, dict) and node.get("kind") == part and index + 1 < len(loc):
            continue
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
            path.append(part)
        else:
            break
    return tuple(path)


def hostile_card(raw: dict[str, Any]) -> dict[str, Any]:
    """A copy of `raw` with every string field that can hold free text set to `hostile_text`."""
    card = copy.deepcopy(raw)
    rewritten: set[Path_] = set()
    for path in _strings(raw):
        if path[-1] == "kind":  # the union tag of a metric: never text
            continue
        _set(card, path, hostile_text(_get(raw, path)))
        rewritten.add(path)
    for _ in range(20):  # each round puts back the fields the model rejected
        try:
            ModelCard.model_validate(card)
        except ValidationError as error:
            reverted = 0
            for item in error.errors(include_url=False):
                located = _resolve(tuple(item["loc"]), card)
                for path in [p for p in rewritten if p[: len(located)] == located]:
                    _set(card, path, _get(raw, path))
                    rewritten.discard(path)
                    reverted += 1
            if not reverted:
                raise AssertionError(f"cannot make a valid hostile card: {str(error)[:3000]}") from None
        else:
            if len(rewritten) < 50:
                raise AssertionError(f"only {len(rewritten)} fields carry payloads; expected most text")
            return card
    raise AssertionError("hostile card did not converge to a valid card")


def write_hostile_cards(source_device_dir: Path, target_root: Path) -> Path:
    """Rewrite every version of one device into `target_root/<device>/`; return `target_root`."""
    out = target_root / source_device_dir.name
    out.mkdir(parents=True, exist_ok=True)
    for source in sorted(source_device_dir.glob("*.yaml")):
        raw, _ = parse(source.read_text(encoding="utf-8"))
        (out / source.name).write_text(
            yaml.safe_dump(hostile_card(raw), sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return target_root
