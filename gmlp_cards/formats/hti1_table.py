"""The 31 ONC HTI-1 predictive DSI source attributes in the rule's nine groups: titles, card fields, fillers.

45 CFR 170.315(b)(11)(iv)(A) lists them; titles follow the rule's wording. Each attribute says which card
fields it is filled from, so a manufacturer sees what is missing and where it would go.
"""

from __future__ import annotations

from gmlp_cards.formats.hti1_fill import (
    Attribute,
    bullet_lines,
    developer_text,
    fairness_text,
    shares_text,
    snapshot_text,
    studies_of,
    validity_text,
    watched_text,
)
from gmlp_cards.model.data import criteria_text, demographic_inputs_text
from gmlp_cards.model.formatting import fact_text, period_text, policy_text

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
                developer_text,
            ),
            Attribute(
                "funding",
                "Funding source of the technical implementation for the intervention(s) development",
                ("data.funding",),
                lambda c: c.data.funding,
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
                lambda c: bullet_lines(c.intended_use.intended_users),
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
                lambda c: bullet_lines(
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
                lambda c: bullet_lines(
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
                ("data.training_criteria",),
                lambda c: criteria_text(c.data.training_criteria),
            ),
            Attribute(
                "demographic_inputs",
                "Use of race, ethnicity, language, sexual orientation, gender "
                "identity, sex, date of birth, social determinants of health, and health status "
                "assessment data as input features",
                ("data.demographic_inputs",),
                lambda c: demographic_inputs_text(c.data.demographic_inputs),
            ),
            Attribute(
                "training_representativeness",
                "Description of demographic representativeness "
                "according to those variables, including, at a minimum, those used as input features",
                ("data.training[].demographics", "data.intended_population.demographics"),
                lambda c: shares_text(c, "training"),
            ),
            Attribute(
                "training_relevance",
                "Description of relevance of training data to intended deployed setting",
                ("data.training[].sites", "data.intended_population.description"),
                lambda c: bullet_lines(
                    [
                        f"{d.name}: {', '.join(d.sites)} ({', '.join(d.countries)}), "
                        f"{period_text(d.collection_start, d.collection_end)}"
                        for d in c.data.training_sets
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
                lambda c: bullet_lines(
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
                lambda c: bullet_lines(
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
                lambda c: bullet_lines(
                    [
                        f"{s.title}: {', '.join(s.sites)} ({', '.join(s.countries)}), "
                        f"{period_text(s.start_date, s.end_date)}"
                        for s in studies_of(c, True)
                    ]
                ),
            ),
            Attribute(
                "external_tester",
                "Party that conducted the external testing",
                ("performance.studies[].conducted_by",),
                lambda c: bullet_lines([f"{s.title}: {s.conducted_by}" for s in studies_of(c, True)]),
            ),
            Attribute(
                "external_representativeness",
                "Description of demographic representativeness of "
                "external data, including, at a minimum, those used as input features",
                ("data.test[].demographics",),
                lambda c: shares_text(c, "test"),
            ),
            Attribute(
                "external_process",
                "Description of external validation process",
                ("performance.studies[].design", "performance.studies[].reference_standard"),
                lambda c: bullet_lines(
                    [
                        f"{s.title}: {s.design.value}; reference standard: "
                        f"{s.reference_standard.description} Independence: {s.independence}"
                        for s in studies_of(c, True)
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
                lambda c: validity_text(c, False),
            ),
            Attribute(
                "internal_fairness",
                "Fairness of intervention in test data derived from the same "
                "source as the initial training data",
                ("performance.studies[].subgroups",),
                lambda c: fairness_text(c, False),
            ),
            Attribute(
                "external_validity",
                "Validity of intervention in data external to or from a different "
                "source than the initial training data",
                ("performance.studies[].overall",),
                lambda c: validity_text(c, True),
            ),
            Attribute(
                "external_fairness",
                "Fairness of intervention in data external to or from a different "
                "source than the initial training data",
                ("performance.studies[].subgroups",),
                lambda c: fairness_text(c, True),
            ),
            Attribute(
                "outcome_evaluation",
                "References to evaluation of use of the intervention on outcomes, "
                "including bibliographic citations or hyperlinks to evaluations of how well the "
                "intervention reduced morbidity, mortality, length of stay, or other outcomes",
                ("performance.studies[].references",),
                lambda c: bullet_lines(
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
                    + (bullet_lines([watched_text(m) for m in c.monitoring.metrics]) or "")
                ),
            ),
            Attribute(
                "local_validity",
                "Validity of intervention in local data",
                ("monitoring.snapshots", "monitoring.local_validation"),
                lambda c: bullet_lines(
                    [snapshot_text(s) for s in c.monitoring.snapshots]
                    + (
                        [f"How a site checks it: {c.monitoring.local_validation}"]
                        if c.monitoring.local_validation
                        else []
                    )
                ),
            ),
            Attribute(
                "fairness_monitoring",
                "Description of the process and frequency by which the "
                "intervention's fairness is monitored over time",
                ("monitoring.fairness_monitoring",),
                lambda c: c.monitoring.fairness_monitoring,
            ),
            Attribute(
                "local_fairness",
                "Fairness of intervention in local data",
                ("monitoring.local_validation",),
                lambda c: c.monitoring.local_validation,
            ),
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
                    f"{policy_text(c.monitoring.update_policy)}. "
                    f"{fact_text(getattr(c.monitoring.update_policy, 'description', None))}"
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
