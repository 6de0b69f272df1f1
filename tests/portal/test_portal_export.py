"""The HTML export is self-contained and inert; the JSON export round-trips through the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptest_tools import EXAMPLES_DIR, example_versions

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats.html import card_json, tier_document
from gmlp_cards.model import ModelCard
from gmlp_cards.render.safe_markdown import to_html
from gmlp_cards.tiers.facts import TIERS, version_facts


@pytest.fixture(scope="module")
def hostile(fixture_cards: Path) -> tuple[Catalog, ModelCard]:
    catalog = Catalog.load(fixture_cards)
    return catalog, catalog.card("hostile-test", "1.0.0")


@pytest.mark.parametrize("tier", TIERS)
def test_export_contains_the_intended_use_and_no_script_from_card_text(
    hostile: tuple[Catalog, ModelCard], tier: str
) -> None:
    catalog, card = hostile
    document = tier_document(card, tier, version_facts(catalog, card), catalog.history(card.device_id))
    assert document.startswith("<!DOCTYPE html>")
    if tier != "back":
        assert to_html(card.intended_use.summary) in document
    assert "<script>alert" not in document and "<iframe" not in document
    assert "<img src=x" not in document and 'href="javascript:' not in document
    assert "&lt;script&gt;alert" in document
    scripts = document.count("<script")
    if tier == "leaflet":
        # plotly.js once, plus one small drawing call per chart; none from the card.
        assert document.count('<script type="text/javascript" charset="utf-8">') == 1
        assert scripts >= 2
    else:
        assert scripts == 0


def test_export_report_link_carries_device_and_version(hostile: tuple[Catalog, ModelCard]) -> None:
    catalog, card = hostile
    document = tier_document(card, "front", version_facts(catalog, card), base_url="https://cards.example")
    assert 'href="https://cards.example/report?device=hostile-test&amp;version=1.0.0"' in document


def test_json_export_round_trips(hostile: tuple[Catalog, ModelCard]) -> None:
    _, card = hostile
    assert ModelCard.model_validate(json.loads(card_json(card))) == card


@pytest.mark.parametrize(("device", "version"), example_versions())
def test_every_example_exports_front_and_json(device: str, version: str) -> None:
    catalog = Catalog.load(EXAMPLES_DIR)
    card = catalog.card(device, version)
    document = tier_document(card, "front", version_facts(catalog, card))
    assert to_html(card.intended_use.summary) in document
    assert ModelCard.model_validate(json.loads(card_json(card))) == card
