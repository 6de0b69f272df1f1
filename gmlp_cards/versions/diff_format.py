"""Render a CardDiff as plain text, Markdown or JSON; the same diff always gives the same bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from enum import Enum
from typing import Any

from gmlp_cards.versions.diff import CardDiff, ChangeKind, FieldChange, MetricChange
from gmlp_cards.versions.judgement import Estimate, Judgement

FORMATS = ("text", "markdown", "json")

JUDGEMENT_RULE = (
    "Better or worse when the 95% interval of the difference (MOVER/Newcombe, from the two stated "
    "intervals) excludes zero, by the metric's direction (lower is better for time to notification "
    "and mean absolute error); within uncertainty when it includes zero; not judged without intervals."
)

SECTION_TITLES = {
    "identity": "Identity and regulatory status",
    "intended_use": "Intended use",
    "inputs": "Inputs",
    "outputs": "Outputs",
    "risks": "Warnings and limitations",
    "data": "Data",
    "studies": "Study design",
    "patient": "Patient information",
    "monitoring": "Monitoring",
}

# Top-level card fields outside the diff's sections, for labels of paths that start there.
_TOP_TITLES = {**SECTION_TITLES, "performance": "Performance", "change_notice": "Change notice"}
_NAME_WORDS = {"udi_di": "UDI-DI", "pccp_authorized": "PCCP authorized", "per_1000": "per 1,000"}
_FIELD_PATH = re.compile(r"[a-z][a-z0-9_]*(?:\[[^\]]*\]|\.[a-z][a-z0-9_]*)*")
_PATH_STEP = re.compile(r"\.?([a-z][a-z0-9_]*)((?:\[[^\]]*\])*)")
_IDENTIFIER = re.compile(r"[a-z0-9_]+")


def name_words(name: str) -> str:
    """A field name as words: `population_criteria` -> `population criteria`, `udi_di` -> `UDI-DI`."""
    return _NAME_WORDS.get(name, name.replace("_", " "))


def field_label(path: str, *, section: bool = True) -> str:
    """A field path as readers read it (issue 15: readers saw `intended_use.population_criteria`).

    `intended_use.population_criteria[age_band].allowed` -> `Intended use › population criteria
    (age band) › allowed`; without `section`, the first step is left out (a table under that section's
    title). Text that is not a field path, e.g. a maker's own words for a section, is returned as is.
    """
    if not _FIELD_PATH.fullmatch(path):
        return path
    words: list[str] = []
    for index, step in enumerate(_PATH_STEP.finditer(path)):
        name, keys = step.group(1), step.group(2)
        if index == 0:
            if section:
                words.append(_TOP_TITLES.get(name, name_words(name).capitalize()))
            continue
        keyed = keys[1:-1].split("][") if keys else []
        shown = [name_words(k) if _IDENTIFIER.fullmatch(k) else k for k in keyed]
        words.append(name_words(name) + "".join(f" ({k})" for k in shown))
    return " › ".join(words) or _TOP_TITLES.get(path, path)


def render(diff: CardDiff, format: str = "text") -> str:
    """The diff in `format` (text, markdown or json), ending with one newline."""
    if format == "json":
        return json.dumps(to_jsonable(diff), indent=2, ensure_ascii=False) + "\n"
    if format == "markdown":
        return _markdown(diff)
    if format == "text":
        return _text(diff)
    raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")


def to_jsonable(diff: CardDiff) -> dict[str, Any]:
    """Plain data in the dataclasses' field order, with the judgement rule spelled out."""
    return {"judgement_rule": JUDGEMENT_RULE, **_plain(dataclasses.asdict(diff))}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _estimate(value: Estimate | None) -> str:
    return "—" if value is None else value.text


def _field_line(change: FieldChange) -> list[str]:
    if change.kind is ChangeKind.added:
        return [f"  + {change.path}: {change.new}"]
    if change.kind is ChangeKind.removed:
        return [f"  - {change.path}: {change.old}"]
    return [f"  ~ {change.path}", f"      was: {change.old}", f"      now: {change.new}"]


def headline(diff: CardDiff) -> str:
    return (
        f"{diff.device_id} {diff.old_version} ({diff.old_release.isoformat()}) → "
        f"{diff.new_version} ({diff.new_release.isoformat()})"
    )


def study_lines(diff: CardDiff) -> list[str]:
    """Studies and subgroups added, dropped or replaced, as sentences."""
    lines = [f"Study {s} added" for s in diff.studies_added]
    lines += [f"Study {s} removed" for s in diff.studies_removed]
    lines += [f"Study {new} replaces {old} (compared as successor)" for old, new in diff.studies_replaced]
    lines += [f"Subgroup added in study {g.study}: {g.row}" for g in diff.subgroups_added]
    lines += [f"Subgroup dropped from study {g.study}: {g.row}" for g in diff.subgroups_dropped]
    return lines


def _text(diff: CardDiff) -> str:
    out = [headline(diff), ""]
    if diff.empty:
        out += ["No differences.", ""]
    for name in diff.SECTIONS:
        changes = diff.section(name)
        if changes:
            out.append(SECTION_TITLES[name])
            for change in changes:
                out += _field_line(change)
            out.append("")
    studies = study_lines(diff)
    if studies:
        out += ["Studies and subgroups", *(f"  {line}" for line in studies), ""]
    if diff.metrics:
        out.append("Performance (old → new, judgement)")
        for study, rows in _by_study(diff.metrics):
            out.append(f"  study {study}")
            for metric in rows:
                out.append(
                    f"    {metric.row} · {metric.label}: {_estimate(metric.old)} → "
                    f"{_estimate(metric.new)}  [{metric.judgement.value}]"
                )
        out += ["", f"Judgement rule: {JUDGEMENT_RULE}"]
    return "\n".join(out).rstrip("\n") + "\n"


def _by_study(metrics: tuple[MetricChange, ...]) -> list[tuple[str, list[MetricChange]]]:
    groups: dict[str, list[MetricChange]] = {}
    for metric in metrics:
        title = (
            metric.study
            if not metric.old_study or metric.old_study == metric.study
            else f"{metric.study} (replacing {metric.old_study})"
        )
        groups.setdefault(title, []).append(metric)
    return list(groups.items())


def _cell(text: str | None) -> str:
    # Pipes and newlines would break the table; card text is untrusted but Markdown here is
    # rendered with raw HTML off, so escaping the table syntax is enough.
    return (text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _markdown(diff: CardDiff) -> str:
    out = [f"# {_cell(headline(diff))}", ""]
    if diff.empty:
        out += ["No differences.", ""]
    for name in diff.SECTIONS:
        changes = diff.section(name)
        if not changes:
            continue
        out += [
            f"## {SECTION_TITLES[name]}",
            "",
            "| field | change | was | now |",
            "| --- | --- | --- | --- |",
        ]
        out += [f"| `{_cell(c.path)}` | {c.kind.value} | {_cell(c.old)} | {_cell(c.new)} |" for c in changes]
        out.append("")
    studies = study_lines(diff)
    if studies:
        out += ["## Studies and subgroups", "", *(f"- {_cell(line)}" for line in studies), ""]
    if diff.metrics:
        out += ["## Performance", ""]
        for study, rows in _by_study(diff.metrics):
            out += [
                f"### Study {_cell(study)}",
                "",
                "| row | metric | was | now | judgement |",
                "| --- | --- | --- | --- | --- |",
            ]
            out += [
                f"| {_cell(m.row)} | {_cell(m.label)} | {_cell(_estimate(m.old))} | "
                f"{_cell(_estimate(m.new))} | {m.judgement.value} |"
                for m in rows
            ]
            out.append("")
        out += [f"_Judgement rule: {JUDGEMENT_RULE}_", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def summary_lines(diff: CardDiff) -> list[str]:
    """A few sentences for readers: what kinds of thing changed, and how performance moved."""
    lines: list[str] = []
    for name in diff.SECTIONS:
        changes = diff.section(name)
        if not changes:
            continue
        counts = {kind: sum(1 for c in changes if c.kind is kind) for kind in ChangeKind}
        parts = [f"{n} {kind.value}" for kind, n in counts.items() if n]
        fields = list(dict.fromkeys(name_words(_top_field(c.path)) for c in changes))  # first-seen order
        lines.append(f"{SECTION_TITLES[name]}: {', '.join(parts)} ({', '.join(fields)})")
    lines += study_lines(diff)
    judged = [m for m in diff.metrics if m.old is not None and m.new is not None]
    if judged:
        tally = {j: sum(1 for m in judged if m.judgement is j) for j in Judgement}
        parts = [f"{n} {j.value}" for j, n in tally.items() if n]
        lines.append(f"Performance, {len(judged)} estimates in both versions: {', '.join(parts)}")
    for metric in judged:
        if metric.judgement in (Judgement.better, Judgement.worse, Judgement.changed):
            lines.append(f"{metric.sentence()}: {metric.judgement.value}")
    return lines


def _top_field(path: str) -> str:
    """`intended_use.indications.condition` -> `indications`; `risks.warnings[x].detail` -> `warnings`."""
    if path.startswith("performance.studies[") and "]." in path:
        path = "study." + path.split("].", 1)[1]  # the study's own field, e.g. `sites`
    parts = path.split(".")
    second = parts[1] if len(parts) > 1 else parts[0]
    return second.split("[", 1)[0]
