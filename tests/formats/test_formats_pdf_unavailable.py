"""Without Chromium the app says why PDFs cannot be printed instead of offering a failing button."""

from pathlib import Path

import pytest
from apptest_support import MENU_OPEN, open_page

from gmlp_cards.formats import pdf

ROOT = Path(__file__).resolve().parents[2]


def test_missing_chromium_is_named_as_the_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "no-chromium")
    reason = pdf.unavailable_reason()
    assert reason is not None and "Chromium not found" in reason
    with pytest.raises(pdf.PdfError, match="Chromium not found"):
        pdf.html_to_pdf("<p>x</p>")


def test_device_page_hides_the_pdf_button_and_explains(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GMLP_CARDS_DIR", str(ROOT / "model_cards"))
    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "no-chromium")
    at = open_page("device", device="lumen-cxr-triage", session_state=MENU_OPEN)
    labels = [b.proto.label for b in at.get("download_button")]
    assert not any("PDF" in label for label in labels)
    assert any("PDF printing is not available" in c.value for c in at.caption)
