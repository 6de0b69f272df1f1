"""The catalog page at scale (issue 17): a page of entries is one sanitised HTML element with plain
links, and the listing searches the search text it keeps per row."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from apptest_support import open_page
from catalog_support import entries_in, entry_names
from portal_cards import SCRIPT, write_fixture_catalog

from benchmarks.make_catalog import write_catalog
from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.listing import CatalogRow, filter_rows, listing
from gmlp_cards.model import Status
from gmlp_cards.ui.catalog import entries_html

TRANSCRIBED = CatalogRow(
    device_id="scan & co",
    name="Scan <b>Pro</b>",
    maker="Maker & Sons",
    modality="CT",
    clinical_area="Neurology",
    intended_users=("Neurologists",),
    regulatory=("US De Novo: granted (DEN000000)",),
    regulatory_statuses=("granted",),
    version="2.0.0",
    release_date=dt.date(2025, 3, 4),
    status=Status.published,
    fictional=False,
    summary="Finds bleeds.",
    transcription="Transcribed by <i>us</i> from the FDA decision.",
)


def test_the_page_of_entries_is_one_html_element_without_page_links(fixture_catalog_env: Path) -> None:
    at = open_page("catalog")
    assert len(at.get("html")) == 1
    assert list(at.get("page_link")) == []
    assert sorted(entry_names(at)) == sorted([f"Hostile {SCRIPT} Device", "Lumen Test Triage"])


def test_card_text_in_an_entry_is_escaped_and_shown_as_typed(fixture_catalog_env: Path) -> None:
    body = open_page("catalog").get("html")[0].proto.body
    assert "<script>" not in body
    assert "Hostile &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Device" in body
    (hostile,) = [e for e in entries_in(body) if e.name.startswith("Hostile")]
    assert (
        f"Open Hostile {SCRIPT} Device",
        "/device?device=hostile-test&version=1.0.0&tier=front",
    ) in hostile.links
    assert not any(href.startswith("javascript:") for _, href in hostile.links)


def test_an_entry_links_under_the_server_path_and_keeps_its_notes() -> None:
    (entry,) = entries_in(entries_html([TRANSCRIBED], "/cards"))
    assert entry.name == "Scan <b>Pro</b>"
    assert entry.badges == []  # a real device: no "fictional" badge
    assert entry.notes == ["Not issued by the manufacturer. Transcribed by <i>us</i> from the FDA decision."]
    assert entry.links == [
        ("Open Scan <b>Pro</b>", "/cards/device?device=scan+%26+co&version=2.0.0&tier=front")
    ]


def test_the_listing_keeps_search_text_facets_and_the_hidden_count(tmp_path: Path) -> None:
    found = listing(Catalog.load(write_fixture_catalog(tmp_path)))
    assert [r.device_id for r in found.rows] == ["hostile-test", "lumen-test"]
    assert found.haystacks[1] == (
        "lumen-test lumen test triage example imaging ltd chest x-ray radiology flags adult chest "
        "x-rays that may show a pneumothorax. radiologists us 510(k): cleared (k000000)"
    )
    assert found.facets.modalities == ("Chest X-ray",)
    assert found.hidden == 1


@pytest.mark.parametrize(
    ("text", "filters", "expected"),
    [
        ("", {}, ["hostile-test", "lumen-test"]),
        ("LUMEN  pneumothorax", {}, ["lumen-test"]),
        ("example imaging", {"modalities": ["Chest X-ray"]}, ["hostile-test", "lumen-test"]),
        ("", {"modalities": ["MRI"]}, []),
        (
            "",
            {"intended_users": ["Radiologists", "Nurses"], "regulatory_statuses": ["cleared"]},
            ["hostile-test", "lumen-test"],
        ),
        ("", {"clinical_areas": ["Cardiology"]}, []),
        ("triage", {"regulatory_statuses": ["granted"]}, []),
    ],
)
def test_a_listing_is_searched_by_every_word_and_every_filter(
    tmp_path: Path, text: str, filters: dict[str, list[str]], expected: list[str]
) -> None:
    found = listing(Catalog.load(write_fixture_catalog(tmp_path)))
    assert [r.device_id for r in filter_rows(found, text, **filters)] == expected


def test_a_remembered_entry_follows_the_image_hosts_the_operator_allows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pictured = dataclasses.replace(TRANSCRIBED, summary="![scan](https://img.example.org/scan.png)")
    monkeypatch.delenv("GMLP_CARDS_IMAGE_HOSTS", raising=False)
    assert "<img" not in entries_html([pictured], "")
    monkeypatch.setenv("GMLP_CARDS_IMAGE_HOSTS", "img.example.org")
    assert '<img src="https://img.example.org/scan.png" alt="scan"' in entries_html([pictured], "")
    monkeypatch.delenv("GMLP_CARDS_IMAGE_HOSTS")
    assert "<img" not in entries_html([pictured], "")


def test_a_page_lists_twenty_entries_and_show_more_adds_twenty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_catalog(tmp_path, devices=25, versions=1)
    monkeypatch.setenv("GMLP_CARDS_DIR", str(tmp_path))
    at = open_page("catalog", timeout=120)
    assert len(entry_names(at)) == 20
    assert "Showing 25 of 25 devices" in [c.value for c in at.caption]
    assert "Listed the first 20 of 25 matching devices." in [c.value for c in at.caption]
    at.button(key="catalog-more").click().run()
    assert len(entry_names(at)) == 25
    assert len(at.get("html")) == 1  # still one element for every entry shown
