"""CHAI TrustIngredients written from a card: AI system facts, the data, transparency information."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from gmlp_cards.formats.chai import field_labels, schema2_fields
from gmlp_cards.formats.chai.xml_build import NOT_IN_CARD, qname, sub_element, text_element, yes_no
from gmlp_cards.formats.md_parts import bullets, compose
from gmlp_cards.model import ModelCard
from gmlp_cards.model.data import Dataset, Distribution
from gmlp_cards.model.formatting import fact_text, period_text


def trust_ingredients(root: etree._Element, card: ModelCard) -> None:
    outputs, data, monitoring = card.outputs, card.data, card.monitoring
    facts = sub_element(sub_element(root, "TrustIngredients"), "AISystemFacts")
    points = [field_labels.operating_point_line(p) for p in outputs.operating_points]
    text_element(
        facts,
        "OutcomesAndOutputs",
        compose(
            outputs.description,
            [
                (field_labels.OUTPUT_KIND, outputs.kind.value),
                (field_labels.OPERATING_POINTS, points),
                (field_labels.CALIBRATED, yes_no(outputs.calibrated)),
            ],
        ),
    )
    text_element(
        facts, "ModelType", compose(outputs.model_type, [(field_labels.ARCHITECTURE, outputs.architecture)])
    )
    if outputs.foundation_models:
        text_element(facts, "FoundationModels", bullets(outputs.foundation_models))
    text_element(
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
    text_element(
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
    text_element(facts, "DevelopmentDataCharacterization", _data_text(card))
    text_element(
        facts,
        "BiasMitigationApproaches",
        compose(
            data.independence,
            [  # the split unit as its value: the importer reads it back
                (
                    field_labels.SPLIT_UNIT,
                    getattr(data.split_unit, "value", "not stated"),
                ),  # the importer reads it back
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
    text_element(
        facts,
        "OngoingMaintenance",
        compose(
            monitoring.process,
            [
                (field_labels.UPDATE_FREQUENCY, fact_text(getattr(policy, "frequency", None))),
                (field_labels.UPDATE_MODE, fact_text(getattr(policy, "mode", None))),
                (field_labels.UPDATE_SCOPE, fact_text(getattr(policy, "scope", None))),
                (field_labels.UPDATE_VALIDATION, fact_text(getattr(policy, "description", None))),
                (field_labels.RETRAINING, monitoring.retraining_controls),
                *schema2_fields.maintenance_parts(card),
            ],
        ),
    )
    text_element(
        facts, "Security", compose(card.risks.cybersecurity, [(field_labels.PRIVACY, card.risks.privacy)])
    )
    text_element(
        facts,
        "Transparency",
        compose(
            None, [(field_labels.BASIS, outputs.basis), (field_labels.EXPLAINABILITY, outputs.explainability)]
        ),
    )
    transparency = sub_element(root.find(qname("TrustIngredients")), "TransparencyInformation")
    text_element(transparency, "FundingSource", schema2_fields.funding_text(card) or NOT_IN_CARD)
    text_element(transparency, "StakeholdersConsulted", NOT_IN_CARD)


def distribution_shares(distributions: Sequence[Distribution]) -> list[str]:
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
                period_text(dataset.collection_start, dataset.collection_end),
            ),
            (field_labels.DEVICES, dataset.acquisition_devices),
            (field_labels.PATIENTS, str(dataset.n_patients)),
            (field_labels.SAMPLES, str(dataset.n_samples)),
            (field_labels.SAMPLE_UNIT, dataset.sample_unit),
            (field_labels.CLASSES, [f"{c.label}: {c.count}" for c in dataset.class_balance]),
            (field_labels.DEMOGRAPHICS, distribution_shares(dataset.demographics)),
            (field_labels.LABELLING, dataset.labelling),
        ],
    )


def _data_text(card: ModelCard) -> str:
    data = card.data
    blocks = [_dataset_text(field_labels.TRAINING, d) for d in data.training_sets]
    blocks += [_dataset_text(field_labels.TEST, d) for d in data.test]
    blocks.append(
        f"#### {field_labels.INTENDED_POPULATION}\n\n"
        + compose(
            data.intended_population.description,
            [
                (field_labels.DEMOGRAPHICS, distribution_shares(data.intended_population.demographics)),
                (
                    field_labels.PREVALENCE,
                    None
                    if data.intended_population.prevalence is None
                    else f"{data.intended_population.prevalence:g}",
                ),
            ],
        )
    )
    return "\n\n".join([*blocks, schema2_fields.development_parts(card)]).strip()
