"""The leaflet on screen (issues 15 and 17): its contents first, each section drawn only when chosen.

Its sections are the HTML leaflet's level-2 headings, in the same order; the contents are one
element (a choice of sections, however many the leaflet has); a section opens from the URL (so it
can be linked to) and "Open every section" draws them all. The change notice of the version shown
appears once, in the update history.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_support import headings, open_page
from apptest_tools import dataframes, table_captions

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats.html import tier_document
from gmlp_cards.tiers.facts import version_facts

ROOT = Path(__file__).resolve().parents[2]
CATALOG = Catalog.load(ROOT / "model_cards")
# Every section the leaflet of an example with a change notice has, as a reader sees them.
SECTIONS = [
    "Device and manufacturer",
    "Intended use",
    "Inputs",
    "Output and its basis",
    "Clinical performance",
    "Subgroups with weaker or uncertain evidence",
    "Training and test data",
    "Warnings, limitations and biases",
    "Monitoring after release",
    "Update history",
    "How well this card covers the ten GMLP principles",
    "Check the numbers for your setting",
]


def test_the_leaflet_opens_on_its_contents_and_draws_no_section_yet() -> None:
    at = open_page("device", device="lumen-cxr-triage", version="1.1.0", tier="leaflet")
    contents = at.button_group(key="sections")
    assert contents.options == SECTIONS and contents.value == []
    assert not at.expander  # the contents are one element, not an element per section
    assert not set(SECTIONS) & set(headings(at, 2))
    assert not at.get("plotly_chart") and not dataframes(at)  # no chart, no table drawn yet
    assert table_captions(at) == []


def test_a_section_opens_from_the_url_and_only_that_one_is_drawn() -> None:
    at = open_page(
        "device",
        device="lumen-cxr-triage",
        version="1.1.0",
        tier="leaflet",
        sections="Training and test data",
    )
    assert at.button_group(key="sections").value == ["training-and-test-data"]
    assert [h for h in headings(at, 2) if h in SECTIONS] == ["Training and test data"]
    captions = table_captions(at)
    assert "Datasets" in captions
    assert not any(c.startswith("Subgroup results") for c in captions)  # Clinical performance stays shut


def test_sections_chosen_in_any_order_are_drawn_in_the_leaflet_order() -> None:
    at = open_page("device", device="lumen-cxr-triage", version="1.1.0", tier="leaflet")
    at.button_group(key="sections").set_value(["update-history", "intended-use"]).run()
    assert [h for h in headings(at, 2) if h in SECTIONS] == ["Intended use", "Update history"]


def test_open_every_section_draws_every_chart_and_table_of_the_printable_leaflet() -> None:
    card = CATALOG.card("lumen-cxr-triage", "1.1.0")
    at = open_page("device", device="lumen-cxr-triage", version="1.1.0", tier="leaflet")
    at.toggle(key="all-sections").set_value(True).run()
    assert [h for h in headings(at, 2) if h in SECTIONS] == SECTIONS
    exported = tier_document(card, "leaflet", version_facts(CATALOG, card), CATALOG.history(card.device_id))
    # One <caption> per table in the file, as on screen.
    assert len(dataframes(at)) >= exported.count("<caption>")
    assert len(at.get("plotly_chart")) >= exported.count('class="chart"')


def test_the_change_notice_of_the_version_shown_appears_once() -> None:
    at = open_page(
        "device", device="lumen-cxr-triage", version="1.1.0", tier="leaflet", **{"all-sections": "true"}
    )
    shown = headings(at, 3)
    assert shown.count("Change notice 1.0.0 → 1.1.0") == 1
    assert "What changed in this version" not in shown


@pytest.mark.parametrize("tier", ["front", "back"])
def test_the_glance_tiers_still_end_with_what_changed(tier: str) -> None:
    at = open_page("device", device="lumen-cxr-triage", version="1.1.0", tier=tier)
    assert "What changed in this version" in headings(at, 3)
    assert not at.expander or all(e.label != "Update history" for e in at.expander)


def test_the_printable_leaflet_lists_its_sections_and_links_each_to_its_heading() -> None:
    card = CATALOG.card("lumen-cxr-triage", "1.1.0")
    page = tier_document(card, "leaflet", version_facts(CATALOG, card), CATALOG.history(card.device_id))
    assert '<nav class="contents" aria-label="Contents">' in page
    assert '<li><a href="#training-and-test-data">Training and test data</a></li>' in page
    assert '<h2 id="training-and-test-data">Training and test data</h2>' in page
    assert '<h2 id="update-history">Update history</h2>' in page
