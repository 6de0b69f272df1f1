"""The coverage map: which card fields carry each GMLP principle and each item of principle 9.

A table, kept apart from the judging (gmlp_cards.checks.coverage) so that each stays short.
"""

from __future__ import annotations

from dataclasses import dataclass

from gmlp_cards.checks.finding import Loc
from gmlp_cards.model.not_applicable import CoverageKey, principle_key

THIN_WORDS = 8
"""Free text shorter than this many words is thin: too short to tell a reader anything useful."""


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
    key: CoverageKey
    label: str
    parts: tuple[Part, ...]


INFORMATION_ITEMS: tuple[Item, ...] = (
    Item(
        CoverageKey.intended_use,
        "Intended use and indications",
        (
            _text("intended_use.purpose"),
            _text("intended_use.indications.target_population", 5),
            _items("intended_use.intended_users"),
        ),
    ),
    Item(
        CoverageKey.benefits_risks,
        "Benefits and risks",
        (_text("intended_use.clinical_benefits[*]", 5), _text("risks.warnings[*].detail")),
    ),
    Item(
        CoverageKey.subgroup_performance,
        "Performance in subgroups",
        (_items("performance.studies[*].subgroups[*].dimension", 2, distinct=True),),
    ),
    Item(
        CoverageKey.study_methodology,
        "Study methodology",
        (
            _text("performance.studies[*].reference_standard.how_established", 6),
            _text("performance.studies[*].inclusion[*]", 5),
            _items("performance.studies[*].endpoints"),
        ),
    ),
    Item(
        CoverageKey.data,
        "Training and test data",
        (
            _text("data.independence"),
            _text("data.training[*].labelling", 4),
            _items("data.test[*].demographics"),
        ),
    ),
    Item(
        CoverageKey.inputs,
        "Acceptable inputs",
        (_text("inputs.acceptable[*].quality_requirements", 5), _text("inputs.unacceptable_handling")),
    ),
    Item(CoverageKey.limitations, "Known limitations", (_text("risks.limitations[*].detail"),)),
    Item(CoverageKey.reading_output, "How to read the output", (_text("outputs.interpretation"),)),
    Item(CoverageKey.workflow, "Fit in the clinical workflow", (_text("intended_use.workflow"),)),
    Item(CoverageKey.basis, "Basis for the output", (_text("outputs.basis"),)),
    Item(
        CoverageKey.updates,
        "Scope and timing of updates",
        (_text("monitoring.update_policy.frequency", 1), _text("monitoring.update_policy.description")),
    ),
    Item(
        CoverageKey.report_concerns,
        "How to report a concern",
        (_text("identity.manufacturer.contact_email", 1),),
    ),
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

    @property
    def key(self) -> CoverageKey | None:
        return principle_key(self.number)


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
