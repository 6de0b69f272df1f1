"""The device page's format downloads and the imported-draft banner, rendered with AppTest."""

from __future__ import annotations

from pathlib import Path

from chai_support import CHAI_EXAMPLES, REPO
from streamlit.testing.v1 import AppTest

VALID = REPO / "tests" / "fixtures" / "cards" / "valid" / "demo-dr-screen" / "1.0.0.yaml"


def _downloads(card_path: str) -> None:
    from pathlib import Path

    from gmlp_cards.cards.loader import load_card
    from gmlp_cards.ui.formats import imported_draft_notice, render_downloads

    card = load_card(Path(card_path), expect_location=False).card
    imported_draft_notice(card)
    render_downloads(card, "back")


def test_render_downloads_offers_every_format() -> None:
    app = AppTest.from_function(_downloads, args=(str(VALID),)).run(timeout=30)
    assert not app.exception
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == [
        "CHAI model card (XML)",
        "HTI-1 source attributes (JSON)",
        "FHIR R4 Bundle (JSON)",
        "Back of pack (PDF)",
        "QR label (PNG)",
        "QR label (SVG)",
    ]
    assert not app.warning  # a card of ours is not an imported draft


def test_an_imported_draft_is_marked(tmp_path: Path) -> None:
    from gmlp_cards.formats.chai.importer import import_chai_file, write_draft

    path = write_draft(import_chai_file(CHAI_EXAMPLES[0]), tmp_path)
    app = AppTest.from_function(_downloads, args=(str(path),)).run(timeout=30)
    assert not app.exception
    # Markdown source: the file name's underscore is escaped, so it shows as typed.
    assert app.warning[0].value.startswith(r"Imported draft — converted from Aidoc\_AD-01.xml")
