"""Build a successor version of an example card with a chosen notice and edits, for notice tests."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from gmlp_cards.cards.yamlsafe import parse

from .conftest import EXAMPLES

Edit = Callable[[dict[str, Any]], None]


def successor(
    root: Path,
    device_id: str,
    base: str,
    new: str,
    change_types: list[str],
    edit: Edit | None = None,
    **notice: Any,
) -> Path:
    """Copy `base` verbatim into `root` and write `new` after it: the same card, edited, with a notice.

    No lock is copied, so these folders test the notice alone.
    """
    folder = root / device_id
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / device_id / f"{base}.yaml", folder / f"{base}.yaml")
    data, _ = parse((EXAMPLES / device_id / f"{base}.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["identity"]["card_version"] = new
    data["identity"]["status"] = "published"
    data["change_notice"] = {
        "previous_version": base,
        "effective_date": "2025-01-01",
        "change_types": change_types,
        "within_pccp": False,
        "summary": "A change.",
        "rationale": "A reason.",
        "data_used": "none",
        "performance_summary": "As stated in the card.",
        "bias_changes": "none known",
        "user_action": "None.",
        **notice,
    }
    if edit is not None:
        edit(data)
    path = folder / f"{new}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def raise_lumen_sensitivity(data: dict[str, Any]) -> None:
    """Pivotal sensitivity 383/420 = 0.912 becomes 392/420 = 0.933, counts and interval agreeing."""
    overall = data["performance"]["studies"][0]["overall"]
    overall["counts"].update(tp=392, fn=28)
    sensitivity = next(m for m in overall["metrics"] if m["name"] == "sensitivity")
    sensitivity.update(estimate=0.933, lower=0.905, upper=0.953)
