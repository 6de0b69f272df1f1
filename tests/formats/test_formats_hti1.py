"""HTI-1: all 31 predictive DSI source attributes, in the rule's nine groups, filled or 'not provided'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chai_support import CHAI_EXAMPLES, card_id, example_cards
from demo_export import export_demo

from gmlp_cards.formats.chai.importer import import_chai_file
from gmlp_cards.formats.hti1 import NOT_PROVIDED, hti1_attributes
from gmlp_cards.model import ModelCard

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
        assert row["provided"] == (row["value"] != NOT_PROVIDED)
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


def test_what_our_card_format_cannot_say_is_marked_not_provided() -> None:
    card = example_cards()[0]
    rows = {a["id"]: a for g in hti1_attributes(card)["groups"] for a in g["attributes"]}
    for missing in (
        "funding",
        "training_criteria",
        "demographic_inputs",
        "fairness_monitoring",
        "local_fairness",
    ):
        assert rows[missing]["value"] == NOT_PROVIDED and rows[missing]["card_fields"] == []


def test_an_imported_draft_still_lists_all_31() -> None:
    card = import_chai_file(CHAI_EXAMPLES[0]).card
    assert hti1_attributes(card)["summary"]["attributes"] == 31


def test_cli_writes_hti1_json(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code = export_demo(target, "--to", "hti1-json")
    assert code == 0
    assert json.loads(target.read_text())["summary"]["attributes"] == 31
