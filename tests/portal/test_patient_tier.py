"""The patient view built once (gmlp_cards.tiers.patient): the page and the HTML the patient PDF is
printed from carry the same banners, sections and numbers, in the same order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from apptest_support import headings, open_page
from apptest_tools import EXAMPLES_DIR, page_links
from portal_cards import _row, base_card, write_card

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.evidence.icon_array import outcome_counts
from gmlp_cards.evidence.patient_facts import Language
from gmlp_cards.formats.chai.importer import import_chai_file, write_draft
from gmlp_cards.formats.pdf import tier_html
from gmlp_cards.render.blocks import Bullets, Heading, IconArray, Markdown, Table
from gmlp_cards.render.icon_array_svg import icon_array_svg
from gmlp_cards.tiers.facts import version_facts
from gmlp_cards.tiers.patient import patient_blocks

CHAI_EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "chai" / "examples" / "Aidoc_PTX-01.xml"

LUMEN_HEADINGS = [
    "What this tool does",
    "What the result means for me",
    "Possible benefits",
    "What can go wrong",
    "Out of 1,000 people like you",
    "Out of 1,000 people like you who have this test",
    "Less is known for some people",
    "When to talk to your doctor or nurse",
]
RETINA_KO_HEADINGS = [
    "이 도구가 하는 일",
    "결과가 저에게 의미하는 것",
    "기대할 수 있는 도움",
    "생길 수 있는 문제",
    "나와 같은 사람 1,000명 중",
    "이 검사를 받는 나와 같은 사람 1,000명 중",
    "일부 사람들에 대해서는 알려진 것이 적습니다",
    "의사나 간호사와 상의해야 할 때",
]


@pytest.fixture(scope="module")
def examples() -> Catalog:
    return Catalog.load(EXAMPLES_DIR)


@pytest.fixture(scope="module")
def fixtures(fixture_cards: Path) -> Catalog:
    return Catalog.load(fixture_cards)


def _body(document: str) -> str:
    return document[document.index("<body") :]


def _html_headings(document: str) -> list[str]:
    return re.findall(r"<h[23](?: id=\"[^\"]*\")?>(.*?)</h[23]>", _body(document))  # sections have anchors


def test_page_and_pdf_carry_the_same_headings_in_the_same_order(
    examples: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GMLP_CARDS_DIR", str(EXAMPLES_DIR))
    card = examples.card("lumen-cxr-triage", "1.1.0")
    assert _html_headings(tier_html(examples, card, "patient")) == LUMEN_HEADINGS
    at = open_page("patient", device="lumen-cxr-triage", version="1.1.0")
    assert headings(at) == LUMEN_HEADINGS


def test_page_and_pdf_in_korean_carry_the_same_korean_headings(
    examples: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GMLP_CARDS_DIR", str(EXAMPLES_DIR))
    card = examples.card("retina-dr-screen", "2.0.0")
    document = tier_html(examples, card, "patient", lang="ko")
    assert _html_headings(document) == RETINA_KO_HEADINGS
    assert document.startswith('<!DOCTYPE html>\n<html lang="ko">')
    at = open_page("patient", device="retina-dr-screen", version="2.0.0", lang="ko")
    assert headings(at) == RETINA_KO_HEADINGS
    # Streamlit owns the page's <html lang>; the card's words at least say which language they are.
    # Each element's card text sits in one <div lang="ko">, a run of text blocks in the same one.
    summary = next(e.proto.body for e in at.get("html") if '<div class="gc-md"><p>이 검사는' in e.proto.body)
    assert re.search(r'^(<style>.*?</style>)?<div lang="ko">.*</div>$', summary, flags=re.DOTALL)


def test_the_patient_pdf_html_carries_what_the_page_shows(examples: Catalog) -> None:
    body = _body(tier_html(examples, examples.card("lumen-cxr-triage", "1.1.0"), "patient"))
    assert '<span class="badge">Fictional example — this is not a real medical device</span>' in body
    assert '<h2 id="less-is-known-for-some-people">Less is known for some people</h2>' in body
    assert "<li><p>People like you if you are in this group: <strong>Asian</strong> (race)</p>" in body
    # The icon array's text equivalent, and its picture as inline SVG (no script, nothing fetched).
    assert "<strong>about 27 in 1,000</strong> people: have the condition, and the tool finds it" in body
    assert '<figure class="icons"><svg xmlns="http://www.w3.org/2000/svg" role="img"' in body
    assert "<script" not in body
    assert "Tell us about a problem with this tool</a>: " in body
    assert "Information for health professionals</a>: " in body


def test_a_withdrawn_versions_patient_pdf_says_so_and_points_to_the_newest(fixtures: Catalog) -> None:
    body = _body(tier_html(fixtures, fixtures.card("lumen-test", "1.0.1"), "patient"))
    assert '<div class="notice error">The maker has withdrawn this version of the information.</div>' in body
    assert "There is newer information about this tool." in body
    assert "/patient?device=lumen-test&amp;version=1.1.0&amp;lang=en" in body


def test_an_old_versions_patient_pdf_says_newer_information_exists(fixtures: Catalog) -> None:
    old = _body(tier_html(fixtures, fixtures.card("lumen-test", "1.0.0"), "patient"))
    assert '<div class="notice warning">There is newer information about this tool. <a href=' in old
    assert "withdrawn" not in old
    latest = _body(tier_html(fixtures, fixtures.card("lumen-test", "1.1.0"), "patient"))
    assert "There is newer information" not in latest


@pytest.mark.usefixtures("fixture_catalog_env")
def test_the_page_links_an_old_version_to_the_newest_in_the_same_language() -> None:
    at = open_page("patient", device="lumen-test", version="1.0.0")
    link = ("patient", "Read the newest information", "device=lumen-test&version=1.1.0&lang=en")
    assert link in page_links(at)
    assert any(w.value == "There is newer information about this tool." for w in at.warning)


def test_an_imported_drafts_patient_pdf_says_it_is_not_published(tmp_path: Path) -> None:
    write_draft(import_chai_file(CHAI_EXAMPLE), tmp_path)
    catalog = Catalog.load(tmp_path)
    card = catalog.files[0].card
    assert card is not None and card.identity.provenance is not None
    body = _body(tier_html(catalog, card, "patient"))
    assert f"Imported draft from {card.identity.provenance.source_file}: this is not published" in body
    assert body.count("Imported draft") == 1  # the blocks say it; the printer adds no second banner


def test_the_icon_array_svg_draws_one_mark_per_person() -> None:
    counts = outcome_counts(0.9, 0.8, 0.1, 1000)  # 90 found, 10 missed, 180 flagged, 720 cleared
    labels = {"true_positive": "a", "false_negative": "b", "false_positive": "c", "true_negative": "d"}
    svg = icon_array_svg(counts, labels, "Out of 1,000 <people>")
    # Each outcome has one legend mark; filled circles (found) and open squares (cleared) by shape.
    assert svg.count("<circle") == 90 + 10 + 2
    assert svg.count("<path") == 180 + 1
    assert svg.count("<rect") == 720 + 1
    assert "<title>Out of 1,000 &lt;people&gt;</title>" in svg
    assert ">a: 90</text>" in svg and ">d: 720</text>" in svg


def test_a_page_whose_figures_are_all_whole_per_100_counts_per_100(tmp_path: Path) -> None:
    card_data = base_card("per-hundred", "1.0.0")
    # Sensitivity 0.8, specificity 0.95, prevalence 0.2: per 100, 16 found, 4 missed, 4 flagged
    # wrongly, 76 cleared; PPV 16/20 = 80 in 100, NPV 76/80 = 95 in 100.
    card_data["performance"]["studies"][0]["overall"] = _row(160, 40, 40, 760)
    card_data["patient"]["texts"]["en"]["natural_frequencies"] = [
        {"outcome": "with a collapsed lung are flagged", "per_1000": 160},
        {"outcome": "without one are flagged anyway", "per_1000": 40},
    ]
    write_card(tmp_path, card_data)
    catalog = Catalog.load(tmp_path)
    card = catalog.card("per-hundred", "1.0.0")
    blocks = patient_blocks(card, Language("en", None), version_facts(catalog, card))
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert "Out of 100 people like you" in headings
    assert "Out of 100 people like you who have this test" in headings
    icons = next(b for b in blocks if isinstance(b, IconArray))
    assert (icons.counts.total, icons.counts.true_positive, icons.counts.true_negative) == (100, 16, 76)
    words = "\n".join(
        [b.text for b in blocks if isinstance(b, Markdown)]
        + [i for b in blocks if isinstance(b, Bullets) for i in b.items]
    )
    assert "**about 16 in 100** people with a collapsed lung are flagged" in words
    assert "**about 4 in 100** people: have the condition, but the tool misses it" in words
    assert "who are not flagged, **about 95 in 100** really do not have it." in words
    assert "1,000" not in words
    table = next(b for b in blocks if isinstance(b, Table))
    assert list(table.frame["People out of 100"]) == [16, 4]
