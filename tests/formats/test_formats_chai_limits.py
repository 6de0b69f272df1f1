"""CHAI import and export refuse what they cannot carry whole, in one line that says where; never
"internal error", never a silently shortened text."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from chai_support import FIXTURE_CHAI, REPO
from streamlit.testing.v1 import AppTest

from gmlp_cards.cards.loader import MAX_CARD_BYTES
from gmlp_cards.cli.main import main
from gmlp_cards.formats.chai.export import ChaiExportError, export_chai
from gmlp_cards.formats.chai.guard import MAX_CHAI_BYTES
from gmlp_cards.formats.chai.importer import (
    ChaiImportError,
    ImportResult,
    import_chai,
    import_chai_file,
    write_draft,
)
from gmlp_cards.model import ModelCard
from gmlp_cards.model.provenance import SourceText

EXAMPLE = FIXTURE_CHAI / "examples" / "Aidoc_AD-01.xml"
SOURCE = EXAMPLE.read_text(encoding="utf-8")
DEVELOPER = "<ModelDeveloper>Aidoc</ModelDeveloper>"
LUMEN = "lumen-cxr-triage"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def with_summary(text: str) -> str:
    old = re.search(r"<Summary>(.*?)</Summary>", SOURCE, re.S)
    assert old is not None
    return SOURCE.replace(old.group(1), text)


def run_cli(*argv: str) -> int:
    return main(list(argv), io.StringIO())


# --- import: text length ---------------------------------------------------------------------------


def test_a_text_over_the_card_text_limit_is_refused_naming_its_element_and_line() -> None:
    with pytest.raises(ChaiImportError) as refused:
        import_chai(with_summary("x" * 20_001).encode(), source_file="long.xml")
    line = line_of(SOURCE, "<Summary>")
    assert str(refused.value) == (
        f"long.xml: line {line}: ModelSummary/Summary has a text of 20,001 characters, over the 20,000 "
        "a card text holds; shorten it in the source (nothing is cut on import)"
    )


def test_a_text_of_exactly_the_limit_is_kept_whole() -> None:
    old = re.search(r"<GlobalAvailability>(.*?)</GlobalAvailability>", SOURCE)
    assert old is not None
    result = import_chai(SOURCE.replace(old.group(1), "y" * 20_000).encode(), source_file="edge.xml")
    kept = [u.text for u in result.unmapped if u.element == "ReleaseInfo/GlobalAvailability"]
    assert kept == ["y" * 20_000]


def test_the_cli_refuses_a_long_text_in_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "long.xml"
    source.write_text(with_summary("x" * 20_001), encoding="utf-8")
    assert run_cli("import", "chai", str(source), "-o", str(tmp_path / "drafts")) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" not in err and "ModelSummary/Summary" in err
    assert not (tmp_path / "drafts").exists()


# --- import: size ----------------------------------------------------------------------------------


def test_the_chai_size_limit_is_the_card_file_limit() -> None:
    assert MAX_CHAI_BYTES == MAX_CARD_BYTES == 2 * 1024 * 1024


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    with big.open("wb") as stream:  # 4.8 MB of zero bytes: parsing it would fail differently
        stream.truncate(4_800_000)
    with pytest.raises(ChaiImportError) as refused:
        import_chai_file(big)
    assert str(refused.value) == (
        f"{big}: 4,800,000 bytes is over the 2,097,152-byte limit for a CHAI file "
        "(the limit of a card file); not read"
    )


def test_bytes_over_the_size_limit_are_refused_by_import_chai_too() -> None:
    padded = SOURCE.encode() + b" " * (2 * 1024 * 1024)
    with pytest.raises(ChaiImportError, match="over the 2,097,152-byte limit"):
        import_chai(padded, source_file="padded.xml")


def test_the_cli_help_states_the_size_limit(capsys: pytest.CaptureFixture[str]) -> None:
    main(["import", "chai", "--help"], io.StringIO())  # main turns argparse's exit into a code
    help_text = " ".join(capsys.readouterr().out.split())
    assert (
        "Files over 2,097,152 bytes (the limit of a card file) are refused before they are read" in help_text
    )


def test_a_draft_over_the_card_file_limit_is_not_written(tmp_path: Path) -> None:
    result = import_chai_file(EXAMPLE)
    provenance = result.card.identity.provenance
    assert provenance is not None
    # 110 verbatim texts of 20,000 characters: each allowed, together over the card file limit.
    unmapped = [SourceText(element=f"Extra/Text{i}", text="z" * 20_000) for i in range(110)]
    identity = result.card.identity.model_copy(
        update={"provenance": provenance.model_copy(update={"unmapped": unmapped})}
    )
    huge = ImportResult(card=result.card.model_copy(update={"identity": identity}), source_file="huge.xml")
    with pytest.raises(
        ChaiImportError, match=r"huge.xml: the draft would be [\d,]+ bytes, over the 2,097,152-byte"
    ):
        write_draft(huge, tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- import: entities ------------------------------------------------------------------------------


def test_an_entity_declared_in_a_dtd_is_refused_not_cut() -> None:
    hostile = SOURCE.replace(
        "<AppliedModelCard", '<!DOCTYPE AppliedModelCard [<!ENTITY ent "Evil">]>\n<AppliedModelCard', 1
    )
    hostile = hostile.replace(DEVELOPER, "<ModelDeveloper>Aidoc &ent; Inc</ModelDeveloper>")
    with pytest.raises(ChaiImportError) as refused:
        import_chai(hostile.encode(), source_file="dtd.xml")
    line = line_of(hostile, "<ModelDeveloper>")
    assert str(refused.value) == (
        f"dtd.xml: line {line}: the entity reference &ent; in BasicInfo/ModelDeveloper is not allowed "
        "(entities are never expanded, so its text would be lost); write the text itself"
    )


def test_a_dtd_without_entity_references_is_refused() -> None:
    hostile = SOURCE.replace(
        "<AppliedModelCard", '<!DOCTYPE AppliedModelCard [<!ENTITY unused "x">]>\n<AppliedModelCard', 1
    )
    with pytest.raises(ChaiImportError, match=r"^dtd\.xml: a DOCTYPE with its own declarations"):
        import_chai(hostile.encode(), source_file="dtd.xml")


def test_an_undefined_entity_is_refused_with_its_line() -> None:
    hostile = SOURCE.replace(DEVELOPER, "<ModelDeveloper>Aidoc &ent; Inc</ModelDeveloper>")
    line = line_of(hostile, "<ModelDeveloper>")
    with pytest.raises(
        ChaiImportError, match=rf"^undefined.xml: line {line}: not well-formed XML: Entity 'ent' not defined"
    ):
        import_chai(hostile.encode(), source_file="undefined.xml")


def test_predefined_entities_and_character_references_are_read_as_their_characters() -> None:
    text = SOURCE.replace(DEVELOPER, "<ModelDeveloper>Aidoc &amp; Co &#65;&#x42;</ModelDeveloper>")
    result = import_chai(text.encode(), source_file="refs.xml")
    assert result.card.identity.manufacturer.name == "Aidoc & Co AB"


# --- export: characters XML cannot carry -----------------------------------------------------------


@pytest.fixture(scope="module")
def lumen() -> ModelCard:
    from gmlp_cards.cards.catalog import Catalog

    card = Catalog.load(REPO / "model_cards").card(LUMEN, "1.1.0")
    assert card is not None
    return card


def with_bell(card: ModelCard) -> ModelCard:
    """The card with U+0007 in its device name (model_copy: whatever the model accepts)."""
    identity = card.identity.model_copy(update={"device_name": "Lumen \x07 CXR Triage"})
    return card.model_copy(update={"identity": identity})


def test_export_refuses_a_control_character_naming_the_field(lumen: ModelCard) -> None:
    with pytest.raises(ChaiExportError) as refused:
        export_chai(with_bell(lumen))
    assert str(refused.value) == (
        "identity.device_name holds U+0007, a control character XML 1.0 cannot carry; "
        "remove it from the card to export CHAI XML"
    )


def test_export_keeps_tabs_and_newlines(lumen: ModelCard) -> None:
    identity = lumen.identity.model_copy(update={"device_name": "Lumen\tCXR\nTriage"})
    xml = export_chai(lumen.model_copy(update={"identity": identity}))
    assert b"Lumen\tCXR\nTriage" in xml


def test_the_cli_export_of_a_card_with_a_control_character_fails_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cards = Path(shutil.copytree(REPO / "model_cards", tmp_path / "cards"))
    (cards / "cards.lock.json").unlink()  # the edit is the point here, not tampering
    card = cards / LUMEN / "1.1.0.yaml"
    card.write_text(
        card.read_text(encoding="utf-8").replace(
            "device_name: Lumen CXR Triage", 'device_name: "Lumen \\a CXR"'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.xml"
    code = run_cli("export", LUMEN, "1.1.0", "--to", "chai-xml", "--cards", str(cards), "-o", str(out))
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "internal error" not in err
    assert not out.exists()


def _downloads_of_a_card_with_a_bell(card_path: str) -> None:
    from pathlib import Path

    from gmlp_cards.cards.loader import load_card
    from gmlp_cards.ui.formats import render_downloads

    card = load_card(Path(card_path), expect_location=False).card
    identity = card.identity.model_copy(update={"device_name": "Lumen \x07 CXR Triage"})
    render_downloads(card.model_copy(update={"identity": identity}), "front")


def test_the_device_page_says_why_it_offers_no_chai_xml_instead_of_a_failing_button() -> None:
    valid = REPO / "tests" / "fixtures" / "cards" / "valid" / "demo-dr-screen" / "1.0.0.yaml"
    app = AppTest.from_function(_downloads_of_a_card_with_a_bell, args=(str(valid),)).run(timeout=30)
    assert not app.exception
    assert "CHAI model card (XML)" not in [b.proto.label for b in app.get("download_button")]
    assert [str(c.value) for c in app.caption if "CHAI" in str(c.value)] == [
        "CHAI XML is not available for this card: identity.device\\_name holds U+0007, a control "
        "character XML 1.0 cannot carry; remove it from the card to export CHAI XML."
    ]
