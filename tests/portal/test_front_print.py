"""The front of pack prints on one A4 page for every example card (issue 15: it printed on two)."""

from __future__ import annotations

import io
import os
import unicodedata

import pytest
from apptest_tools import EXAMPLES_DIR, example_versions
from pypdf import PdfReader

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats.pdf import CHROMIUM, tier_pdf

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="Debian's chromium is not installed"
)

CATALOG = Catalog.load(EXAMPLES_DIR)


@pytest.mark.parametrize(("device", "version"), example_versions())
def test_the_front_of_pack_pdf_is_one_a4_page_with_the_glance_on_it(device: str, version: str) -> None:
    card = CATALOG.card(device, version)
    reader = PdfReader(io.BytesIO(tier_pdf(CATALOG, card, "front")))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert width == pytest.approx(595.3, abs=1.5) and height == pytest.approx(841.9, abs=1.5)  # A4, pt
    # NFKC folds the ligatures Chromium's fonts use (ﬁ -> fi); line breaks are folded to spaces.
    text = " ".join(unicodedata.normalize("NFKC", reader.pages[0].extract_text()).split())
    for label in ("Intended users", "Decision role", "Top warnings", "Headline result", "How it works"):
        assert label in text
    assert card.risks.top_warnings(1)[0].title in text
