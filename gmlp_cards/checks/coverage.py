"""GMLP coverage: ten principles mapped to card fields; principle 9's items present, thin or missing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gmlp_cards.checks.finding import Finding, Level, Loc
from gmlp_cards.model import ModelCard
from gmlp_cards.model.not_stated import is_not_stated

THIN_WORDS = 8
"""Free text shorter than this many words is thin: too short to tell a reader anything useful."""


class Coverage(StrEnum):
    present = "present"
    thin = "thin"
    missing = "missing"

    @property
    def rank(self) -> int:
        return list(Coverage).index(self)


@dataclass(frozen=True)
class Part:
    """A field path (`[*]` walks a list) and what it must hold: words of text, or a number of items."""

    path: str
    min_words: int = 0
    min_items: int = 0
    distinct: bool = False
    """Count distinct values rather than items (e.g. subgroup dimensions)."""

    @property
    def loc(self) -> Loc:
        # Up to the first list: good enough to point lint at a line in the file.
        head = self.path.split("[*]", 1)[0]
        return tuple(head.split("."))


def _text(path: str, words: int = THIN_WORDS) -> Part:
    return Part(path, min_words=words)


def _items(path: str, count: int = 1, *, distinct: bool = False) -> Part:
    return Part(path, min_items=count, distinct=distinct)


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    parts: tuple[Part, ...]


INFORMATION_ITEMS: tuple[Item, ...] = (
    Item(
        "intended_use",
        "Intended use and indications",
        (
            _text("intended_use.purpose"),
            _text("intended_use.indications.target_population", 5),
            _items("intended_use.intended_users"),
        ),
    ),
    Item(
        "benefits_risks",
        "Benefits and risks",
        (_text("intended_use.clinical_benefits[*]", 5), _text("risks.warnings[*].detail")),
    ),
    Item(
        "subgroup_performance",
        "Performance in subgroups",
        (_items("performance.studies[*].subgroups[*].dimension", 2, distinct=True),),
    ),
    Item(
        "study_methodology",
        "Study methodology",
        (
            _text("performance.studies[*].reference_standard.how_established", 6),
            _text("performance.studies[*].inclusion[*]", 5),
            _items("performance.studies[*].endpoints"),
        ),
    ),
    Item(
        "data",
        "Training and test data",
        (
            _text("data.independence"),
            _text("data.training[*].labelling", 4),
            _items("data.test[*].demographics"),
        ),
    ),
    Item(
        "inputs",
        "Acceptable inputs",
        (_text("inputs.acceptable[*].quality_requirements", 5), _text("inputs.unacceptable_handling")),
    ),
    Item("limitations", "Known limitations", (_text("risks.limitations[*].detail"),)),
    Item("reading_output", "How to read the output", (_text("outputs.interpretation"),)),
    Item("workflow", "Fit in the clinical workflow", (_text("intended_use.workflow"),)),
    Item("basis", "Basis for the output", (_text("outputs.basis"),)),
    Item(
        "updates",
        "Scope and timing of updates",
        (_text("monitoring.update_policy.frequency", 1), _text("monitoring.update_policy.description")),
    ),
    Item("report_concerns", "How to report a concern", (_text("identity.manufacturer.contact_email", 1),)),
)
"""Principle 9's essential information, each with the fields that carry it."""


@dataclass(frozen=True)
class Principle:
    number: int
    title: str
    summary: str
    parts: tuple[Part, ...]
    finding_codes: tuple[str, ...] = ()
    """Prefixes of the derived findings that bear on this principle."""


PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        1,
        "Purpose first, many disciplines",
        "The intended use is understood and shapes the whole life cycle.",
        (
            _text("intended_use.purpose"),
            _text("identity.machine_learning"),
            _items("intended_use.intended_users"),
        ),
    ),
    Principle(
        2,
        "Sound engineering and security",
        "Risk management, security, traceable and reproducible software.",
        (
            _text("risks.cybersecurity", 5),
            _text("risks.privacy", 5),
            _items("risks.failure_modes"),
            _text("identity.software_version", 1),
        ),
    ),
    Principle(
        3,
        "Data like the patients it serves",
        "Evaluation data represent the intended population in adequate numbers.",
        (
            _items("data.intended_population.demographics"),
            _items("data.test[*].demographics"),
            _items("data.training[*].demographics"),
        ),
        ("representation.",),
    ),
    Principle(
        4,
        "Test data kept apart from training data",
        "No patient, site or acquisition shared without saying why.",
        (
            _text("data.independence"),
            _text("performance.studies[*].independence", 5),
            _text("data.split_unit", 1),
        ),
        ("independence.",),
    ),
    Principle(
        5,
        "A fitting reference standard",
        "The ground truth suits the purpose, and its limits are written down.",
        (
            _text("performance.studies[*].reference_standard.description", 5),
            _text("performance.studies[*].reference_standard.how_established", 6),
            _text("performance.studies[*].reference_standard.limitations", 5),
        ),
    ),
    Principle(
        6,
        "A model that suits its data and use",
        "Overfitting and degradation mitigated; subgroups and input variation considered.",
        (
            _text("outputs.architecture", 5),
            _text("inputs.acceptable[*].quality_requirements", 5),
            _items("performance.studies[*].subgroups"),
        ),
        ("subgroup.",),
    ),
    Principle(
        7,
        "The human and the device, together",
        "Performance of clinician plus device is assessed where it will be used.",
        (
            _items("performance.studies[*].reader_study"),
            _text("intended_use.workflow"),
            _text("intended_use.automation", 1),
        ),
    ),
    Principle(
        8,
        "Testing in clinically relevant conditions",
        "Pre-specified endpoints, sound statistics, independent test data.",
        (
            _items("performance.studies[*].endpoints"),
            _items("performance.studies[*].overall.metrics"),
            _text("performance.studies[*].conducted_by", 3),
        ),
        ("subgroup.",),
    ),
    Principle(
        9,
        "Clear, essential information for users",
        "Users get what they need to use it safely, and a way to report concerns.",
        tuple(p for item in INFORMATION_ITEMS for p in item.parts),
        ("coverage.", "readability.", "languages."),
    ),
    Principle(
        10,
        "Monitored in use, retrained under control",
        "Real-world performance is watched; retraining guards against bias and drift.",
        (
            _text("monitoring.process"),
            _items("monitoring.metrics"),
            _items("monitoring.snapshots"),
            _text("monitoring.retraining_controls"),
        ),
    ),
)


def resolve(card: ModelCard, path: str, *, not_stated: bool = False) -> list[object]:
    """Values at `path`; raises AttributeError for a path that is not a real field (tests rely on it).

    A value the card marks `not_stated` is no value: coverage counts it as missing. With
    `not_stated=True` the not-stated values are returned instead, to say why a field is missing.
    """
    values: list[object] = [card]
    marked: list[object] = []
    for segment in path.split("."):
        name = segment.removesuffix("[*]")
        found: list[object] = []
        for value in values:
            child = getattr(value, name)
            if child is None:
                continue
            children = child if segment.endswith("[*]") and isinstance(child, list) else [child]
            marked.extend(c for c in children if is_not_stated(c))
            found.extend(c for c in children if not is_not_stated(c))
        values = found
    return marked if not_stated else values


@dataclass(frozen=True)
class PartResult:
    part: Part
    status: Coverage
    note: str


def judge_part(card: ModelCard, part: Part) -> PartResult:
    values = resolve(card, part.path)
    if part.min_items:
        flat = [v for value in values for v in (value if isinstance(value, list | tuple) else [value])]
        count = len({str(v) for v in flat}) if part.distinct else len(flat)
        what = "distinct values" if part.distinct else "entries"
        if count == 0:
            return PartResult(part, Coverage.missing, _missing(card, part, f"{part.path} has no {what}"))
        if count < part.min_items:
            return PartResult(
                part, Coverage.thin, f"{part.path} has {count} {what} (expected at least {part.min_items})"
            )
        return PartResult(part, Coverage.present, f"{part.path}: {count} {what}")
    texts = [str(v) for v in values if str(v).strip()]
    if not texts:
        return PartResult(part, Coverage.missing, _missing(card, part, f"{part.path} is not given"))
    words = min(len(t.split()) for t in texts)
    if words < part.min_words:
        return PartResult(part, Coverage.thin, f"{part.path} has {words} words (fewer than {part.min_words})")
    return PartResult(part, Coverage.present, f"{part.path}: present")


def _missing(card: ModelCard, part: Part, note: str) -> str:
    marked = resolve(card, part.path, not_stated=True)
    return f"{part.path} is not stated in the source" if marked else note


def _overall(results: list[PartResult]) -> Coverage:
    if all(r.status is Coverage.missing for r in results):
        return Coverage.missing
    return Coverage.thin if any(r.status is not Coverage.present for r in results) else Coverage.present


@dataclass(frozen=True)
class ItemCoverage:
    item: Item
    status: Coverage
    parts: tuple[PartResult, ...]


@dataclass(frozen=True)
class PrincipleCoverage:
    principle: Principle
    status: Coverage
    parts: tuple[PartResult, ...]


def _judged(card: ModelCard, parts: tuple[Part, ...]) -> tuple[Coverage, tuple[PartResult, ...]]:
    results = tuple(judge_part(card, p) for p in parts)
    return _overall(list(results)), results


def information_coverage(card: ModelCard) -> list[ItemCoverage]:
    return [ItemCoverage(item, *_judged(card, item.parts)) for item in INFORMATION_ITEMS]


def principle_coverage(card: ModelCard) -> list[PrincipleCoverage]:
    return [PrincipleCoverage(p, *_judged(card, p.parts)) for p in PRINCIPLES]


def coverage_findings(card: ModelCard) -> list[Finding]:
    findings = []
    for item in information_coverage(card):
        if item.status is Coverage.present:
            continue
        gaps = [r for r in item.parts if r.status is not Coverage.present]
        findings.append(
            Finding(
                f"coverage.{item.status.value}",
                Level.warning,
                gaps[0].part.loc,
                f"Principle 9 item {item.item.label!r} is {item.status.value}: "
                + "; ".join(r.note for r in gaps)
                + ".",
            )
        )
    return findings
