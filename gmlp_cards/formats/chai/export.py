"""Write a card as a CHAI applied model card (v0.2 XML) that validates against CHAI's schema.xsd.

Free text stays Markdown, as CHAI's own examples use it. Where CHAI has one element for several of our
fields, they are written as labelled Markdown parts (`md_parts`), which `chai_import` splits again.
Metric values are CHAI `ValueJson` (see `chai_metrics`). The output is deterministic: the same card
gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from gmlp_cards.formats.chai import field_labels
from gmlp_cards.formats.chai.guard import xml_problem
from gmlp_cards.formats.chai.metrics import chai_label_and_unit, to_value_json
from gmlp_cards.formats.chai.schema import CHAI_NS, validation_errors
from gmlp_cards.formats.md_parts import bullets, compose
from gmlp_cards.model import ModelCard
from gmlp_cards.model.data import Dataset, Distribution
from gmlp_cards.model.metrics import ResultRow
from gmlp_cards.model.performance import Study
from gmlp_cards.model.risks import Risk

NOT_IN_CARD = "Not stated in this card."
"""For elements CHAI requires but our card format has no field for (funding, stakeholders)."""

_HEADER = (
    "Applied model card in the CHAI v0.2 format, exported by gmlp-cards from {device} card version "
    "{version}. ValueJson objects carry `n` and a `gmlp` object beside CHAI's keys."
)


class ChaiExportError(ValueError):
    """The card cannot be written as CHAI XML (a character XML cannot carry), or the export does not
    validate against schema.xsd (a bug of ours); either way nothing is written."""


def export_chai(card: ModelCard) -> bytes:
    """The card as CHAI applied model card XML (UTF-8), validated against the bundled schema.xsd."""
    unwritable = xml_problem(card)
    if unwritable:  # lxml would raise a bare ValueError part-way through building the tree
        raise ChaiExportError(unwritable)
    root = etree.Element(_q("AppliedModelCard"), nsmap={None: CHAI_NS})
    root.addprevious(etree.Comment(" " + _HEADER.format(device=card.device_id, version=card.version) + " "))
    _basic_info(root, card)
    _release_info(root, card)
    summary = _sub(root, "ModelSummary")
    _text(
        summary,
        "Summary",
        compose(card.intended_use.summary, [(field_labels.MACHINE_LEARNING, card.identity.machine_learning)]),
    )
    keywords = _sub(summary, "Keywords")
    for keyword in _keywords(card):
        _text(keywords, "Keyword", keyword)
    _uses(root, card)
    _warnings(root, card)
    _trust(root, card)
    _key_metrics(root, card)
    _resources(root, card)
    _text(root, "Bibliography", "")
    xml = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    problems = validation_errors(xml)
    if problems:
        raise ChaiExportError("export does not validate against CHAI schema.xsd: " + "; ".join(problems))
    return xml


def _q(name: str) -> str:
    return f"{{{CHAI_NS}}}{name}"


def _sub(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, _q(name))


def _text(parent: etree._Element, name: str, text: str) -> etree._Element:
    element = _sub(parent, name)
    element.text = text
    return element


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _basic_info(root: etree._Element, card: ModelCard) -> None:
    basic = _sub(root, "BasicInfo")
    maker = card.identity.manufacturer
    _text(basic, "ModelName", card.identity.device_name)
    _text(basic, "ModelDeveloper", maker.name)
    _text(
        basic,
        "DeveloperContact",
        compose(
            None,
            [
                (field_labels.EMAIL, maker.contact_email),
                (field_labels.WEB, maker.website),
                (field_labels.ADDRESS, maker.address),
            ],
        ),
    )


def _release_info(root: etree._Element, card: ModelCard) -> None:
    identity = card.identity
    release = _sub(root, "ReleaseInfo")
    _text(
        release,
        "ReleaseStage",
        f"{identity.status.value.capitalize()} ({field_labels.CARD_VERSION} {identity.card_version})",
    )
    _text(release, "ReleaseDate", identity.release_date.isoformat())
    _text(release, "ReleaseVersion", identity.software_version)
    places = [f"{r.jurisdiction} ({r.status})" for r in identity.regulatory]
    _text(release, "GlobalAvailability", ", ".join(places) or NOT_IN_CARD)
    regulatory = [field_labels.regulatory_line(r) for r in identity.regulatory]
    _text(
        release,
        "RegulatoryApproval",
        compose(
            bullets(regulatory) if regulatory else None,
            [(field_labels.UDI_DI, identity.udi_di), (field_labels.PCCP, _yes_no(identity.pccp_authorized))],
        ),
    )


def _keywords(card: ModelCard) -> list[str]:
    words = [
        f"{field_labels.DEVICE_ID}: {card.device_id}",
        f"{field_labels.MODALITY}: {card.identity.modality}",
        f"{field_labels.CLINICAL_AREA}: {card.identity.clinical_area}",
    ]
    if card.identity.fictional:
        words.append(field_labels.FICTIONAL)
    return words


def _uses(root: etree._Element, card: ModelCard) -> None:
    use = card.intended_use
    uses = _sub(root, "UsesAndDirections")
    _text(
        uses,
        "IntendedUseAndWorkflow",
        compose(
            use.purpose,
            [
                (field_labels.CONDITION, use.indications.condition),
                (field_labels.USE_ENVIRONMENT, use.indications.use_environment),
                (field_labels.WORKFLOW, use.workflow),
                (field_labels.DECISION_ROLE, use.decision_role.value),
                (field_labels.AUTOMATION, use.automation.value),
                (field_labels.BENEFITS, use.clinical_benefits),
            ],
        ),
    )
    _text(uses, "PrimaryIntendedUsers", bullets(use.intended_users))
    _text(
        uses,
        "HowToUse",
        compose(
            card.outputs.interpretation,
            [
                (field_labels.ACTIVE_POINT, card.outputs.active_operating_point),
                (field_labels.STOP_IF, use.stop_using_if),
            ],
        ),
    )
    _text(
        uses,
        "TargetedPatientPopulation",
        compose(
            use.indications.target_population,
            [
                (field_labels.INTENDED_POPULATION, card.data.intended_population.description),
                (field_labels.CRITERIA, [field_labels.criterion_line(c) for c in use.population_criteria]),
            ],
        ),
    )
    out_of_scope = bullets(use.out_of_scope) if use.out_of_scope else None
    _text(
        uses,
        "CautionedOutOfScopeSettings",
        compose(out_of_scope, [(field_labels.CONTRAINDICATIONS, use.contraindications)]) or NOT_IN_CARD,
    )


def _risk_lines(risks: Sequence[Risk]) -> list[str]:
    return [f"**{r.title}** ({r.severity.value}): {r.detail}" for r in risks]


def _warnings(root: etree._Element, card: ModelCard) -> None:
    risks = card.risks
    warnings = _sub(root, "Warnings")
    _text(
        warnings,
        "KnownRisksAndLimitations",
        compose(
            None,
            [
                (field_labels.WARNINGS, _risk_lines(risks.warnings)),
                (field_labels.LIMITATIONS, _risk_lines(risks.limitations)),
                (field_labels.FAILURE_MODES, _risk_lines(risks.failure_modes)),
            ],
        ),
    )
    _text(
        warnings,
        "KnownBiasesOrEthicalConsiderations",
        compose(
            None,
            [
                (field_labels.BIASES, _risk_lines(risks.known_biases)),
                (field_labels.UNDER_REPRESENTED, risks.under_represented),
            ],
        )
        or "None known.",
    )
    classes = [
        f"Class {r.device_class} ({r.jurisdiction})" for r in card.identity.regulatory if r.device_class
    ]
    _text(warnings, "ClinicalRiskLevel", ", ".join(classes) or NOT_IN_CARD)


def _trust(root: etree._Element, card: ModelCard) -> None:
    outputs, data, monitoring = card.outputs, card.data, card.monitoring
    facts = _sub(_sub(root, "TrustIngredients"), "AISystemFacts")
    points = [field_labels.operating_point_line(p) for p in outputs.operating_points]
    _text(
        facts,
        "OutcomesAndOutputs",
        compose(
            outputs.description,
            [
                (field_labels.OUTPUT_KIND, outputs.kind.value),
                (field_labels.OPERATING_POINTS, points),
                (field_labels.CALIBRATED, _yes_no(outputs.calibrated)),
            ],
        ),
    )
    _text(
        facts, "ModelType", compose(outputs.model_type, [(field_labels.ARCHITECTURE, outputs.architecture)])
    )
    if outputs.foundation_models:
        _text(facts, "FoundationModels", bullets(outputs.foundation_models))
    _text(
        facts,
        "InputDataSource",
        "\n\n".join(
            f"#### {a.modality}\n\n"
            + compose(
                None,
                [
                    (field_labels.DEVICES, a.devices),
                    (field_labels.PROTOCOL, a.protocol),
                    (field_labels.DATA_FORMAT, a.data_format),
                    (field_labels.QUALITY, a.quality_requirements),
                    (field_labels.PREPARATION, a.preparation),
                ],
            )
            for a in card.inputs.acceptable
        ),
    )
    definitions = [f"**{d.term}**: {d.definition}" for d in card.inputs.definitions]
    _text(
        facts,
        "OutputAndInputDataTypes",
        compose(
            None,
            [
                (field_labels.INPUTS, [a.modality for a in card.inputs.acceptable]),
                (field_labels.OUTPUT_KIND, outputs.kind.value),
                (field_labels.UNACCEPTABLE, card.inputs.unacceptable_handling),
                (field_labels.DEFINITIONS, definitions),
            ],
        ),
    )
    _text(facts, "DevelopmentDataCharacterization", _data_text(card))
    _text(
        facts,
        "BiasMitigationApproaches",
        compose(
            data.independence,
            [
                (field_labels.SPLIT_UNIT, data.split_unit.value),
                (field_labels.OVERLAP, data.overlap_justification),
                (
                    field_labels.SUBGROUPS_ANALYSED,
                    sorted(
                        {
                            f"{r.dimension.label}: {r.group}"
                            for s in card.performance.studies
                            for r in s.subgroups
                        }
                    ),
                ),
            ],
        ),
    )
    policy = monitoring.update_policy
    _text(
        facts,
        "OngoingMaintenance",
        compose(
            monitoring.process,
            [
                (field_labels.UPDATE_FREQUENCY, policy.frequency),
                (field_labels.UPDATE_MODE, policy.mode.value),
                (field_labels.UPDATE_SCOPE, policy.scope.value),
                (field_labels.UPDATE_VALIDATION, policy.description),
                (field_labels.RETRAINING, monitoring.retraining_controls),
            ],
        ),
    )
    _text(facts, "Security", compose(card.risks.cybersecurity, [(field_labels.PRIVACY, card.risks.privacy)]))
    _text(
        facts,
        "Transparency",
        compose(
            None, [(field_labels.BASIS, outputs.basis), (field_labels.EXPLAINABILITY, outputs.explainability)]
        ),
    )
    transparency = _sub(root.find(_q("TrustIngredients")), "TransparencyInformation")
    _text(transparency, "FundingSource", NOT_IN_CARD)
    _text(transparency, "StakeholdersConsulted", NOT_IN_CARD)


def _shares(distributions: Sequence[Distribution]) -> list[str]:
    return [
        f"{d.dimension.value}: " + ", ".join(f"{s.group} {s.percent:g}%" for s in d.shares)
        for d in distributions
    ]


def _dataset_text(role: str, dataset: Dataset) -> str:
    return f"#### {role}: {dataset.name}\n\n" + compose(
        None,
        [
            (field_labels.SOURCES, dataset.sources),
            (field_labels.SITES, dataset.sites),
            (field_labels.COUNTRIES, dataset.countries),
            (
                field_labels.COLLECTED,
                f"{dataset.collection_start.isoformat()} to {dataset.collection_end.isoformat()}",
            ),
            (field_labels.DEVICES, dataset.acquisition_devices),
            (field_labels.PATIENTS, str(dataset.n_patients)),
            (field_labels.SAMPLES, str(dataset.n_samples)),
            (field_labels.SAMPLE_UNIT, dataset.sample_unit),
            (field_labels.CLASSES, [f"{c.label}: {c.count}" for c in dataset.class_balance]),
            (field_labels.DEMOGRAPHICS, _shares(dataset.demographics)),
            (field_labels.LABELLING, dataset.labelling),
        ],
    )


def _data_text(card: ModelCard) -> str:
    data = card.data
    blocks = [_dataset_text(field_labels.TRAINING, d) for d in data.training]
    blocks += [_dataset_text(field_labels.TEST, d) for d in data.test]
    blocks.append(
        f"#### {field_labels.INTENDED_POPULATION}\n\n"
        + compose(
            data.intended_population.description,
            [
                (field_labels.DEMOGRAPHICS, _shares(data.intended_population.demographics)),
                (
                    field_labels.PREVALENCE,
                    None
                    if data.intended_population.prevalence is None
                    else f"{data.intended_population.prevalence:g}",
                ),
            ],
        )
    )
    return "\n\n".join(blocks)


def _row_results(
    parent: etree._Element, study: Study, row: ResultRow, context: dict[str, Any], suffix: str, many: bool
) -> None:
    context = {"study": study.id, **context, "row_n": row.n}
    if row.counts is not None:
        context["counts"] = row.counts.model_dump()
    for metric in row.metrics:
        label, _ = chai_label_and_unit(metric)
        result = _sub(parent, "MetricResult")
        where = f" ({study.id})" if many else ""
        _text(result, "Label", f"{label}{suffix}{where}")
        _text(result, "ValueJson", to_value_json(metric, context))


def _study_heading(study: Study) -> str:
    return f"#### {study.title} ({study.id})"


def _key_metric(
    parent: etree._Element,
    name: str,
    goal: str,
    fill: Any,
    interpretation: str,
    test_type: str,
    data_text: str,
    validation: str,
) -> None:
    block = _sub(parent, name)
    _text(block, "MetricGoal", goal)
    results = _sub(block, "Results")
    fill(results)
    _text(block, "Interpretation", interpretation)
    _text(block, "TestType", test_type)
    _text(block, "TestingDataDescription", data_text)
    _text(block, "ValidationProcessAndJustification", validation)


def _key_metrics(root: etree._Element, card: ModelCard) -> None:
    studies = card.performance.studies
    many = len(studies) > 1
    metrics = _sub(root, "KeyMetrics")

    def overall(results: etree._Element) -> None:
        for study in studies:
            _row_results(results, study, study.overall, {"row": "overall"}, "", many)
            for point in study.by_operating_point:
                _row_results(
                    results,
                    study,
                    point,
                    {"row": "operating_point", "operating_point": point.operating_point},
                    f" at {point.operating_point}",
                    many,
                )
            for band in study.risk_bands:
                result = _sub(results, "MetricResult")
                _text(result, "Label", f"Event rate in risk band {band.band} ({band.events} of {band.n})")
                _text(result, "ValueJson", field_labels.risk_band_json(study.id, band))

    def subgroups(results: etree._Element) -> None:
        for study in studies:
            for row in study.subgroups:
                context = {"row": "subgroup", "dimension": row.dimension.value, "group": row.group}
                if row.operating_point:
                    context["operating_point"] = row.operating_point
                _row_results(results, study, row, context, f" — {row.dimension.label}: {row.group}", many)
        if not len(results):
            # CHAI requires at least one result; say plainly that there are none rather than invent one.
            result = _sub(results, "MetricResult")
            _text(result, "Label", "Subgroup results reported")
            _text(result, "ValueJson", '{"kind":"single","value":0}')

    def monitored(results: etree._Element) -> None:
        for watched in card.monitoring.metrics:
            result = _sub(results, "MetricResult")
            _text(
                result,
                "Label",
                f"Monitoring threshold: {watched.metric.label} "
                f"{'≥' if watched.direction.value == 'at_least' else '≤'} "
                f"{watched.threshold:g} ({watched.frequency})",
            )
            _text(result, "ValueJson", field_labels.monitor_json(watched))
        for snapshot in card.monitoring.snapshots:
            result = _sub(results, "MetricResult")
            _text(
                result,
                "Label",
                f"Real-world {snapshot.metric.label}, period ending {snapshot.period_end.isoformat()}",
            )
            _text(result, "ValueJson", field_labels.snapshot_json(snapshot))

    headings = [(_study_heading(s), s) for s in studies]
    _key_metric(
        metrics,
        "UsefulnessUsabilityEfficacy",
        "\n\n".join(
            f"{h}\n\n"
            + compose(
                None, [(field_labels.ENDPOINTS, [field_labels.endpoint_line(e) for e in s.endpoints])]
            ).strip()
            or f"{h}\n\nNo pre-specified endpoints are stated."
            for h, s in headings
        ),
        overall,
        "\n\n".join(f"{h}\n\n{field_labels.endpoint_verdicts(s)}" for h, s in headings),
        "\n\n".join(
            f"{h}\n\n"
            + compose(
                None,
                [
                    (field_labels.DESIGN, s.design.value),
                    (field_labels.PRIMARY, _yes_no(s.primary)),
                    (field_labels.UNIT, s.unit_of_analysis.value),
                    (field_labels.CONDUCTED_BY, s.conducted_by),
                ],
            )
            for h, s in headings
        ),
        "\n\n".join(
            f"{h}\n\n"
            + compose(
                None,
                [
                    (field_labels.SITES, s.sites),
                    (field_labels.COUNTRIES, s.countries),
                    (field_labels.DATES, f"{s.start_date.isoformat()} to {s.end_date.isoformat()}"),
                    (field_labels.INCLUSION, s.inclusion),
                    (field_labels.EXCLUSION, s.exclusion),
                    (field_labels.PATIENTS, None if s.n_patients is None else str(s.n_patients)),
                ],
            )
            for h, s in headings
        ),
        "\n\n".join(
            f"{h}\n\n"
            + compose(
                None,
                [
                    (field_labels.REFERENCE_STANDARD, s.reference_standard.description),
                    (field_labels.HOW_ESTABLISHED, s.reference_standard.how_established),
                    (field_labels.REFERENCE_LIMITS, s.reference_standard.limitations),
                    (field_labels.INDEPENDENCE, s.independence),
                    (field_labels.REPEATABILITY, s.repeatability),
                ],
            )
            for h, s in headings
        ),
    )
    dimensions = sorted({r.dimension.label for s in studies for r in s.subgroups})
    _key_metric(
        metrics,
        "FairnessEquity",
        "Performance per subgroup"
        + (f" ({', '.join(dimensions)})" if dimensions else "")
        + ", with n and 95% intervals, to show where evidence is weaker.",
        subgroups,
        field_labels.subgroup_verdicts(card),
        "Subgroup analysis of the studies under UsefulnessUsabilityEfficacy.",
        compose(
            None,
            [
                (
                    field_labels.DEMOGRAPHICS,
                    [f"{d.name}: {line}" for d in card.data.test for line in _shares(d.demographics)],
                )
            ],
        )
        or NOT_IN_CARD,
        "Subgroups use the reference standard and methods of their study; each estimate states its "
        "interval method.",
    )
    _key_metric(
        metrics,
        "SafetyReliability",
        "Real-world performance against the thresholds of post-market monitoring.",
        monitored,
        field_labels.monitoring_verdicts(card),
        "Post-market monitoring",
        f"Real-world use at deployed sites; {len(card.monitoring.snapshots)} monitored periods reported.",
        card.monitoring.process,
    )


def _resources(root: etree._Element, card: ModelCard) -> None:
    resources = _sub(root, "Resources")
    references = [(s, r) for s in card.performance.studies for r in s.references]
    _text(
        resources,
        "EvaluationReferences",
        bullets(field_labels.reference_line(s.id, r) for s, r in references) or NOT_IN_CARD,
    )
    trials = [r.value for _, r in references if r.kind == "trial"]
    if trials:
        _text(resources, "ClinicalTrial", ", ".join(trials))
    papers = [field_labels.reference_line(s.id, r) for s, r in references if r.kind == "doi"]
    _text(resources, "PeerReviewedPublications", bullets(papers) or NOT_IN_CARD)
    patient = card.patient.texts[card.patient.default_language]
    _text(
        resources,
        "PatientConsentOrDisclosure",
        compose(
            patient.summary,
            [
                (field_labels.LANGUAGE, card.patient.default_language),
                (field_labels.WHAT_IT_MEANS, patient.what_it_means),
                (field_labels.PATIENT_BENEFITS, patient.benefits),
                (field_labels.PATIENT_RISKS, patient.risks),
                (
                    field_labels.PER_1000,
                    [f"{f.per_1000} in 1,000: {f.outcome}" for f in patient.natural_frequencies],
                ),
                (field_labels.TALK, patient.talk_to_clinician),
            ],
        ),
    )
