"""Cards for the evidence checks: one clean base, edited programmatically one weakness at a time."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from gmlp_cards.checks import Finding
from gmlp_cards.model import ModelCard

CLEAN_CARD = Path(__file__).with_name("clean_card.yaml")
_BASE: dict[str, Any] = yaml.safe_load(CLEAN_CARD.read_text(encoding="utf-8"))

Edit = Callable[[dict[str, Any]], None]


def clean_data() -> dict[str, Any]:
    return copy.deepcopy(_BASE)


def make_card(*edits: Edit) -> ModelCard:
    """The clean card with `edits` applied to its raw data, validated like any card file."""
    data = clean_data()
    for edit in edits:
        edit(data)
    return ModelCard.model_validate(data)


def study(data: dict[str, Any]) -> dict[str, Any]:
    return data["performance"]["studies"][0]


def estimate(name: str, value: float, lower: float, upper: float, n: int = 100) -> dict[str, Any]:
    # A bootstrap interval is taken as stated, so crafted rows need no confusion counts.
    return {
        "kind": "estimate",
        "name": name,
        "n": n,
        "estimate": value,
        "lower": lower,
        "upper": upper,
        "method": "bootstrap",
    }


def subgroup(dimension: str, group: str, *metrics: dict[str, Any], n: int = 200) -> dict[str, Any]:
    return {"dimension": dimension, "group": group, "n": n, "metrics": list(metrics)}


def add_subgroup(row: dict[str, Any]) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        study(data)["subgroups"].append(row)

    return edit


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_card(root: Path, *edits: Any) -> Path:
    data = clean_data()
    for edit in edits:
        edit(data)
    path = root / data["identity"]["device_id"] / f"{data['identity']['card_version']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
