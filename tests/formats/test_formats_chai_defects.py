"""CHAI round-trip and import defects (issues 19 and 16): each test failed before its fix."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from chai_support import CHAI_EXAMPLES, example_cards
from lxml import etree
from test_formats_round_trip import lost_in_round_trip

from gmlp_cards.checks.independence import independence, independence_findings
from gmlp_cards.formats.chai.export import export_chai
from gmlp_cards.formats.chai.importer import import_chai
from gmlp_cards.formats.chai.schema import CHAI_NS
from gmlp_cards.model import ModelCard
from gmlp_cards.model.provenance import NOT_STATED, GapKind

TODAY = dt.date(2025, 1, 2)


def _example(name: str) -> Path:
    return next(p for p in CHAI_EXAMPLES if p.name == name)


def _pe_with_release_date(text: str) -> ModelCard:
    data = _example("Aidoc_PE-03-RT.xml").read_bytes()
    assert b"<ReleaseDate>July 2024</ReleaseDate>" in data
    data = data.replace(
        b"<ReleaseDate>July 2024</ReleaseDate>", f"<ReleaseDate>{text}</ReleaseDate>".encode()
    )
    return import_chai(data, source_file="Aidoc_PE-03-RT.xml", today=TODAY).card


def _demo() -> dict[str, Any]:
    card = next(c for c in example_cards() if c.device_id == "demo-dr-screen")
    return card.model_dump(mode="json", exclude_none=True)


def _round_trip(card: ModelCard) -> ModelCard:
    return import_chai(export_chai(card), source_file="round-trip.xml", today=TODAY).card


def _gaps(card: ModelCard, field: str) -> list[tuple[GapKind, str]]:
    provenance = card.identity.provenance
    assert provenance is not None
    return [(g.kind, g.need) for g in provenance.gaps if g.field == field]


def test_a_us_date_is_read_month_first() -> None:
    card = _pe_with_release_date("08/23/2024")
    assert card.identity.release_date == dt.date(2024, 8, 23)
    assert _gaps(card, "identity.release_date") == []


def test_an_unreadable_date_is_a_gap_naming_the_text_never_today() -> None:
    card = _pe_with_release_date("23.08.2024")
    assert card.identity.release_date == dt.date(1970, 1, 1)
    assert card.identity.release_date != dt.date.today()
    assert _gaps(card, "identity.release_date") == [
        (
            GapKind.missing,
            "Release date: the source's ReleaseInfo/ReleaseDate is '23.08.2024', which is not a date we "
            "can read (ISO 2024-08-23, US 08/23/2024 or 'August 2024'); 1970-01-01 stands in.",
        )
    ]


def test_a_day_first_date_is_not_read_as_a_us_date() -> None:
    card = _pe_with_release_date("23/08/2024")
    assert card.identity.release_date == dt.date(1970, 1, 1)
    assert [kind for kind, _ in _gaps(card, "identity.release_date")] == [GapKind.missing]


def test_unmapped_source_texts_are_one_line_per_section_with_a_count() -> None:
    result = import_chai(_example("Aidoc_PE-03-RT.xml").read_bytes(), source_file="pe.xml", today=TODAY)
    report = result.report().splitlines()
    listed = report[report.index("Source text with no field in our card (kept verbatim):") + 1 :]
    assert len(result.unmapped) == 29
    assert listed == [
        "  - ReleaseInfo, 3 texts: ReleaseStage, GlobalAvailability, RegulatoryApproval",
        "  - Warnings, 1 text: ClinicalRiskLevel",
        "  - BasicInfo, 1 text: DeveloperContact",
        "  - ModelSummary, 1 text: Summary",
        "  - TrustIngredients/AISystemFacts, 4 texts: InputDataSource, OutputAndInputDataTypes, "
        "DevelopmentDataCharacterization, BiasMitigationApproaches",
        "  - KeyMetrics/UsefulnessUsabilityEfficacy, 5 texts: MetricGoal, Interpretation, TestType, "
        "TestingDataDescription, ValidationProcessAndJustification",
        "  - KeyMetrics/FairnessEquity, 5 texts: MetricGoal, Interpretation, TestType, "
        "TestingDataDescription, ValidationProcessAndJustification",
        "  - KeyMetrics/SafetyReliability, 5 texts: MetricGoal, Interpretation, TestType, "
        "TestingDataDescription, ValidationProcessAndJustification",
        "  - Resources, 2 texts: EvaluationReferences, PeerReviewedPublications",
        "  - TrustIngredients/TransparencyInformation, 2 texts: FundingSource, StakeholdersConsulted",
    ]


def test_a_regulatory_pathway_with_a_semicolon_comes_back_whole() -> None:
    raw = _demo()
    pathway = "De Novo; reclassified as class II under 21 CFR 892.2090"
    raw["identity"]["regulatory"][0]["pathway"] = pathway
    back = _round_trip(ModelCard.model_validate(raw))
    assert back.identity.regulatory[0].pathway == pathway
    assert back.identity.regulatory[0].status == raw["identity"]["regulatory"][0]["status"]


def _empty_overall(raw: dict[str, Any]) -> dict[str, Any]:
    study = raw["performance"]["studies"][0]
    study["overall"] = {"n": study["overall"]["n"], "metrics": []}
    study["endpoints"] = []
    return raw


def test_an_overall_row_without_metrics_keeps_its_n_and_re_imports() -> None:
    card = ModelCard.model_validate(_empty_overall(_demo()))
    study = card.performance.studies[0]
    assert study.overall.n == 500 and study.subgroups  # subgroups' n are checked against it
    back = _round_trip(card)
    assert back.performance.studies[0].overall.n == 500
    assert back.performance.studies[0].overall.metrics == []
    assert _gaps(back, "performance.studies[pivotal-2024].overall.n") == []


def test_a_study_with_no_metric_at_all_is_still_a_study() -> None:
    raw = _empty_overall(_demo())
    raw["performance"]["studies"][0]["subgroups"] = []
    back = _round_trip(ModelCard.model_validate(raw))
    assert [s.id for s in back.performance.studies] == ["pivotal-2024"]
    assert back.performance.studies[0].overall.n == 500


def test_an_import_placeholder_is_not_a_site_shared_by_training_and_test() -> None:
    card = import_chai(_example("Aidoc_PE-03-RT.xml").read_bytes(), source_file="pe.xml", today=TODAY).card
    assert NOT_STATED in card.data.test[0].sites and NOT_STATED in card.performance.studies[0].sites
    assert independence(card).shared_sites == ()
    assert [f.code for f in independence_findings(card) if f.code.startswith("independence.shared")] == []


def _schema_2_demo() -> ModelCard:
    raw = _demo()
    raw["schema_version"] = 2
    raw["data"] |= {
        "funding": "Series A venture funding of the (fictional) maker; no public grants.",
        "training_criteria": {
            "inclusion": ["Adults with diabetes screened in primary care"],
            "exclusion": ["Ungradable images after two attempts"],
        },
        "demographic_inputs": {"variables": [], "detail": "The model sees only the fundus images."},
    }
    raw["monitoring"] |= {
        "fairness_monitoring": {"not_stated": "the maker has not yet planned it"},
        "local_validation": "Each site grades 200 of its own images against two ophthalmologists.",
    }
    return ModelCard.model_validate(raw)


def test_a_schema_2_card_comes_back_with_the_same_facts() -> None:
    card = _schema_2_demo()
    back = _round_trip(card)
    assert back.schema_version == 2
    assert lost_in_round_trip(card, back) == {}
    assert back.data.funding == "Series A venture funding of the (fictional) maker; no public grants."
    assert back.data.demographic_inputs == card.data.demographic_inputs
    assert back.monitoring.fairness_monitoring == "Not stated in the source: the maker has not yet planned it"


def test_the_five_fields_go_into_chai_elements() -> None:
    xml = export_chai(_schema_2_demo()).decode()
    assert (
        "<FundingSource>Series A venture funding of the (fictional) maker; no public grants.</FundingSource>"
        in xml
    )
    assert "**Training data criteria:** **Included:**\n- Adults with diabetes screened in primary care" in xml
    assert "**Demographic input features:** none\n\nThe model sees only the fundus images." in xml
    assert "**Fairness monitoring:** Not stated in the source: the maker has not yet planned it" in xml
    assert "<Keyword>Card schema: 2</Keyword>" in xml


def test_a_vendor_funding_source_stays_verbatim_in_a_schema_1_draft() -> None:
    result = import_chai(_example("Aidoc_PE-03-RT.xml").read_bytes(), source_file="pe.xml", today=TODAY)
    assert result.card.schema_version == 1 and result.card.data.funding is None
    assert "TrustIngredients/TransparencyInformation/FundingSource" in [u.element for u in result.unmapped]


def test_demographic_inputs_named_come_back_in_order() -> None:
    raw = _schema_2_demo().model_dump(mode="json", exclude_none=True)
    raw["data"]["demographic_inputs"] = {"variables": ["sex", "age"]}
    raw["data"]["training_criteria"] = {"not_stated": "the maker kept no record"}
    back = _round_trip(ModelCard.model_validate(raw))
    assert back.data.model_dump(mode="json")["demographic_inputs"] == {
        "variables": ["sex", "age"],
        "detail": None,
    }
    assert back.data.model_dump(mode="json")["training_criteria"] == {
        "not_stated": "the maker kept no record"
    }


def _element(xml: bytes, name: str) -> str:
    root = etree.fromstring(xml)
    return "".join(root.find(f".//{{{CHAI_NS}}}UsefulnessUsabilityEfficacy/{{{CHAI_NS}}}{name}").itertext())


def test_method_counts_and_notes_of_the_overall_row_are_in_chai_elements_not_the_private_object() -> None:
    raw = _demo()
    raw["performance"]["studies"][0]["overall"]["metrics"][0]["explanation"] = (
        "Two ungradable images were counted as referable, as the protocol says."
    )
    xml = export_chai(ModelCard.model_validate(raw))
    assert "**Interval methods:**\n- Sensitivity: Wilson score (`wilson`)\n" in _element(
        xml, "ValidationProcessAndJustification"
    )
    assert "**Confusion counts:** tp 88; fp 20; fn 12; tn 380" in _element(xml, "TestingDataDescription")
    assert (
        "**Notes on the numbers:**\n- Sensitivity: Two ungradable images were counted as referable, as the "
        "protocol says."
    ) in _element(xml, "Interpretation")
    overall = [
        json.loads(v.text)
        for v in etree.fromstring(xml).iter(f"{{{CHAI_NS}}}ValueJson")
        if '"row":"overall"' in (v.text or "")
    ]
    assert overall and all(
        {"method", "explanation", "counts", "sides"}.isdisjoint(v["gmlp"]) for v in overall
    )
    back = _round_trip(ModelCard.model_validate(raw)).performance.studies[0].overall
    assert (
        back.metrics[0].explanation_text
        == "Two ungradable images were counted as referable, as the protocol says."
    )
    assert back.metrics[0].method is not None and back.metrics[0].method.value == "wilson"
    assert back.counts is not None and (back.counts.tp, back.counts.tn) == (88, 380)


def test_an_unreconciled_discrepancy_survives_the_round_trip() -> None:
    raw = _schema_2_demo().model_dump(mode="json", exclude_none=True)
    metric = raw["performance"]["studies"][0]["overall"]["metrics"][0]
    metric["estimate"] = 0.89  # 88 of 100 is 0.88: the maker pins the printed number
    metric["explanation"] = {
        "text": "Printed as 0.89 in the study report.",
        "unreconciled": [{"quantity": "estimate", "stated": 0.89, "recomputed": 0.88}],
    }
    back = _round_trip(ModelCard.model_validate(raw)).performance.studies[0].overall.metrics[0]
    assert back.explanation_text == "Printed as 0.89 in the study report."
    assert [(e.quantity.value, e.stated, e.recomputed) for e in back.unreconciled] == [
        ("estimate", 0.89, 0.88)
    ]
