"""Pages against the fixture folder: broken files hidden, search and filters, withdrawn versions,
hostile text, language fallback, URL kept in step with the selectors, friendly not-found messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_support import headings, open_page, page_titles
from apptest_tools import all_text, dataframes, html_bodies, page_links, texts
from catalog_support import catalog_entries, entry_names
from portal_cards import SCRIPT

pytestmark = pytest.mark.usefixtures("fixture_catalog_env")


def test_catalog_hides_broken_cards_and_says_how_many_without_details() -> None:
    at = open_page("catalog")
    assert sorted(entry_names(at)) == sorted([f"Hostile {SCRIPT} Device", "Lumen Test Triage"])
    assert "1 card file could not be shown." in texts(at, "caption")
    assert "broken-test" not in all_text(at)
    assert "required field" not in all_text(at)


def test_catalog_search_narrows_the_list() -> None:
    at = open_page("catalog")
    at.text_input(key="catalog-search").input("hostile").run()
    assert entry_names(at) == [f"Hostile {SCRIPT} Device"]
    at.text_input(key="catalog-search").input("no such device anywhere").run()
    assert entry_names(at) == []
    assert any("No device matches" in t for t in texts(at, "info"))


def test_catalog_filters_narrow_the_list(fixture_cards: Path) -> None:
    at = open_page("catalog")
    at.multiselect(key="catalog-modality").select("Chest X-ray").run()
    assert len(entry_names(at)) == 2  # both fixture devices are chest X-ray
    at.text_input(key="catalog-search").input("Lumen").run()
    assert entry_names(at) == ["Lumen Test Triage"]
    assert "Showing 1 of 2 devices" in texts(at, "caption")


def test_catalog_entry_links_to_the_device_page_at_its_latest_version() -> None:
    at = open_page("catalog")
    lumen = next(e for e in catalog_entries(at) if e.name == "Lumen Test Triage")
    assert ("Open Lumen Test Triage", "/device?device=lumen-test&version=1.1.0&tier=front") in lumen.links


def test_withdrawn_version_is_readable_with_a_banner_naming_the_latest() -> None:
    at = open_page("device", device="lumen-test", version="1.0.1", tier="leaflet")
    assert any("withdrawn" in e.value for e in at.error)
    assert any(label == "Go to the latest version, 1.1.0" for _, label, _ in page_links(at))
    assert page_titles(at) == ["Lumen Test Triage 1.0.1"]


def test_old_version_shows_the_newer_version_banner() -> None:
    at = open_page("device", device="lumen-test", version="1.0.0")
    assert any("A newer version, 1.1.0" in w.value for w in at.warning)


def test_latest_version_is_the_default_and_written_to_the_url() -> None:
    at = open_page("device", device="lumen-test")
    assert page_titles(at) == ["Lumen Test Triage 1.1.0"]
    assert dict(at.query_params) == {"device": "lumen-test", "version": "1.1.0", "tier": "front"}
    assert not at.warning


def test_selectors_keep_the_url_in_step() -> None:
    at = open_page("device", device="lumen-test", tier="back")
    at.selectbox(key="version-lumen-test").select("1.0.0").run()
    assert at.query_params["version"] == "1.0.0"
    assert page_titles(at) == ["Lumen Test Triage 1.0.0"]
    at.button_group[0].set_value("leaflet").run()
    assert at.query_params["tier"] == "leaflet"
    assert at.query_params["version"] == "1.0.0"


def test_back_of_pack_counts_the_flagged_subgroups() -> None:
    # On sensitivity the fixture card has one weaker subgroup (site B) and one small one (80+);
    # the other four sit comfortably around the overall estimate and must not be flagged.
    at = open_page("device", device="lumen-test", tier="back")
    columns = ["Study", "Group", "Metric", "Why"]
    flagged = next(d for d in dataframes(at) if list(d.columns) == columns)
    sensitivity = flagged[flagged["Metric"] == "Sensitivity"]["Group"]
    assert {group.split(": ", 1)[1] for group in sensitivity} == {"site B", "80+"}


@pytest.mark.parametrize("tier", ["front", "back", "leaflet"])
def test_card_text_never_reaches_the_page_as_markup(tier: str) -> None:
    at = open_page("device", device="hostile-test", tier=tier, **{"all-sections": "true"})
    body = html_bodies(at)
    assert (
        "<script" not in body
        and "<iframe" not in body
        and "onerror=" not in body.replace("onerror=alert(1)&gt;", "")
    )
    assert "javascript:" not in body.replace("(javascript:alert(1))", "")
    assert "&lt;script&gt;" in body


def test_patient_view_falls_back_to_the_default_language_with_a_notice() -> None:
    at = open_page("patient", device="lumen-test", lang="ko")
    assert any("not available in 한국어" in i.value for i in at.info)
    assert at.query_params["lang"] == "en"
    assert "A computer program looks at your chest X-ray first." in html_bodies(at)


@pytest.mark.parametrize(
    ("page", "params", "message"),
    [
        ("device", {"device": "no-such-device"}, "no published card for the device"),
        ("device", {"device": "lumen-test", "version": "9.9.9"}, "no published card version “9.9.9”"),
        ("device", {"device": "broken-test"}, "no published card for the device"),
        ("patient", {"device": "lumen-test", "version": "0.0.1"}, "no published card version"),
        ("compare", {"device": "lumen-test", "from": "0.0.1"}, "no published card version"),
    ],
)
def test_unknown_device_or_version_gets_a_friendly_message(
    page: str, params: dict[str, str], message: str
) -> None:
    at = open_page(page, **params)
    assert at.title[0].value in ("Card not found", "Information not found")
    assert any(message in i.value for i in at.info)
    links = page_links(at)
    assert any(label == "Browse all devices" for _, label, _ in links)
    if params.get("device") == "lumen-test":
        assert any("version=1.1.0" in qs for _, _, qs in links)


def test_compare_defaults_to_latest_against_the_version_before() -> None:
    at = open_page("compare", device="lumen-test")
    assert dict(at.query_params) == {"device": "lumen-test", "from": "1.0.1", "to": "1.1.0"}
    assert "Change notice 1.0.1 → 1.1.0" in headings(at, 3)
