"""Cross-check a version's change notice against the actual difference from the previous version.

A notice that hides a change misleads every reader of the card, so each of these is an error whose
message names both facts, the declaration and the change:

- intended use or indications changed, but `change_types` lacks `intended_use`. Counted as intended
  use: summary, purpose, indications, intended users, population criteria (except the
  acquisition-device axis, which is an input), decision role, automation, clinical benefits,
  contraindications and out-of-scope uses. Workflow text and "stop using it if" are instructions
  (labelling).
- acceptable inputs, the handling of unacceptable input, or the acquisition-device population
  criterion changed, but `change_types` lacks `inputs`. Definitions of terms are labelling.
- an estimate reported in both versions moved (estimate, interval or n), but `change_types` lacks
  `performance`. New studies or subgroups alone do not need it: they are new evidence, not changed
  performance (e.g. a study for a newly supported input).
- `change_types` says `labelling_only`, but anything beyond labelling changed: the software version,
  intended use, inputs, the model or its operating thresholds, training or test data, or any
  result (moved, added or removed).
- `within_pccp` is true, but the card says no change control plan is authorized.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gmlp_cards.errors import CardProblem
from gmlp_cards.model import ChangeType, ModelCard
from gmlp_cards.versions.diff import CardDiff, ChangeKind, FieldChange, MetricChange, diff_cards

FIELD = "change_notice.change_types"

_INTENDED_USE = tuple(
    f"intended_use.{name}"
    for name in (
        "summary",
        "purpose",
        "indications",
        "intended_users",
        "population_criteria",
        "decision_role",
        "automation",
        "clinical_benefits",
        "contraindications",
        "out_of_scope",
    )
)
_INPUT_CRITERION = "intended_use.population_criteria[acquisition_device]"
_INPUTS = ("inputs.acceptable", "inputs.unacceptable_handling")
_MODEL = tuple(
    f"outputs.{name}" for name in ("kind", "model_type", "architecture", "foundation_models", "calibrated")
)
_DATA = ("data.training", "data.test")


def _under(change: FieldChange, prefixes: Iterable[str]) -> bool:
    return any(change.path == p or change.path.startswith((f"{p}.", f"{p}[")) for p in prefixes)


def _is_input_criterion(change: FieldChange) -> bool:
    if change.path == "intended_use.population_criteria":  # a whole criterion added or removed
        return "acquisition_device" in (change.old, change.new)
    return _under(change, (_INPUT_CRITERION,))


def intended_use_changes(diff: CardDiff) -> list[FieldChange]:
    return [c for c in diff.intended_use if _under(c, _INTENDED_USE) and not _is_input_criterion(c)]


def input_changes(diff: CardDiff) -> list[FieldChange]:
    return [c for c in (*diff.intended_use, *diff.inputs) if _under(c, _INPUTS) or _is_input_criterion(c)]


def model_changes(diff: CardDiff) -> list[FieldChange]:
    thresholds = [
        c
        for c in diff.outputs
        if c.path.startswith("outputs.operating_points")
        and (c.kind is not ChangeKind.changed or c.path.endswith(".threshold"))
    ]
    return [*(c for c in diff.outputs if _under(c, _MODEL)), *thresholds]


def restated_metrics(diff: CardDiff) -> list[MetricChange]:
    """Metrics reported in both versions whose numbers differ."""
    return [m for m in diff.moved_metrics if m.old is not None and m.new is not None]


def _short(text: str | None, limit: int = 70) -> str:
    text = " ".join((text or "").split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def describe(change: FieldChange) -> str:
    """One clause a manufacturer can find in the file: `intended_use.summary changed from 'a' to 'b'`."""
    if change.kind is ChangeKind.added:
        return f"{change.path} gained {_short(change.new)}"
    if change.kind is ChangeKind.removed:
        return f"{change.path} lost {_short(change.old)}"
    return f"{change.path} changed from {_short(change.old)} to {_short(change.new)}"


def _first(facts: list[str]) -> str:
    more = len(facts) - 1
    return facts[0] + (f" (and {more} more change{'s' if more > 1 else ''})" if more else "")


@dataclass(frozen=True)
class Finding:
    """One misdeclaration: the notice field it is about and a sentence naming both facts."""

    field: str
    message: str


def notice_findings(previous: ModelCard, current: ModelCard, diff: CardDiff | None = None) -> list[Finding]:
    """Every way `current.change_notice` misdeclares the change from `previous`, in a fixed order."""
    notice = current.change_notice
    if notice is None:
        return []  # a missing notice is the catalog's own history check
    diff = diff or diff_cards(previous, current)
    declared = set(notice.change_types)
    findings: list[Finding] = []
    if ChangeType.labelling_only in declared:
        software = [c for c in diff.identity if c.path == "identity.software_version"]
        results = [m.sentence() for m in diff.moved_metrics]
        results += [f"study {s} was added" for s in diff.studies_added]
        results += [f"study {s} was removed" for s in diff.studies_removed]
        groups = [
            ("software", [describe(c) for c in software]),
            ("intended use", [describe(c) for c in intended_use_changes(diff)]),
            ("inputs", [describe(c) for c in input_changes(diff)]),
            ("model", [describe(c) for c in model_changes(diff)]),
            ("data", [describe(c) for c in (*diff.data,) if _under(c, _DATA)]),
            ("results", results),
        ]
        findings += [
            Finding(FIELD, f"{FIELD} says labelling_only, but {_first(facts)}")
            for _, facts in groups
            if facts
        ]
    rules = (
        []
        if ChangeType.labelling_only in declared
        else [
            (ChangeType.intended_use, [describe(c) for c in intended_use_changes(diff)]),
            (ChangeType.inputs, [describe(c) for c in input_changes(diff)]),
            (ChangeType.performance, [m.sentence() for m in restated_metrics(diff)]),
        ]
    )
    for change_type, facts in rules:
        if facts and change_type not in declared:
            listed = ", ".join(t.value for t in notice.change_types)
            findings.append(
                Finding(FIELD, f"{FIELD} says {listed} and lacks {change_type.value}, but {_first(facts)}")
            )
    if notice.within_pccp and not current.identity.pccp_authorized:
        findings.append(
            Finding(
                "change_notice.within_pccp",
                "change_notice.within_pccp is true, but identity.pccp_authorized "
                "says no change control plan is authorized",
            )
        )
    return findings


class LocatedCard(Protocol):
    """What `notice_problems` needs of a loaded card (the cards layer's LoadedCard is one)."""

    @property
    def path(self) -> Path: ...
    @property
    def card(self) -> ModelCard: ...
    @property
    def marks(self) -> Mapping[tuple[str | int, ...], tuple[int, int]]: ...


def notice_problems(previous: ModelCard, loaded: LocatedCard) -> list[CardProblem]:
    """`notice_findings` as CardProblems, located at the line of the notice field they are about."""
    problems = []
    for finding in notice_findings(previous, loaded.card):
        key = tuple(finding.field.split("."))
        line, column = loaded.marks.get(key, loaded.marks.get(("change_notice",), (1, 1)))
        problems.append(CardProblem(str(loaded.path), line, column, finding.field, finding.message))
    return problems
