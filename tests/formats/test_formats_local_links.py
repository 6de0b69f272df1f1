"""A shared document whose links lead only to the portal's own machine says so on its first page."""

from __future__ import annotations

import io
import os
import unicodedata

import pytest
from chai_support import REPO
from pypdf import PdfReader

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats.pdf import CHROMIUM, tier_html, tier_pdf

NOTICE = "Not for distribution: its links point to http://localhost:8501"


@pytest.fixture(scope="module")
def cards() -> Catalog:
    return Catalog.load(REPO / "model_cards")


@pytest.mark.parametrize("tier", ["front", "back", "leaflet", "patient"])
def test_every_tier_names_a_localhost_base(
    cards: Catalog, tier: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GMLP_CARDS_BASE_URL", raising=False)  # the embedded default: localhost
    card = cards.latest("lumen-cxr-triage")
    assert card is not None
    document = tier_html(cards, card, tier)
    body = document.index("<body")
    assert document.index(NOTICE) > body  # inside the body, before the card's own content
    assert document.index(NOTICE) < document.index(card.identity.device_name, body)


def test_a_public_base_prints_no_notice(cards: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GMLP_CARDS_BASE_URL", "https://cards.example.org")
    card = cards.latest("lumen-cxr-triage")
    assert card is not None
    assert "Not for distribution" not in tier_html(cards, card, "front")
    assert "Not for distribution" not in tier_html(cards, card, "patient")


@pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="Debian's chromium is not installed"
)
def test_the_notice_is_on_the_first_printed_page(cards: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GMLP_CARDS_BASE_URL", raising=False)
    card = cards.latest("lumen-cxr-triage")
    assert card is not None
    first = PdfReader(io.BytesIO(tier_pdf(cards, card, "front"))).pages[0].extract_text()
    assert "Not for distribution" in " ".join(unicodedata.normalize("NFKC", first).split())
