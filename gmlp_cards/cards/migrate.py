"""`gmlp-cards migrate`: a schema-2 draft from a device's latest published schema-1 card.

A published file never changes, so migration writes a new version: the same content in schema 2, a
labelling-only change notice, and notes on what the maker must look at. What changes:

- a metric named `other` gets its own snake_case name from its label, `scale` written out and
  `direction: none` (the software cannot know which way is better: the maker should say);
- `method: model_adjusted` becomes `analysis: model_adjusted` with `method: not_stated`;
- one end of a two-sided interval (schema 1 allowed it) becomes the one-sided bound it is: the lower
  end of a two-sided 95% interval is a one-sided 97.5% lower bound;
- a clustered bootstrap without its unit gets `cluster: not stated in the schema 1 card`;
- an explanation that accepted every discrepancy of its estimate (schema 1) keeps its text and lists
  exactly the discrepancies the numbers show today under `unreconciled`, so any later change to those
  numbers is checked again.

The YAML is written anew, so comments of the old file are not carried over (the notes say so).
"""

from __future__ import annotations

import datetime as dt
import re
from copy import deepcopy
from pathlib import Path
from typing import Any

import yaml

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.folder_write import write_inside
from gmlp_cards.cards.loader import load_card
from gmlp_cards.cards.publishing import SCHEMA_COMMENT, Outcome, PublishError, bump
from gmlp_cards.model import ModelCard, Status, semver_key
from gmlp_cards.model.base import CURRENT_SCHEMA
from gmlp_cards.model.recompute import verify

_NOTICE = {
    "change_types": ["labelling_only"],
    "within_pccp": False,
    "summary": "The card is rewritten in card schema 2; the device and its evidence are unchanged.",
    "rationale": "Card schema 2 records each number's analysis, interval sides and unreconciled "
    "discrepancies explicitly.",
    "data_used": "none",
    "performance_summary": "unchanged",
    "labelling_sections": [],
    "bias_changes": "none known",
    "user_action": "none",
}


class _NoAliases(yaml.SafeDumper):
    """Cards refuse anchors and aliases, so a value used twice (today's date) is written twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _slug(label: str, taken: set[str]) -> str:
    words = re.findall(r"[a-z0-9]+", label.lower())
    base = ("_".join(words) or "metric")[:60].strip("_")
    if not base[0].isalpha():
        base = f"metric_{base}"[:60]
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:57]}_{n}", n + 1
    taken.add(name)
    return name


def _rows(card: ModelCard, data: dict[str, Any]) -> list[tuple[str, Any, dict[str, Any], Any]]:
    """(where, row object, row dict, counts) for every list of metrics a card holds."""
    found = []
    for s, (study, raw) in enumerate(
        zip(card.performance.studies, data["performance"]["studies"], strict=True)
    ):
        at = f"performance.studies[{s}]"
        found.append((f"{at}.overall", study.overall, raw["overall"], study.overall.counts))
        for key, rows in (("by_operating_point", study.by_operating_point), ("subgroups", study.subgroups)):
            for r, row in enumerate(rows):
                found.append((f"{at}.{key}[{r}]", row, raw[key][r], row.counts))
        if study.reader_study is not None:
            reader = raw["reader_study"]
            arms: list[tuple[str, Any, Any, Any]] = [
                (f"{at}.reader_study.unaided", study.reader_study.unaided, reader["unaided"], None),
                (f"{at}.reader_study.aided", study.reader_study.aided, reader["aided"], None),
            ]
            found.extend(arms)
    return found


def _metric_lists(row: Any, raw: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    if isinstance(raw, list):  # a reader-study arm is a bare list of metrics
        return list(row), raw
    return list(row.metrics), raw.get("metrics", [])


def upgrade(card: ModelCard, data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The schema-2 form of a schema-1 card's data, and a note per change the maker should review."""
    out = deepcopy(data)
    notes: list[str] = []
    out["schema_version"] = CURRENT_SCHEMA
    for where, row, raw, counts in _rows(card, out):
        metrics, raws = _metric_lists(row, raw)
        taken = {str(m.name) for m in metrics}
        for i, (metric, entry) in enumerate(zip(metrics, raws, strict=True)):
            at = f"{where}.metrics[{i}]" if not where.endswith(("aided", "unaided")) else f"{where}[{i}]"
            notes.extend(f"{at}: {n}" for n in _upgrade_metric(metric, entry, counts, taken))
    return out, notes


def _upgrade_metric(metric: Any, entry: dict[str, Any], counts: Any, taken: set[str]) -> list[str]:
    notes = []
    if entry.get("name") == "other":
        entry["name"] = _slug(metric.title, taken)
        entry["direction"] = "none"
        values = [
            v
            for v in (metric.value, getattr(metric, "lower", None), getattr(metric, "upper", None))
            if v is not None
        ]
        if metric.scale.value == "percent" or (metric.kind != "mean_sd" and all(0 <= v <= 1 for v in values)):
            entry["scale"] = metric.scale.value
        else:  # schema 1 never range-checked `other`: a number in its own unit
            entry["scale"] = "value"
            unit = re.search(r"\(([^()]+)\)\s*$", metric.title)
            entry["unit"] = unit.group(1) if unit else "as in the label"
        notes.append(
            f"`other` is now `{entry['name']}` (scale {entry['scale']}); set its `direction` "
            "(written as none)"
        )
    if entry.get("method") == "model_adjusted":
        entry["method"], entry["analysis"] = "not_stated", "model_adjusted"
        notes.append("model_adjusted is now `analysis: model_adjusted`; name the interval's method")
    if entry.get("method") == "clustered_bootstrap" and "cluster" not in entry:
        entry["cluster"] = "not stated in the schema 1 card"
        notes.append("say which unit the clustered bootstrap resampled (`cluster`)")
    if entry.get("kind") in ("estimate", "mean_sd") and "sides" not in entry:
        lower, upper = entry.get("lower"), entry.get("upper")
        if (lower is None) != (upper is None):
            level = float(entry.get("level", 0.95))
            entry["sides"] = "lower" if lower is not None else "upper"
            entry["level"] = float(f"{(1 + level) / 2:.10g}")
            notes.append(
                f"one end of a two-sided {level:.0%} interval is written as the one-sided "
                f"{entry['level'] * 100:.10g}% bound it is"
            )
    text = entry.get("explanation")
    if isinstance(text, str) and entry.get("kind") == "estimate":
        found = verify(metric, counts).discrepancies
        entry["explanation"] = {
            "text": text,
            "unreconciled": [
                {"quantity": d.quantity.value, "stated": d.stated, "recomputed": d.recomputed} for d in found
            ],
        }
        if found:
            notes.append(f"the explanation now names the {len(found)} discrepancies it accepts")
    return notes


def migrate(root: Path, device_id: str, part: str = "minor", today: dt.date | None = None) -> Outcome:
    """Write the next version of `device_id` as a schema-2 draft of its latest published card."""
    today = today or dt.date.today()
    catalog = Catalog.load(root)
    base_version = catalog.latest_version(device_id)
    base = catalog.entry(device_id, base_version) if base_version else None
    if base is None or base.loaded is None:
        raise PublishError([f"{device_id} has no valid published version under {root} to migrate"])
    card = base.loaded.card
    if card.schema_version >= CURRENT_SCHEMA:
        raise PublishError([f"{device_id} {base_version} is already schema {card.schema_version}"])
    files = [f for f in catalog.files if f.device_id == device_id]
    if any(f.loaded and f.loaded.card.identity.status is Status.draft for f in files):
        raise PublishError([f"{device_id} already has a draft: publish or delete it before migrating"])
    version = bump(max((f.version for f in files), key=semver_key), part)
    data = yaml.safe_load(base.loaded.path.read_text(encoding="utf-8"))
    out, notes = upgrade(card, data)
    out["identity"].update(card_version=version, status=Status.draft.value, release_date=today)
    out["change_notice"] = {"previous_version": base_version, "effective_date": today, **_NOTICE}
    body = yaml.dump(out, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)
    text = f"{SCHEMA_COMMENT}\n{body}"
    target = Path(root) / device_id / f"{version}.yaml"
    if target.exists():
        raise PublishError([f"{target} already exists"])
    load_card(target, data=text.encode("utf-8"))  # raises CardError: nothing written
    write_inside(root, target, text)
    return Outcome(
        target,
        version,
        notes=(
            f"migrated {base_version} (schema 1) to a schema-2 draft; comments of the old file are not "
            "carried over",
            *notes,
            f"review the notes above, then run `gmlp-cards publish {device_id} {version}`",
        ),
    )
