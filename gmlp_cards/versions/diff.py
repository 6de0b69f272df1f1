"""Structured, deterministic difference between two versions of one device's model card.

`diff_cards(old, new)` returns a frozen `CardDiff`: field changes per section (intended use, inputs,
outputs, risks, data, studies, patient, monitoring), every metric of every study row with its old and
new estimate, interval and a judgement, and the studies and subgroups added or dropped. Pure Python:
no Streamlit, no disk. Order is the cards' own order (new card first, then what only the old card
had), never set or hash order, so the same two cards always give the same diff.

The judgement of each metric's move is `versions.judgement` (the rule is written there).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel

from gmlp_cards.model import (
    MetricName,
    ModelCard,
    Study,
)
from gmlp_cards.model.results import ResultRow
from gmlp_cards.model.vocabulary import Analysis
from gmlp_cards.versions.judgement import EPSILON, Estimate, Judgement, estimate_of, fmt, judge


@dataclass(frozen=True)
class MetricChange:
    """One metric in one row of one study, in both versions (or one of them)."""

    study: str
    row: str
    metric: str
    label: str
    old: Estimate | None
    new: Estimate | None
    judgement: Judgement
    old_study: str | None = None
    """The old version's study id when the new study replaces a differently named one."""

    @property
    def moved(self) -> bool:
        """True when the stated numbers differ (estimate, interval, n or sd), or one side is missing."""
        return self.old != self.new

    @property
    def where(self) -> str:
        study = f"study {self.study}"
        if self.old_study and self.old_study != self.study:
            study += f" (replacing {self.old_study})"
        return study + ("" if self.row == "overall" else f", {self.row}")

    def sentence(self) -> str:
        """`sensitivity moved from 0.912 to 0.934 in study pivotal` and similar, for messages."""
        name = str(self.metric) if self.metric is not MetricName.other else self.label
        if self.old is None:
            return f"{name} was added in {self.where}"
        if self.new is None:
            return f"{name} was removed from {self.where}"
        if abs(self.old.value - self.new.value) >= EPSILON:
            return f"{name} moved from {fmt(self.old.value)} to {fmt(self.new.value)} in {self.where}"
        if self.old.n != self.new.n:
            return f"{name} n changed from {self.old.n} to {self.new.n} in {self.where}"
        return (
            f"{name} interval changed from {self.old.interval_text} to "
            f"{self.new.interval_text} in {self.where}"
        )


class ChangeKind(StrEnum):
    """What happened to one field between two versions.

    changed: a scalar holds another value; added, removed: one list item (or mapping key) is new in
    the newer version, or gone from it.
    """

    changed = "changed"
    added = "added"
    removed = "removed"


@dataclass(frozen=True)
class FieldChange:
    """A change of one field: a scalar replaced, or one list item added or removed."""

    path: str
    kind: ChangeKind
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class SubgroupRef:
    """A result row of one study by its label (e.g. `sex = female @ default`), added in the newer
    version or dropped from it."""

    study: str
    row: str


@dataclass(frozen=True)
class CardDiff:
    """Everything that differs between two versions of one device's card, in a stable order."""

    device_id: str
    old_version: str
    new_version: str
    old_release: dt.date
    new_release: dt.date
    identity: tuple[FieldChange, ...]
    intended_use: tuple[FieldChange, ...]
    inputs: tuple[FieldChange, ...]
    outputs: tuple[FieldChange, ...]
    risks: tuple[FieldChange, ...]
    data: tuple[FieldChange, ...]
    studies: tuple[FieldChange, ...]
    patient: tuple[FieldChange, ...]
    monitoring: tuple[FieldChange, ...]
    studies_added: tuple[str, ...]
    studies_removed: tuple[str, ...]
    studies_replaced: tuple[tuple[str, str], ...]
    """(old id, new id) of studies compared as predecessor and successor despite new ids."""
    subgroups_added: tuple[SubgroupRef, ...]
    subgroups_dropped: tuple[SubgroupRef, ...]
    metrics: tuple[MetricChange, ...]

    SECTIONS = (
        "identity",
        "intended_use",
        "inputs",
        "outputs",
        "risks",
        "data",
        "studies",
        "patient",
        "monitoring",
    )

    def section(self, name: str) -> tuple[FieldChange, ...]:
        if name not in self.SECTIONS:
            raise KeyError(name)
        changes: tuple[FieldChange, ...] = getattr(self, name)
        return changes

    @property
    def moved_metrics(self) -> tuple[MetricChange, ...]:
        return tuple(m for m in self.metrics if m.moved)

    def metric(self, study: str, row: str, name: str) -> MetricChange | None:
        return next((m for m in self.metrics if m.study == study and m.row == row and m.metric is name), None)

    @property
    def empty(self) -> bool:
        return not (
            any(self.section(s) for s in self.SECTIONS)
            or self.moved_metrics
            or self.studies_added
            or self.studies_removed
            or self.studies_replaced
        )


# --- generic comparison of card sections ---------------------------------------------------------

# Lists of these items are matched by one identifying field rather than by position, so that
# inserting an item reports one addition, not a change of every later item.
_KEYS: dict[str, Callable[[Any], str]] = {
    "AcceptableInput": lambda m: m.modality,
    "PopulationCriterion": lambda m: m.dimension.value,
    "Definition": lambda m: m.term,
    "OperatingPoint": lambda m: m.name,
    "Risk": lambda m: m.title,
    "Dataset": lambda m: m.name,
    "Distribution": lambda m: m.dimension.value,
    "Share": lambda m: m.group,
    "ClassCount": lambda m: m.label,
    "RegulatoryStatus": lambda m: m.jurisdiction,
    "MonitoredMetric": lambda m: m.metric.value,
    "Snapshot": lambda m: f"{m.metric.value} {m.period_end.isoformat()}",
    "Endpoint": lambda m: m.metric.value,
    "Reference": lambda m: f"{m.kind} {m.value}",
    "NaturalFrequency": lambda m: m.outcome,
}


def _text(value: Any) -> str:
    if isinstance(value, BaseModel):
        key = _KEYS.get(type(value).__name__)
        if key is not None:
            return key(value)
        # An unkeyed section (e.g. a new language's patient text): its headline field reads best.
        for name in ("summary", "title", "name", "description"):
            if isinstance(getattr(value, name, None), str):
                return str(getattr(value, name))
        return json.dumps(value.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "none"
    return str(value)


def _walk(path: str, old: Any, new: Any, skip: frozenset[str] = frozenset()) -> list[FieldChange]:
    if old == new:
        return []
    if isinstance(old, BaseModel) and isinstance(new, BaseModel) and type(old) is type(new):
        out: list[FieldChange] = []
        for name in type(old).model_fields:  # declaration order: stable and readable
            if name not in skip:
                out.extend(_walk(f"{path}.{name}" if path else name, getattr(old, name), getattr(new, name)))
        return out
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in [*new, *(k for k in old if k not in new)]:
            sub = f"{path}[{key}]"
            if key not in old:
                out.append(FieldChange(sub, ChangeKind.added, new=_text(new[key])))
            elif key not in new:
                out.append(FieldChange(sub, ChangeKind.removed, old=_text(old[key])))
            else:
                out.extend(_walk(sub, old[key], new[key]))
        return out
    if isinstance(old, list) and isinstance(new, list):
        return _walk_list(path, old, new)
    return [FieldChange(path, ChangeKind.changed, _text(old), _text(new))]


def _walk_list(path: str, old: list[Any], new: list[Any]) -> list[FieldChange]:
    sample = (old or new)[0]
    key = _KEYS.get(type(sample).__name__) if isinstance(sample, BaseModel) else None
    if key is None:  # plain values (or unkeyed items): report items added and removed
        old_texts, new_texts = [_text(v) for v in old], [_text(v) for v in new]
        out = [FieldChange(path, ChangeKind.removed, old=t) for t in old_texts if t not in new_texts]
        out += [FieldChange(path, ChangeKind.added, new=t) for t in new_texts if t not in old_texts]
        return out
    old_by = {key(v): v for v in old}
    new_by = {key(v): v for v in new}
    out = []
    for k in [*new_by, *(k for k in old_by if k not in new_by)]:
        if k not in old_by:
            out.append(FieldChange(path, ChangeKind.added, new=k))
        elif k not in new_by:
            out.append(FieldChange(path, ChangeKind.removed, old=k))
        else:
            out.extend(_walk(f"{path}[{k}]", old_by[k], new_by[k]))
    return out


# --- performance ---------------------------------------------------------------------------------

_RESULT_FIELDS = frozenset({"overall", "by_operating_point", "subgroups", "reader_study"})


def _rows(study: Study) -> list[tuple[str, ResultRow | None, Sequence[Any]]]:
    """(row label, row, metrics) for every result row of a study, in card order."""
    rows: list[tuple[str, ResultRow | None, Sequence[Any]]] = [
        ("overall", study.overall, study.overall.metrics)
    ]
    rows += [(f"operating point {r.operating_point}", r, r.metrics) for r in study.by_operating_point]
    for r in study.subgroups:
        at = f" @ {r.operating_point}" if r.operating_point else ""
        rows.append((f"{r.dimension.value} = {r.group}{at}", r, r.metrics))
    if study.reader_study is not None:
        rows.append(("readers unaided", None, study.reader_study.unaided))
        rows.append(("readers aided", None, study.reader_study.aided))
    return rows


def _metric_keys(metrics: Sequence[Any]) -> dict[str, Any]:
    """Each metric of a row by its title: the same metric in both versions has the same title (a
    schema-1 `other` metric keeps its label when schema 2 gives it a name of its own). A metric given
    for several analyses is told apart by its analysis; one given once is paired whatever its
    analysis, so a headline that moved from a model-adjusted to an observed estimate is still
    compared (the table names both analyses)."""
    names = [m.name for m in metrics]
    keyed = {}
    for metric in metrics:
        several = names.count(metric.name) > 1 and metric.analysis is not Analysis.observed
        keyed[str(metric.title) + (f" ({metric.analysis.label})" if several else "")] = metric
    return keyed


def _compare_rows(
    study: str, row: str, old: Sequence[Any], new: Sequence[Any], old_study: str | None
) -> list[MetricChange]:
    old_by, new_by = _metric_keys(old), _metric_keys(new)
    out = []
    for key in [*new_by, *(k for k in old_by if k not in new_by)]:
        label = key
        name = (new_by.get(key) or old_by[key]).name
        before = estimate_of(old_by[key]) if key in old_by else None
        after = estimate_of(new_by[key]) if key in new_by else None
        if before is None:
            verdict = Judgement.added
        elif after is None:
            verdict = Judgement.removed
        else:
            metric = new_by[key]
            target = (metric.target or 1.0) / metric.scale.factor
            verdict = judge(metric.better, before, after, target)
        out.append(MetricChange(study, row, name, label, before, after, verdict, old_study))
    return out


def pair_studies(old: Sequence[Study], new: Sequence[Study]) -> list[tuple[Study | None, Study | None]]:
    """Match each new study with its predecessor: same id; else primary with primary; else the same
    unit of analysis, in card order. A new pivotal study usually gets a new id, and readers still
    want to see how the headline numbers moved. New studies first, then unmatched old ones."""
    match: dict[str, Study] = {}
    spare = [s for s in old if s.id not in {n.id for n in new}]
    for study in new:
        same = next((s for s in old if s.id == study.id), None)
        if same is not None:
            match[study.id] = same
    for rule in (lambda a, b: a.primary and b.primary, lambda a, b: a.unit_of_analysis is b.unit_of_analysis):
        for study in new:
            if study.id in match or any(s.id == study.id for s in old):
                continue
            found = next((s for s in spare if rule(s, study)), None)
            if found is not None:
                match[study.id] = found
                spare.remove(found)
    pairs: list[tuple[Study | None, Study | None]] = [(match.get(s.id), s) for s in new]
    return pairs + [(s, None) for s in spare]


def _performance(
    old: ModelCard, new: ModelCard
) -> tuple[list[MetricChange], list[FieldChange], list[SubgroupRef], list[SubgroupRef]]:
    metrics: list[MetricChange] = []
    fields: list[FieldChange] = []
    added: list[SubgroupRef] = []
    dropped: list[SubgroupRef] = []
    for before, after in pair_studies(old.performance.studies, new.performance.studies):
        study_id = after.id if after is not None else before.id if before is not None else ""
        old_id = before.id if before is not None else None
        old_rows = {label: m for label, _, m in _rows(before)} if before else {}
        new_rows = {label: m for label, _, m in _rows(after)} if after else {}
        if before is not None and after is not None:
            skip = _RESULT_FIELDS | ({"id"} if before.id != after.id else set())
            fields += _walk(f"performance.studies[{study_id}]", before, after, skip=frozenset(skip))
            added += [SubgroupRef(study_id, r) for r in new_rows if r not in old_rows]
            dropped += [SubgroupRef(study_id, r) for r in old_rows if r not in new_rows]
        for label in [*new_rows, *(r for r in old_rows if r not in new_rows)]:
            metrics += _compare_rows(
                study_id, label, old_rows.get(label, ()), new_rows.get(label, ()), old_id
            )
    return metrics, fields, added, dropped


def diff_cards(old: ModelCard, new: ModelCard) -> CardDiff:
    """The structured difference from `old` to `new` (normally consecutive versions of one device)."""
    metrics, study_fields, added, dropped = _performance(old, new)
    pairs = pair_studies(old.performance.studies, new.performance.studies)

    def section(name: str, skip: Iterable[str] = ()) -> tuple[FieldChange, ...]:
        return tuple(_walk(name, getattr(old, name), getattr(new, name), frozenset(skip)))

    return CardDiff(
        device_id=new.device_id,
        old_version=old.version,
        new_version=new.version,
        old_release=old.identity.release_date,
        new_release=new.identity.release_date,
        # The version and date are the point of a new version; the header shows them.
        identity=section("identity", skip=("card_version", "release_date")),
        intended_use=section("intended_use"),
        inputs=section("inputs"),
        outputs=section("outputs"),
        risks=section("risks"),
        data=section("data"),
        studies=tuple(study_fields),
        patient=section("patient"),
        monitoring=section("monitoring"),
        studies_added=tuple(b.id for a, b in pairs if a is None and b is not None),
        studies_removed=tuple(a.id for a, b in pairs if b is None and a is not None),
        studies_replaced=tuple(
            (a.id, b.id) for a, b in pairs if a is not None and b is not None and a.id != b.id
        ),
        subgroups_added=tuple(added),
        subgroups_dropped=tuple(dropped),
        metrics=tuple(metrics),
    )
