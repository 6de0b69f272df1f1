"""The 31 ONC HTI-1 predictive DSI source attributes, filled from a card, or marked "not provided".

45 CFR 170.315(b)(11)(iv)(A) lists them in nine groups; an EHR developer certified to (b)(11) must let
users see them. Titles follow the rule's wording. Each attribute says which card fields it was filled
from, so a manufacturer sees what is missing and where it would go.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gmlp_cards.checks.independence import is_external
from gmlp_cards.model import ModelCard
from gmlp_cards.model.formatting import interval_text
from gmlp_cards.model.metrics import EstimateMetric, MeanSDMetric, ResultRow, SingleMetric
from gmlp_cards.model.performance import Study

NOT_PROVIDED = "not provided"
RULE = "45 CFR 170.315(b)(11)(iv)(A)"

Filler = Callable[[ModelCard], str | None]


@dataclass(frozen=True)
class Attribute:
    id: str
    title: str
    fields: tuple[str, ...]
    fill: Filler


def _lines(items: Sequence[str]) -> str | None:
    return "\n".join(f"- {i}" for i in items) or None


def _metric(metric: EstimateMetric | SingleMetric | MeanSDMetric) -> str:
    if isinstance(metric, EstimateMetric):
        interval = interval_text(metric.lower, metric.upper, metric.level)
        text = f"{metric.title} {metric.estimate:g} ({interval}, {metric.method.value})"
    elif isinstance(metric, SingleMetric):
        text = f"{metric.title} {metric.value:g}"
    else:
        text = f"{metric.title} {metric.mean:g} (SD {metric.sd:g})"
    return text + (f", n = {metric.n}" if metric.n is not None else "")


def _row(row: ResultRow) -> str:
    return "; ".join(_metric(m) for m in row.metrics) + f" (n = {row.n})"


def _studies(card: ModelCard, external: bool) -> list[Study]:
    return [s for s in card.performance.studies if is_external(card, s) is external]


def _validity(card: ModelCard, external: bool) -> str | None:
    return _lines(
        [f"{s.title} ({s.unit_of_analysis.value}): {_row(s.overall)}" for s in _studies(card, external)]
    )


def _fairness(card: ModelCard, external: bool) -> str | None:
    return _lines(
        [
            f"{s.title}: {r.dimension.label} {r.group}: {_row(r)}"
            for s in _studies(card, external)
            for r in s.subgroups
        ]
    )


def _shares(card: ModelCard, role: str) -> str | None:
    datasets = card.data.training if role == "training" else card.data.test
    lines = [
        f"{d.name}, {x.dimension.label}: " + ", ".join(f"{s.group} {s.percent:g}%" for s in x.shares)
        for d in datasets
        for x in d.demographics
    ]
    if role == "training":
        lines += [
            f"Intended population, {x.dimension.label}: "
            + ", ".join(f"{s.group} {s.percent:g}%" for s in x.shares)
            for x in card.data.intended_population.demographics
        ]
    return _lines(lines)


def _developer(card: ModelCard) -> str:
    maker = card.identity.manufacturer
    parts = [maker.name, maker.contact_email, maker.website, maker.address]
    return "; ".join(p for p in parts if p)


_OUTPUT_TYPE = {
    "binary": "classification",
    "ordinal": "classification (risk bands)",
    "score": "prediction (score)",
    "continuous": "evaluation (continuous value)",
}

GROUPS: list[tuple[str, str, list[Attribute]]] = [
    (
        "details",
        "Details and output of the intervention",
        [
            Attribute(
                "developer",
                "Name and contact information for the intervention developer",
                ("identity.manufacturer",),
                _developer,
            ),
            Attribute(
                "funding",
                "Funding source of the technical implementation for the intervention(s) development",
                (),
                lambda c: None,
            ),
            Attribute(
                "output_value",
                "Description of value that the intervention produces as an output",
                ("outputs.description", "outputs.interpretation"),
                lambda c: f"{c.outputs.description}\n\n{c.outputs.interpretation}",
            ),
            Attribute(
                "output_type",
                "Whether the intervention output is a prediction, classification, "
                "recommendation, evaluation, analysis, or other type of output",
                ("outputs.kind",),
                lambda c: _OUTPUT_TYPE[c.outputs.kind.value],
            ),
        ],
    ),
    (
        "purpose",
        "Purpose of the intervention",
        [
            Attribute(
                "intended_use",
                "Intended use of the intervention",
                ("intended_use.purpose",),
                lambda c: c.intended_use.purpose,
            ),
            Attribute(
                "patient_population",
                "Intended patient population(s) for the intervention's use",
                ("intended_use.indications.target_population",),
                lambda c: c.intended_use.indications.target_population,
            ),
            Attribute(
                "intended_users",
                "Intended user(s)",
                ("intended_use.intended_users",),
                lambda c: _lines(c.intended_use.intended_users),
            ),
            Attribute(
                "decision_role",
                "Intended decision-making role for which the intervention was designed "
                "to be used/for (e.g., informs, augments, replaces clinical management)",
                ("intended_use.decision_role", "intended_use.automation"),
                lambda c: f"{c.intended_use.decision_role.value}; {c.intended_use.automation.value}",
            ),
        ],
    ),
    (
        "cautioned_use",
        "Cautioned out-of-scope use of the intervention",
        [
            Attribute(
                "cautioned_use",
                "Description of tasks, situations, or populations where a user is "
                "cautioned against applying the intervention",
                ("intended_use.out_of_scope", "intended_use.contraindications", "intended_use.stop_using_if"),
                lambda c: _lines(
                    [
                        *c.intended_use.out_of_scope,
                        *c.intended_use.contraindications,
                        *(f"Stop using it if: {s}" for s in c.intended_use.stop_using_if),
                    ]
                ),
            ),
            Attribute(
                "known_risks",
                "Known risks, inappropriate settings, inappropriate uses, or known "
                "limitations of the intervention",
                ("risks.warnings", "risks.limitations", "risks.failure_modes"),
                lambda c: _lines(
                    [
                        f"{r.title} ({r.severity.value}): {r.detail}"
                        for r in (*c.risks.warnings, *c.risks.limitations, *c.risks.failure_modes)
                    ]
                ),
            ),
        ],
    ),
    (
        "development",
        "Intervention development details and input features",
        [
            Attribute(
                "training_criteria",
                "Exclusion and inclusion criteria that influenced the training data set",
                (),
                lambda c: None,
            ),
            Attribute(
                "demographic_inputs",
                "Use of race, ethnicity, language, sexual orientation, gender "
                "identity, sex, date of birth, social determinants of health, and health status "
                "assessment data as input features",
                (),
                lambda c: None,
            ),
            Attribute(
                "training_representativeness",
                "Description of demographic representativeness "
                "according to those variables, including, at a minimum, those used as input features",
                ("data.training[].demographics", "data.intended_population.demographics"),
                lambda c: _shares(c, "training"),
            ),
            Attribute(
                "training_relevance",
                "Description of relevance of training data to intended deployed setting",
                ("data.training[].sites", "data.intended_population.description"),
                lambda c: _lines(
                    [
                        f"{d.name}: {', '.join(d.sites)} ({', '.join(d.countries)}), "
                        f"{d.collection_start.year}–{d.collection_end.year}"
                        for d in c.data.training
                    ]
                    + [f"Intended population: {c.data.intended_population.description}"]
                ),
            ),
        ],
    ),
    (
        "fairness_process",
        "Process used to ensure fairness in development of the intervention",
        [
            Attribute(
                "fairness_approach",
                "Description of the approach the intervention developer has taken "
                "to ensure that the intervention's output is fair",
                ("performance.studies[].subgroups", "risks.under_represented"),
                lambda c: _lines(
                    sorted(
                        {
                            f"Results reported per {r.dimension.label.lower()}"
                            for s in c.performance.studies
                            for r in s.subgroups
                        }
                    )
                    + [f"Under-represented: {u}" for u in c.risks.under_represented]
                ),
            ),
            Attribute(
                "bias_mitigation",
                "Description of approaches to manage, reduce, or eliminate bias",
                ("risks.known_biases", "monitoring.retraining_controls"),
                lambda c: _lines(
                    [f"{r.title}: {r.detail}" for r in c.risks.known_biases]
                    + [c.monitoring.retraining_controls]
                ),
            ),
        ],
    ),
    (
        "external_validation",
        "External validation process",
        [
            Attribute(
                "external_data_source",
                "Description of the data source, clinical setting, or "
                "environment where the intervention's validity and fairness has been assessed, other "
                "than the source of training and testing data",
                ("performance.studies[].sites",),
                lambda c: _lines(
                    [
                        f"{s.title}: {', '.join(s.sites)} ({', '.join(s.countries)}), "
                        f"{s.start_date.isoformat()} to {s.end_date.isoformat()}"
                        for s in _studies(c, True)
                    ]
                ),
            ),
            Attribute(
                "external_tester",
                "Party that conducted the external testing",
                ("performance.studies[].conducted_by",),
                lambda c: _lines([f"{s.title}: {s.conducted_by}" for s in _studies(c, True)]),
            ),
            Attribute(
                "external_representativeness",
                "Description of demographic representativeness of "
                "external data, including, at a minimum, those used as input features",
                ("data.test[].demographics",),
                lambda c: _shares(c, "test"),
            ),
            Attribute(
                "external_process",
                "Description of external validation process",
                ("performance.studies[].design", "performance.studies[].reference_standard"),
                lambda c: _lines(
                    [
                        f"{s.title}: {s.design.value}; reference standard: "
                        f"{s.reference_standard.description} Independence: {s.independence}"
                        for s in _studies(c, True)
                    ]
                ),
            ),
        ],
    ),
    (
        "performance",
        "Quantitative measures of performance",
        [
            Attribute(
                "internal_validity",
                "Validity of intervention in test data derived from the same "
                "source as the initial training data",
                ("performance.studies[].overall",),
                lambda c: _validity(c, False),
            ),
            Attribute(
                "internal_fairness",
                "Fairness of intervention in test data derived from the same "
                "source as the initial training data",
                ("performance.studies[].subgroups",),
                lambda c: _fairness(c, False),
            ),
            Attribute(
                "external_validity",
                "Validity of intervention in data external to or from a different "
                "source than the initial training data",
                ("performance.studies[].overall",),
                lambda c: _validity(c, True),
            ),
            Attribute(
                "external_fairness",
                "Fairness of intervention in data external to or from a different "
                "source than the initial training data",
                ("performance.studies[].subgroups",),
                lambda c: _fairness(c, True),
            ),
            Attribute(
                "outcome_evaluation",
                "References to evaluation of use of the intervention on outcomes, "
                "including bibliographic citations or hyperlinks to evaluations of how well the "
                "intervention reduced morbidity, mortality, length of stay, or other outcomes",
                ("performance.studies[].references",),
                lambda c: _lines(
                    [
                        f"{r.kind}: {r.value}" + (f" — {r.title}" if r.title else "")
                        for s in c.performance.studies
                        for r in s.references
                    ]
                ),
            ),
        ],
    ),
    (
        "maintenance",
        "Ongoing maintenance of intervention implementation and use",
        [
            Attribute(
                "validity_monitoring",
                "Description of process and frequency by which the "
                "intervention's validity is monitored over time",
                ("monitoring.process", "monitoring.metrics"),
                lambda c: (
                    c.monitoring.process
                    + "\n"
                    + (
                        _lines(
                            [
                                f"{m.metric.label}: {m.direction.value.replace('_', ' ')} "
                                f"{m.threshold:g}, {m.frequency}"
                                for m in c.monitoring.metrics
                            ]
                        )
                        or ""
                    )
                ),
            ),
            Attribute(
                "local_validity",
                "Validity of intervention in local data",
                ("monitoring.snapshots",),
                lambda c: _lines(
                    [
                        f"Period ending {s.period_end.isoformat()}: {s.metric.label} {s.value:g}, n = {s.n}"
                        for s in c.monitoring.snapshots
                    ]
                ),
            ),
            Attribute(
                "fairness_monitoring",
                "Description of the process and frequency by which the "
                "intervention's fairness is monitored over time",
                (),
                lambda c: None,
            ),
            Attribute("local_fairness", "Fairness of intervention in local data", (), lambda c: None),
        ],
    ),
    (
        "updates",
        "Update and continued validation or fairness assessment schedule",
        [
            Attribute(
                "update_process",
                "Description of process and frequency by which the intervention is updated",
                ("monitoring.update_policy",),
                lambda c: (
                    f"{c.monitoring.update_policy.frequency} ({c.monitoring.update_policy.mode.value}, "
                    f"{c.monitoring.update_policy.scope.value}). {c.monitoring.update_policy.description}"
                ),
            ),
            Attribute(
                "correction_frequency",
                "Description of frequency by which the intervention's "
                "performance is corrected when risks related to validity and fairness are identified",
                ("monitoring.retraining_controls",),
                lambda c: c.monitoring.retraining_controls,
            ),
        ],
    ),
]
"""The rule's nine groups, in its order, with its 31 attributes."""


def hti1_attributes(card: ModelCard) -> dict[str, Any]:
    """All 31 source attributes for `card`, grouped as the rule groups them; JSON-ready and stable."""
    groups = []
    number = 0
    provided = 0
    for group_id, group_title, attributes in GROUPS:
        rows = []
        for attribute in attributes:
            number += 1
            value = attribute.fill(card)
            value = value.strip() if value and value.strip() else None
            provided += value is not None
            rows.append(
                {
                    "number": number,
                    "id": attribute.id,
                    "title": attribute.title,
                    "provided": value is not None,
                    "value": value or NOT_PROVIDED,
                    "card_fields": list(attribute.fields),
                }
            )
        groups.append({"id": group_id, "title": group_title, "attributes": rows})
    return {
        "rule": RULE,
        "kind": "Predictive decision support intervention source attributes",
        "device_id": card.device_id,
        "card_version": card.version,
        "device_name": card.identity.device_name,
        "summary": {"attributes": number, "provided": provided, "not_provided": number - provided},
        "groups": groups,
    }
