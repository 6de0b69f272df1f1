"""HTI-1: all 31 predictive DSI source attributes, in the rule's nine groups, filled or 'not provided'."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from chai_support import CHAI_EXAMPLES, card_id, example_cards
from demo_export import export_demo
from pydantic import ValidationError

from gmlp_cards.formats.chai.importer import import_chai_file
from gmlp_cards.formats.hti1 import NOT_PROVIDED, hti1_attributes
from gmlp_cards.formats.hti1_fill import NOT_IN_SOURCE
from gmlp_cards.model import ModelCard
from gmlp_cards.render.blocks import Facts
from gmlp_cards.tiers.leaflet import data_blocks, monitoring_blocks

GROUPS = [
    "Details and output of the intervention",
    "Purpose of the intervention",
    "Cautioned out-of-scope use of the intervention",
    "Intervention development details and input features",
    "Process used to ensure fairness in development of the intervention",
    "External validation process",
    "Quantitative measures of performance",
    "Ongoing maintenance of intervention implementation and use",
    "Update and continued validation or fairness assessment schedule",
]
SIZES = [4, 4, 2, 4, 2, 4, 5, 4, 2]


@pytest.mark.parametrize("card", example_cards(), ids=card_id)
def test_all_31_attributes_in_the_rules_groups(card: ModelCard) -> None:
    attributes = hti1_attributes(card)
    assert [g["title"] for g in attributes["groups"]] == GROUPS
    assert [len(g["attributes"]) for g in attributes["groups"]] == SIZES
    rows = [a for g in attributes["groups"] for a in g["attributes"]]
    assert [a["number"] for a in rows] == list(range(1, 32))
    assert len({a["id"] for a in rows}) == 31
    for row in rows:
        assert row["value"].strip()
        assert row["provided"] == (row["value"] not in (NOT_PROVIDED, NOT_IN_SOURCE))
    assert attributes["summary"]["provided"] + attributes["summary"]["not_provided"] == 31


def test_values_come_from_the_card() -> None:
    card = next(c for c in example_cards() if c.device_id == "demo-dr-screen")
    rows = {a["id"]: a for g in hti1_attributes(card)["groups"] for a in g["attributes"]}
    assert rows["developer"]["value"].startswith("Example Medical Software Ltd; safety@example.org")
    assert rows["intended_use"]["value"] == card.intended_use.purpose
    assert rows["decision_role"]["value"] == "drive; autonomous"
    assert rows["output_type"]["value"] == "classification"
    assert (
        "Sensitivity 88% (95% CI 80.2% to 93%; Wilson score), n = 100" in rows["external_validity"]["value"]
    )
    assert "Sex female" in rows["external_fairness"]["value"]
    assert rows["funding"] == {**rows["funding"], "provided": False, "value": NOT_PROVIDED}


FIVE = ("funding", "training_criteria", "demographic_inputs", "fairness_monitoring", "local_fairness")
REPO = Path(__file__).resolve().parents[2]


def _rows(card: ModelCard) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for g in hti1_attributes(card)["groups"] for a in g["attributes"]}


def _quantx_with(data: dict[str, Any], monitoring: dict[str, Any], schema: int = 2) -> ModelCard:
    raw = yaml.safe_load((REPO / "model_cards" / "quantx" / "1.0.0.yaml").read_text(encoding="utf-8"))
    raw["schema_version"] = schema
    raw["data"].update(data)
    raw["monitoring"].update(monitoring)
    return ModelCard.model_validate(raw)


def test_a_maker_card_without_the_five_fields_says_not_provided() -> None:
    card = next(c for c in example_cards() if c.device_id == "demo-dr-screen")
    rows = _rows(card)
    for missing in FIVE:
        assert rows[missing]["value"] == "not provided"
        assert rows[missing]["provided"] is False


def test_a_transcribed_card_says_not_stated_in_the_source_for_what_it_lacks() -> None:
    card = next(c for c in example_cards() if c.device_id == "osteodetect")
    rows = _rows(card)
    for missing in FIVE:
        assert rows[missing]["value"] == "not stated in the source", missing
        assert rows[missing]["provided"] is False


def test_the_five_schema_2_fields_fill_their_attributes() -> None:
    card = _quantx_with(
        {
            "funding": "Internal research budget of the maker; no public grants.",
            "training_criteria": {
                "inclusion": ["Women aged 18 or over with a breast MRI"],
                "exclusion": ["Prior breast surgery", "Motion artefacts"],
            },
            "demographic_inputs": {"variables": ["age", "sex"], "detail": "Age in whole years."},
        },
        {
            "fairness_monitoring": "Sensitivity per age band every quarter.",
            "local_validation": "Each site reviews 100 of its own cases before go-live.",
        },
    )
    rows = _rows(card)
    assert rows["funding"]["value"] == "Internal research budget of the maker; no public grants."
    assert rows["funding"]["card_fields"] == ["data.funding"]
    assert rows["training_criteria"]["value"] == (
        "Inclusion:\n- Women aged 18 or over with a breast MRI\n"
        "Exclusion:\n- Prior breast surgery\n- Motion artefacts"
    )
    assert rows["demographic_inputs"]["value"] == "Input features: age, sex. Age in whole years."
    assert rows["fairness_monitoring"]["value"] == "Sensitivity per age band every quarter."
    assert rows["local_fairness"]["value"] == "Each site reviews 100 of its own cases before go-live."
    assert rows["local_validity"]["value"].endswith(
        "How a site checks it: Each site reviews 100 of its own cases before go-live."
    )
    assert all(rows[a]["provided"] for a in FIVE)


def test_no_demographic_input_and_not_stated_are_statements_too() -> None:
    card = _quantx_with(
        {
            "demographic_inputs": {"variables": []},
            "training_criteria": {"not_stated": "the decision summary gives no criteria"},
            "funding": {"not_stated": "the decision summary does not say"},
        },
        {"fairness_monitoring": {"not_stated": "no post-market plan is public"}},
    )
    rows = _rows(card)
    assert rows["demographic_inputs"]["value"] == "None of these variables is an input feature."
    assert rows["training_criteria"]["value"] == "not stated"
    assert rows["funding"]["value"] == "Not stated in the source: the decision summary does not say"
    assert rows["fairness_monitoring"]["value"] == "Not stated in the source: no post-market plan is public"


def test_schema_1_refuses_the_schema_2_fields() -> None:
    with pytest.raises(ValidationError, match="funding is a schema 2 field: set schema_version: 2"):
        _quantx_with({"funding": "A grant."}, {}, schema=1)
    with pytest.raises(ValidationError, match="local_validation is a schema 2 field"):
        _quantx_with({}, {"local_validation": "Check 100 cases."}, schema=1)


def test_monitoring_numbers_carry_their_scale_and_interval() -> None:
    card = next(c for c in example_cards() if c.device_id == "sepsis-sentinel" and c.version == "1.1.0")
    rows = _rows(card)
    assert "- Sensitivity: at least 65%, monthly" in rows["validity_monitoring"]["value"]
    assert rows["local_validity"]["value"].startswith(
        "- Period ending 2023-05-31: Sensitivity 70.6% (95% CI 58.9% to 80.1%), n = 68\n"
    )
    assert "at least 0.65" not in rows["validity_monitoring"]["value"]


def test_metric_explanations_go_into_the_export() -> None:
    card = next(c for c in example_cards() if c.device_id == "osteodetect")
    explained = [
        m.explanation_text for s in card.performance.studies for m in s.overall.metrics if m.explanation_text
    ]
    assert explained  # the card explains some of its primary numbers
    text = "\n".join(r["value"] for r in _rows(card).values())
    for explanation in explained:
        assert f"maker's note: {explanation}" in text


def test_an_imported_draft_still_lists_all_31() -> None:
    card = import_chai_file(CHAI_EXAMPLES[0]).card
    assert hti1_attributes(card)["summary"]["attributes"] == 31


def test_cli_writes_hti1_json(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code = export_demo(target, "--to", "hti1-json")
    assert code == 0
    assert json.loads(target.read_text())["summary"]["attributes"] == 31


def test_sepsis_sentinel_1_2_0_carries_all_five_and_lacks_only_external_validation() -> None:
    card = next(c for c in example_cards() if c.device_id == "sepsis-sentinel" and c.version == "1.2.0")
    rows = _rows(card)
    # Its one study includes a training site (Riverside), so nothing is external validation.
    assert [r["id"] for r in rows.values() if r["value"] == NOT_PROVIDED] == [
        "external_data_source",
        "external_tester",
        "external_process",
        "external_validity",
        "external_fairness",
    ]
    assert rows["funding"]["value"].startswith("Meridian Clinical Analytics (fictional) paid for development")
    assert rows["demographic_inputs"]["value"].startswith("Input features: age, date of birth. Age (computed")
    assert rows["training_criteria"]["value"].startswith(
        "Inclusion:\n- Adults (18 or over) admitted to a medical or surgical ICU at a development site"
    )
    assert rows["fairness_monitoring"]["value"].startswith("Every quarter each site's sensitivity")
    assert rows["local_fairness"]["value"].startswith("Before go-live, each site runs the device silently")


def _leaflet_facts(card: ModelCard) -> list[tuple[str, str]]:
    blocks = data_blocks(card) + monitoring_blocks(card)
    return [item for b in blocks if isinstance(b, Facts) for item in b.items]


def test_the_leaflet_shows_the_five_where_the_card_gives_them() -> None:
    card = next(c for c in example_cards() if c.device_id == "sepsis-sentinel" and c.version == "1.2.0")
    facts = dict(
        item for b in data_blocks(card) + monitoring_blocks(card) if isinstance(b, Facts) for item in b.items
    )
    assert facts["Funding"].startswith("Meridian Clinical Analytics (fictional) paid for development")
    assert facts["Training data criteria"].startswith("Inclusion:\n- Adults (18 or over)")
    assert facts["Demographic input features"].startswith("Input features: age, date of birth.")
    assert facts["Fairness monitoring"].startswith("Every quarter each site's sensitivity")
    assert facts["Local validation"].startswith("Before go-live, each site runs the device silently")
    older = next(c for c in example_cards() if c.device_id == "sepsis-sentinel" and c.version == "1.1.0")
    labels = {
        label
        for b in data_blocks(older) + monitoring_blocks(older)
        if isinstance(b, Facts)
        for label, _ in b.items
    }
    assert labels.isdisjoint({"Funding", "Training data criteria", "Fairness monitoring", "Local validation"})


def test_unreconciled_discrepancies_go_into_the_export_in_the_metrics_units() -> None:
    card = next(c for c in example_cards() if c.device_id == "dermasensor")
    text = "\n".join(r["value"] for r in _rows(card).values())
    assert (
        "248 of 600 is 41.3%. Reads are melanomas times readers. (unreconciled: estimate stated 43%, "
        "recomputed 41.33%)"
    ) in text
    assert "(unreconciled: estimate stated 10.8%, recomputed 10.45%)" in text


@pytest.mark.parametrize(
    ("device", "version"),
    [("retina-dr-screen", "2.1.0"), ("sepsis-sentinel", "1.2.0")],
)
def test_each_fictional_example_now_provides_the_five(device: str, version: str) -> None:
    card = next(c for c in example_cards() if c.device_id == device and c.version == version)
    assert card.identity.fictional and card.schema_version == 2
    rows = _rows(card)
    assert {a: rows[a]["provided"] for a in FIVE} == dict.fromkeys(FIVE, True)
