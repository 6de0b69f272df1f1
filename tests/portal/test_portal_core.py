"""Pure portal helpers: catalog listing and filters, derived evidence, version facts, languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.listing import catalog_rows, filter_rows, hidden_file_count, lookup
from gmlp_cards.evidence import results
from gmlp_cards.evidence.patient_facts import choose_language
from gmlp_cards.tiers.facts import TIERS, notices_between, version_facts
from gmlp_cards.tiers.pages import page_title, tier_blocks
from gmlp_cards.tiers.patient_words import STRINGS, text


@pytest.fixture(scope="module")
def catalog(fixture_cards: Path) -> Catalog:
    return Catalog.load(fixture_cards)


def test_listing_shows_public_devices_and_counts_broken_files(catalog: Catalog) -> None:
    assert [r.device_id for r in catalog_rows(catalog)] == ["hostile-test", "lumen-test"]
    assert hidden_file_count(catalog) == 1


def test_filters_combine_and_text_matches_every_word(catalog: Catalog) -> None:
    rows = catalog_rows(catalog)
    assert [r.device_id for r in filter_rows(rows, "example imaging lumen")] == ["lumen-test"]
    assert filter_rows(rows, modalities=["MRI"]) == []
    assert len(filter_rows(rows, intended_users=["Radiologists"], regulatory_statuses=["cleared"])) == 2


def test_endpoints_are_judged_from_the_numbers(catalog: Catalog) -> None:
    study = catalog.card("lumen-test", "1.1.0").performance.primary
    verdicts = {r.metric: r.verdict for r in results.endpoint_results(study)}
    # sensitivity lower bound 0.851 >= 0.80; specificity lower bound 0.883 < 0.95
    assert verdicts == {"Sensitivity": "met", "Specificity": "not met"}


def test_version_facts_know_withdrawn_and_newer_versions(catalog: Catalog) -> None:
    old = version_facts(catalog, catalog.card("lumen-test", "1.0.0"))
    assert (old.latest, old.is_latest, old.newer_published) == ("1.1.0", False, ("1.1.0",))
    assert version_facts(catalog, catalog.card("lumen-test", "1.0.1")).withdrawn


def test_notices_between_take_versions_after_the_older_up_to_the_newer(catalog: Catalog) -> None:
    history = catalog.history("lumen-test")
    assert [c.version for c in notices_between(history, "1.0.0", "1.1.0")] == ["1.0.1", "1.1.0"]
    assert [c.version for c in notices_between(history, "1.1.0", "1.0.1")] == ["1.1.0"]


def test_lookup_explains_what_is_missing(catalog: Catalog) -> None:
    assert lookup(catalog, "lumen-test", None).card.version == "1.1.0"
    missing = lookup(catalog, "lumen-test", "2.0.0")
    assert missing.card is None and missing.latest == "1.1.0" and "2.0.0" in missing.problem
    assert lookup(catalog, "broken-test", None).card is None


def test_language_choice_falls_back_to_the_default(catalog: Catalog) -> None:
    info = catalog.card("lumen-test", "1.1.0").patient
    assert choose_language(info, "ko").shown == "en" and choose_language(info, "ko").fell_back
    assert not choose_language(info, "en-GB").fell_back
    assert not choose_language(info, None).fell_back


def test_patient_strings_fall_back_to_english_per_key() -> None:
    STRINGS["xx"] = {"title": "XX {device}"}
    try:
        assert text("xx", "title", device="D") == "XX D"
        assert text("xx", "benefits") == STRINGS["en"]["benefits"]
    finally:
        del STRINGS["xx"]


def test_page_title_names_device_version_and_tier(catalog: Catalog) -> None:
    card = catalog.card("lumen-test", "1.1.0")
    assert page_title(card, "leaflet") == "Lumen Test Triage 1.1.0 — Leaflet · GMLP Cards"


def test_unknown_tier_is_an_error(catalog: Catalog) -> None:
    card = catalog.card("lumen-test", "1.1.0")
    with pytest.raises(ValueError, match="unknown tier"):
        tier_blocks(card, "poster", version_facts(catalog, card))
    assert TIERS == ("front", "back", "leaflet")


def test_regulatory_label_does_not_repeat_the_jurisdiction() -> None:
    from gmlp_cards.cards.summary import regulatory_label

    lumen = Catalog.load(Path(__file__).resolve().parents[2] / "model_cards").latest("lumen-cxr-triage")
    assert lumen is not None
    labels = regulatory_label(lumen)
    assert any(label.startswith("EU MDR: ") for label in labels), labels
    assert not any("EU EU" in label for label in labels)
