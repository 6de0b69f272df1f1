"""The patient PDF, printed by Chromium and read back with pypdf: the banners, the icon array's words
and the "less is known" list the patient page shows are on paper too, in the page's order."""

from __future__ import annotations

import io
import os
import unicodedata
from pathlib import Path

import pytest
from apptest_tools import EXAMPLES_DIR
from pypdf import PdfReader

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats.pdf import CHROMIUM, tier_pdf

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="Debian's chromium is not installed"
)


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    # NFKC folds the ligatures Chromium's fonts use (ﬁ -> fi) so words compare as typed.
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))
    return " ".join(text.split())


def test_the_patient_pdf_has_the_banner_icon_words_and_less_known_list_in_page_order() -> None:
    catalog = Catalog.load(EXAMPLES_DIR)
    text = _text(tier_pdf(catalog, catalog.card("lumen-cxr-triage", "1.1.0"), "patient"))
    expected_in_order = [
        "Fictional example — this is not a real medical device",
        "What this tool does",
        "Out of 1,000 people like you",
        "Out of 1,000 people like you who have this test",
        "about 27 in 1,000 people: have the condition, and the tool finds it",
        "about 997 in 1,000 really do not have it",
        "Less is known for some people",
        "People like you if you are in this group: Asian (race)",
        "When to talk to your doctor or nurse",
        "Tell us about a problem with this tool",
    ]
    positions = [text.find(phrase) for phrase in expected_in_order]
    assert -1 not in positions, [p for p, at in zip(expected_in_order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    assert "out of 10 " not in text and "of every 100" not in text


def test_a_withdrawn_versions_patient_pdf_has_the_withdrawn_and_newer_banners(fixture_cards: Path) -> None:
    catalog = Catalog.load(fixture_cards)
    text = _text(tier_pdf(catalog, catalog.card("lumen-test", "1.0.1"), "patient"))
    assert "The maker has withdrawn this version of the information." in text
    assert "There is newer information about this tool. Read the newest information" in text
