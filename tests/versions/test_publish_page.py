"""AppTest of /publish: behind the desk login; checks, previews, diffs and publishes a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_support import open_page
from streamlit.testing.v1 import AppTest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.lock import read_lock
from gmlp_cards.cli.main import main
from gmlp_cards.concerns.access import hash_password
from gmlp_cards.ui.desk_auth import signed_in_state

from .conftest import REPO
from .test_publishing import fill_in

LUMEN = "lumen-cxr-triage"
USERS = {"alice": hash_password("correct horse battery staple", n=2**10)}


def open_publish(monkeypatch: pytest.MonkeyPatch, cards: Path, *, signed_in: bool = True) -> AppTest:
    monkeypatch.setenv("GMLP_CARDS_DIR", str(cards))
    monkeypatch.delenv("GMLP_CARDS_DESK_USERS", raising=False)
    signed = signed_in_state("alice")  # what a successful desk login leaves behind
    return open_page(
        "publish", timeout=90, secrets={"desk_users": USERS}, session_state=signed if signed_in else None
    )


def start_draft(cards: Path) -> Path:
    assert main(["new-version", LUMEN, "--cards", str(cards)]) == 0
    return cards / LUMEN / "1.2.0.yaml"


def test_without_login_the_page_shows_only_the_login(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    start_draft(locked_cards)
    at = open_publish(monkeypatch, locked_cards, signed_in=False)
    assert at.text_input(key="gc_login_user") is not None
    assert not [b for b in at.button if b.key == "gc_publish_go"]
    assert not at.selectbox and not at.tabs


def test_without_drafts_the_page_says_how_to_start_one(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    at = open_publish(monkeypatch, locked_cards)
    assert any("There is no draft to publish" in str(i.value) for i in at.info)


def test_a_draft_with_todos_is_previewed_but_cannot_be_published(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    start_draft(locked_cards)
    at = open_publish(monkeypatch, locked_cards)
    assert at.selectbox(key="gc_publish_draft").value == f"{LUMEN} 1.2.0"
    assert str(at.error[0].value) == "This draft cannot be published yet:"
    assert "placeholder left" in at.code[0].value and "TODO" in at.code[0].value
    assert [t.label for t in at.tabs] == ["Front of pack", "Back of pack", "Leaflet", "Evidence checks"]
    assert any(str(s.value) == "Differences from the latest published version, 1.1.0" for s in at.subheader)
    assert at.button(key="gc_publish_go").disabled


def test_a_finished_draft_is_published_from_the_page(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    fill_in(start_draft(locked_cards))
    at = open_publish(monkeypatch, locked_cards)
    assert any("passes every check" in str(s.value) for s in at.success)
    at = at.button(key="gc_publish_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(str(s.value).startswith(f"Published {LUMEN} 1.2.0") for s in at.success)
    assert read_lock(locked_cards).get(LUMEN, "1.2.0") is not None  # type: ignore[union-attr]
    assert Catalog.load(locked_cards).latest_version(LUMEN) == "1.2.0"


def test_the_maker_sees_the_evidence_checks_of_published_versions(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    at = open_publish(monkeypatch, locked_cards)
    box = at.selectbox(key="gc_publish_checks")
    assert f"{LUMEN} 1.1.0" in box.options  # every device, newest version first (here: the first device)
    box.select(f"{LUMEN} 1.1.0").run()
    tables = [e.value for e in at.get("dataframe")]
    items = next(t for t in tables if list(t.columns) == ["Item", "Status", "Detail"])
    assert len(items) == 12  # the principle-9 information items
    assert any("Flesch-Kincaid grade" in t.columns for t in tables)


def test_an_imported_chai_draft_is_marked_and_cannot_be_published(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    from gmlp_cards.formats.chai.importer import import_chai_file, write_draft

    source = REPO / "tests" / "fixtures" / "chai" / "examples" / "Aidoc_PE-03-RT.xml"
    result = import_chai_file(source)
    write_draft(result, locked_cards)
    at = open_publish(monkeypatch, locked_cards)
    shown = source.name.replace("_", "\\_")  # Markdown source: underscores escaped, shown as typed
    assert any("Imported draft" in str(w.value) and shown in str(w.value) for w in at.warning)
    assert [t.label for t in at.tabs] == ["Front of pack", "Back of pack", "Leaflet", "Evidence checks"]
    assert "missing in the CHAI applied model card" in at.code[0].value
    assert at.button(key="gc_publish_go").disabled


def test_a_new_device_is_started_from_the_page(monkeypatch: pytest.MonkeyPatch, locked_cards: Path) -> None:
    at = open_publish(monkeypatch, locked_cards)
    at.text_input(key="gc_new_device_id").input("acme-cxr")
    at = at.button(key="FormSubmitter:gc_publish_new_device-Start its first draft").click().run()
    assert not at.exception, [e.value for e in at.exception]
    draft = locked_cards / "acme-cxr" / "1.0.0.yaml"
    assert draft.is_file() and "TODO" in draft.read_text(encoding="utf-8")
    assert any(str(s.value).startswith("Started draft 1.0.0 of acme-cxr at") for s in at.success)
    assert at.selectbox(key="gc_publish_draft").value == "acme-cxr 1.0.0"  # previewed, with its TODOs


def test_a_device_id_that_exists_is_refused_and_kept(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    at = open_publish(monkeypatch, locked_cards)
    at.text_input(key="gc_new_device_id").input(LUMEN)
    at = at.button(key="FormSubmitter:gc_publish_new_device-Start its first draft").click().run()
    assert any("already exists" in str(e.value) for e in at.error)
    assert at.text_input(key="gc_new_device_id").value == LUMEN
    assert not (locked_cards / LUMEN / "1.0.0.yaml").read_text(encoding="utf-8").count("TODO")
