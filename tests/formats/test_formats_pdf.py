"""PDF export: a tier printed by Debian's Chromium, paginated, with text a PDF reader can extract."""

from __future__ import annotations

import io
import os
import unicodedata
from pathlib import Path

import pytest
from chai_support import CHAI_EXAMPLES, REPO
from demo_export import export_demo
from pypdf import PdfReader

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats.chai.importer import import_chai_file, write_draft
from gmlp_cards.formats.pdf import CHROMIUM, tier_pdf

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="Debian's chromium is not installed"
)


def _text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    # NFKC folds the ligatures Chromium's fonts use (ﬁ -> fi) so words compare as typed.
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))
    return len(reader.pages), " ".join(text.split())


@pytest.fixture(scope="module")
def cards() -> Catalog:
    return Catalog.load(REPO / "model_cards")


def test_leaflet_pdf_is_paginated_with_extractable_text_and_charts(cards: Catalog) -> None:
    device = sorted(cards.device_ids())[0]
    card = cards.latest(device)
    assert card is not None
    pages, text = _text(tier_pdf(cards, card, "leaflet"))
    assert pages > 1
    assert card.identity.device_name in text
    assert card.identity.manufacturer.name in text
    assert "confidence interval" in text.lower()  # a chart's axis title: the charts were drawn
    assert f"page 1 of {pages}" in text


def test_patient_pdf_has_the_plain_language_text(cards: Catalog) -> None:
    card = cards.latest(sorted(cards.device_ids())[0])
    assert card is not None
    words = card.patient.texts[card.patient.default_language]
    _, text = _text(tier_pdf(cards, card, "patient"))
    assert " ".join(words.summary.split())[:60] in text


def test_an_imported_draft_prints_with_its_banner(tmp_path: Path) -> None:
    write_draft(import_chai_file(CHAI_EXAMPLES[0]), tmp_path)
    catalog = Catalog.load(tmp_path)
    card = catalog.files[0].card
    assert card is not None
    _, text = _text(tier_pdf(catalog, card, "front"))
    assert "IMPORTED DRAFT" in text


def test_cli_writes_a_front_pdf(tmp_path: Path) -> None:
    target = tmp_path / "front.pdf"
    code = export_demo(target, "--to", "pdf", "--tier", "front")
    assert code == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert "DemoScreen DR" in _text(target.read_bytes())[1]


def test_printing_works_while_the_caller_runs_its_own_playwright_session() -> None:
    # A sync Playwright session leaves an asyncio loop on this thread; printing must not need it free.
    from playwright.sync_api import sync_playwright

    from gmlp_cards.formats.pdf import html_to_pdf

    with sync_playwright():
        assert html_to_pdf("<p>printed beside another session</p>").startswith(b"%PDF")
