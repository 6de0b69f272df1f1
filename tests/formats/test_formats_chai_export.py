"""CHAI export: schema-valid XML, ValueJson metrics with n and subgroup, Markdown kept as Markdown."""

from __future__ import annotations

import json

import pytest
from chai_support import CHAI_XSD, FIXTURE_CHAI, card_id, example_cards
from lxml import etree
from metric_support import percent_estimate

from gmlp_cards.formats.chai.export import export_chai
from gmlp_cards.formats.chai.metrics import to_value_json
from gmlp_cards.formats.chai.schema import CHAI_NS, validation_errors
from gmlp_cards.formats.chai.schema import CHAI_XSD as BUNDLED_XSD
from gmlp_cards.model import ModelCard

CARDS = example_cards()
NS = {"mc": CHAI_NS}


def _results(xml: bytes) -> list[tuple[str, dict]]:
    root = etree.fromstring(xml)
    return [
        (r.findtext("mc:Label", namespaces=NS), json.loads(r.findtext("mc:ValueJson", namespaces=NS)))
        for r in root.iterfind(".//mc:MetricResult", NS)
    ]


def test_there_are_example_cards_to_export() -> None:
    assert len({c.device_id for c in CARDS}) >= 4  # three fictional devices and the test fixture


@pytest.mark.parametrize("card", CARDS, ids=card_id)
def test_every_example_card_exports_to_schema_valid_chai_xml(card: ModelCard) -> None:
    # Validated against CHAI's own schema.xsd (not our bundled copy), offline.
    assert validation_errors(export_chai(card), CHAI_XSD) == []


def test_bundled_schema_is_chai_schema_byte_for_byte() -> None:
    assert BUNDLED_XSD.read_bytes() == (FIXTURE_CHAI / "schema.xsd").read_bytes()


def test_the_vendor_examples_validate_too_so_the_validator_is_the_real_one() -> None:
    from chai_support import CHAI_EXAMPLES

    assert len(CHAI_EXAMPLES) == 16
    for path in CHAI_EXAMPLES:
        assert validation_errors(path.read_bytes(), CHAI_XSD) == [], path.name


def test_a_broken_card_is_reported_with_its_line() -> None:
    broken = (
        b'<?xml version="1.0"?>\n<AppliedModelCard xmlns="'
        + CHAI_NS.encode()
        + b'">\n<Nope/>\n</AppliedModelCard>'
    )
    problems = validation_errors(broken, CHAI_XSD)
    assert problems and problems[0].startswith("line 3:")


def test_export_is_deterministic() -> None:
    card = CARDS[0]
    assert export_chai(card) == export_chai(card)


def test_estimates_are_estimate_ci_with_percent_level_and_n() -> None:
    card = next(c for c in CARDS if c.device_id == "demo-dr-screen")
    label, value = _results(export_chai(card))[0]
    assert label == "Sensitivity"
    assert value["kind"] == "estimate_ci"
    assert (value["estimate"], value["lower"], value["upper"], value["level"]) == (0.88, 0.802, 0.93, 95)
    assert value["n"] == 100
    assert value["gmlp"]["method"] == "wilson"


def test_subgroup_results_are_labelled_by_dimension_and_group() -> None:
    card = next(c for c in CARDS if c.device_id == "demo-dr-screen")
    subgroup = [
        (label, v) for label, v in _results(export_chai(card)) if v.get("gmlp", {}).get("row") == "subgroup"
    ]
    assert ("Sensitivity — Sex: female", "female") in [(label, v["gmlp"]["group"]) for label, v in subgroup]
    female = next(v for label, v in subgroup if label == "Sensitivity — Sex: female")
    assert female["gmlp"]["dimension"] == "sex"
    assert female["gmlp"]["row_n"] == 250
    assert female["gmlp"]["counts"] == {"tp": 45, "fp": 10, "fn": 5, "tn": 190}


def test_percent_metrics_carry_a_percent_unit() -> None:
    metric = percent_estimate("sensitivity", 94.39, 90.41, 97.07, n=214)
    value = json.loads(to_value_json(metric, {}))
    assert value["unit"] == "%" and value["estimate"] == 94.39 and value["level"] == 95


def test_markdown_text_is_kept_as_markdown() -> None:
    card = next(c for c in CARDS if "**" in c.patient.texts[c.patient.default_language].what_it_means)
    xml = export_chai(card).decode("utf-8")
    words = card.patient.texts[card.patient.default_language].what_it_means
    assert etree.fromstring(xml.encode()).findtext(".//mc:PatientConsentOrDisclosure", namespaces=NS)
    assert words.split("**")[1] in xml and f"**{words.split('**')[1]}**" in xml


def test_single_values_for_monitoring_thresholds() -> None:
    card = next(c for c in CARDS if c.monitoring.metrics)  # real summaries state no monitored metric
    monitored = [
        v for _, v in _results(export_chai(card)) if v.get("gmlp", {}).get("row") == "monitoring_threshold"
    ]
    assert monitored and all(v["kind"] == "single" for v in monitored)
