"""A study's overall results described in CHAI's own text elements, not only in our private object.

A CHAI reader sees ValueJson's standard keys (estimate, interval, level, unit) and the key-metric texts;
our `gmlp` extension is invisible to it. So for each study's overall row the export writes the
interval method and sides into `ValidationProcessAndJustification`, the maker's note on a number into
`Interpretation` and the confusion counts into `TestingDataDescription`, each as a labelled part of the
study's section, and the import reads them back from there. Subgroup and operating-point rows, which
CHAI's texts have no per-row place for, keep them in the extension.
"""

from __future__ import annotations

import json
import re
from typing import Any

from gmlp_cards.formats.md_parts import items, split
from gmlp_cards.model.formatting import method_text
from gmlp_cards.model.results import ResultRow

INTERVAL_METHODS, NOTES, COUNTS = "Interval methods", "Notes on the numbers", "Confusion counts"
_METHOD = re.compile(r"^(?P<label>.+): .*\(`(?P<method>[a-z_]+)`(?:, sides `(?P<sides>[a-z_]+)`)?\)$")
_COUNTS = re.compile(r"^tp (\d+); fp (\d+); fn (\d+); tn (\d+)$")


def method_lines(row: ResultRow, labels: list[str]) -> list[str]:
    """`Sensitivity: Wilson score (`wilson`, sides `two_sided`)`, one per estimate with a method."""
    lines = []
    for label, metric in zip(labels, row.metrics, strict=True):
        method = getattr(metric, "method", None)
        if method is None:
            continue
        sides = getattr(metric, "sides", None)
        lines.append(
            f"{label}: {method_text(metric)} (`{method.value}`"
            + (f", sides `{sides.value}`" if sides is not None else "")
            + ")"
        )
    return lines


def note_lines(row: ResultRow, labels: list[str]) -> list[str]:
    return [
        f"{label}: {m.explanation_text}"
        for label, m in zip(labels, row.metrics, strict=True)
        if m.explanation_text
    ]


def counts_text(row: ResultRow) -> str | None:
    c = row.counts
    return None if c is None else f"tp {c.tp}; fp {c.fp}; fn {c.fn}; tn {c.tn}"


def read_counts(text: str | None) -> dict[str, int] | None:
    match = _COUNTS.fullmatch((text or "").strip())
    return (
        None if match is None else dict(zip(("tp", "fp", "fn", "tn"), map(int, match.groups()), strict=True))
    )


def read_methods(body: str | None) -> dict[str, dict[str, str]]:
    """{CHAI label: {"method": ..., "sides": ...}} from the Interval methods part."""
    found: dict[str, dict[str, str]] = {}
    for line in items(body):
        match = _METHOD.match(line)
        if match:
            found[match["label"]] = {"method": match["method"]} | (
                {"sides": match["sides"]} if match["sides"] else {}
            )
    return found


def read_note(body: str | None, label: str, labels: list[str]) -> str | None:
    """The note written for `label`; the longest label that starts a line wins, so `Sensitivity`
    does not take the note of `Sensitivity (model adjusted)`."""
    for line in items(body):
        owner = max((x for x in labels if line.startswith(x + ": ")), key=len, default=None)
        if owner == label:
            return line[len(label) + 2 :]
    return None


def merge(extension: dict[str, Any], label: str, parts: dict[str, str], labels: list[str]) -> None:
    """Fill an overall result's method, sides and note from the study's parts (our export writes them
    there, not in the extension); a vendor's card has none, and nothing changes."""
    stated = read_methods(parts.get(INTERVAL_METHODS)).get(label, {})
    for key, value in stated.items():
        extension.setdefault(key, value)
    note = read_note(parts.get(NOTES), label, labels)
    if note is not None:
        extension.setdefault("explanation", note)


def merged_json(value_json: str, label: str, texts: dict[str, dict[str, str]], labels: list[str]) -> str:
    """ValueJson of an overall result of our export with its method, sides and note put back from the
    study's texts; any other ValueJson unchanged."""
    try:
        raw = json.loads(value_json)
    except json.JSONDecodeError:
        return value_json  # reported where it is parsed
    extension = raw.get("gmlp") if isinstance(raw, dict) else None
    if not isinstance(extension, dict) or extension.get("row", "overall") != "overall":
        return value_json
    study = texts.get(str(extension.get("study")), {})
    parts = split(study.get("ValidationProcessAndJustification"), [INTERVAL_METHODS])[1]
    parts |= split(study.get("Interpretation"), [NOTES])[1]
    merge(extension, label, parts, labels)
    return json.dumps(raw, ensure_ascii=False, separators=(",", ":"))
