"""Write a card as a CHAI applied model card (v0.2 XML) that validates against CHAI's schema.xsd.

Free text stays Markdown, as CHAI's own examples use it. Where CHAI has one element for several of our
fields, they are written as labelled Markdown parts (`md_parts`), which `importer` splits again.
Metric values are CHAI `ValueJson` (see `metrics`). The output is deterministic: the same card
gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from gmlp_cards.formats.chai import field_labels
from gmlp_cards.formats.chai.export_metrics import key_metrics
from gmlp_cards.formats.chai.export_trust import trust_ingredients
from gmlp_cards.formats.chai.guard import xml_problem
from gmlp_cards.formats.chai.schema import CHAI_NS, validation_errors
from gmlp_cards.formats.chai.xml_build import NOT_IN_CARD, qname, sub_element, text_element, yes_no
from gmlp_cards.formats.md_parts import bullets, compose
from gmlp_cards.model import ModelCard
from gmlp_cards.model.risks import Risk

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
    root = etree.Element(qname("AppliedModelCard"), nsmap={None: CHAI_NS})
    root.addprevious(etree.Comment(" " + _HEADER.format(device=card.device_id, version=card.version) + " "))
    _basic_info(root, card)
    _release_info(root, card)
    summary = sub_element(root, "ModelSummary")
    text_element(
        summary,
        "Summary",
        compose(card.intended_use.summary, [(field_labels.MACHINE_LEARNING, card.identity.machine_learning)]),
    )
    keywords = sub_element(summary, "Keywords")
    for keyword in _keywords(card):
        text_element(keywords, "Keyword", keyword)
    _uses(root, card)
    _warnings(root, card)
    trust_ingredients(root, card)
    key_metrics(root, card)
    _resources(root, card)
    text_element(root, "Bibliography", "")
    xml = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    problems = validation_errors(xml)
    if problems:
        raise ChaiExportError("export does not validate against CHAI schema.xsd: " + "; ".join(problems))
    return xml


def _basic_info(root: etree._Element, card: ModelCard) -> None:
    basic = sub_element(root, "BasicInfo")
    maker = card.identity.manufacturer
    text_element(basic, "ModelName", card.identity.device_name)
    text_element(basic, "ModelDeveloper", maker.name)
    text_element(
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
    release = sub_element(root, "ReleaseInfo")
    text_element(
        release,
        "ReleaseStage",
        f"{identity.status.value.capitalize()} ({field_labels.CARD_VERSION} {identity.card_version})",
    )
    text_element(release, "ReleaseDate", identity.release_date.isoformat())
    text_element(release, "ReleaseVersion", identity.software_version)
    places = [f"{r.jurisdiction} ({r.status})" for r in identity.regulatory]
    text_element(release, "GlobalAvailability", ", ".join(places) or NOT_IN_CARD)
    regulatory = [field_labels.regulatory_line(r) for r in identity.regulatory]
    text_element(
        release,
        "RegulatoryApproval",
        compose(
            bullets(regulatory) if regulatory else None,
            [
                (field_labels.UDI_DI, identity.udi_di),
                (
                    field_labels.PCCP,
                    yes_no(identity.pccp_authorized if isinstance(identity.pccp_authorized, bool) else None),
                ),
            ],
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
    if card.schema_version == 2:  # the import reads a schema-2 card's fields back only then
        words.append(f"{field_labels.CARD_SCHEMA}: 2")
    return words


def _uses(root: etree._Element, card: ModelCard) -> None:
    use = card.intended_use
    uses = sub_element(root, "UsesAndDirections")
    text_element(
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
    text_element(uses, "PrimaryIntendedUsers", bullets(use.intended_users))
    text_element(
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
    text_element(
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
    text_element(
        uses,
        "CautionedOutOfScopeSettings",
        compose(out_of_scope, [(field_labels.CONTRAINDICATIONS, use.contraindications)]) or NOT_IN_CARD,
    )


def _risk_lines(risks: Sequence[Risk]) -> list[str]:
    return [f"**{r.title}** ({r.severity.value}): {r.detail}" for r in risks]


def _warnings(root: etree._Element, card: ModelCard) -> None:
    risks = card.risks
    warnings = sub_element(root, "Warnings")
    text_element(
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
    text_element(
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
    text_element(warnings, "ClinicalRiskLevel", ", ".join(classes) or NOT_IN_CARD)


def _resources(root: etree._Element, card: ModelCard) -> None:
    resources = sub_element(root, "Resources")
    references = [(s, r) for s in card.performance.studies for r in s.references]
    text_element(
        resources,
        "EvaluationReferences",
        bullets(field_labels.reference_line(s.id, r) for s, r in references) or NOT_IN_CARD,
    )
    trials = [r.value for _, r in references if r.kind == "trial"]
    if trials:
        text_element(resources, "ClinicalTrial", ", ".join(trials))
    papers = [field_labels.reference_line(s.id, r) for s, r in references if r.kind == "doi"]
    text_element(resources, "PeerReviewedPublications", bullets(papers) or NOT_IN_CARD)
    patient = card.patient.texts[card.patient.default_language]
    text_element(
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
