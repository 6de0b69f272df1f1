"""Markdown typed into a URL (or a card field) is shown as text, never as a link or an image.

Each page is opened the way an attacker's link would open it; every element that Streamlit reads as
Markdown is then parsed by an independent CommonMark parser (markdown-it's `commonmark` preset, not
the project's renderer) and must contain no link and no image, while still quoting what was typed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apptest_support import open_page
from apptest_tools import TEXT_ELEMENTS
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from gmlp_cards.cli.main import main
from gmlp_cards.concerns.access import hash_password
from gmlp_cards.ui.desk_auth import signed_in_state

ROOT = Path(__file__).resolve().parents[2]
LUMEN = "lumen-cxr-triage"
LINK = "[Your session expired - log in again](http://evil.example)"
IMAGE = "![x](http://evil.example/t.png)"
# What a reader must see literally: the brackets backslash-escaped, written out by hand here, and
# an invisible word joiner (U+2060) inside the bare address so that it is not linked either.
WJ = "\u2060"
LINK_ESCAPED = r"\[Your session expired - log in again\](http" + WJ + "://evil.example)"
IMAGE_ESCAPED = r"!\[x\](http" + WJ + "://evil.example/t.png)"
MARKDOWN_ELEMENTS = TEXT_ELEMENTS


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """The shipped example cards and their lock, in a folder the test may change."""
    return Path(shutil.copytree(ROOT / "model_cards", tmp_path / "model_cards"))


def markdown_sources(at: AppTest) -> list[str]:
    """The Markdown source of every element that Streamlit renders as Markdown, labels included."""
    sources = [str(e.value) for kind in MARKDOWN_ELEMENTS for e in at.get(kind)]
    sources += [e.proto.label for e in at.get("page_link")]
    sources += [e.label for e in at.button]
    sources += [e.label for e in at.expander]
    sources += [e.label for e in at.tabs]
    return sources


def _tokens(source: str) -> Iterator[Any]:
    for token in MarkdownIt("commonmark").parse(source):
        yield token
        yield from token.children or ()


def links_and_images(at: AppTest) -> list[str]:
    """Sources in which a CommonMark parser finds a link or an image."""
    return [s for s in markdown_sources(at) if any(t.type in ("link_open", "image") for t in _tokens(s))]


def shows(at: AppTest, escaped: str) -> bool:
    return any(escaped in source for source in markdown_sources(at))


def test_the_oracle_sees_a_link_and_an_image_in_the_raw_payloads() -> None:
    # Guards the assertions below: unescaped, the payloads are a link and an image.
    assert any(t.type == "link_open" for t in _tokens(LINK))
    assert any(t.type == "image" for t in _tokens(IMAGE))
    assert not any(t.type in ("link_open", "image") for t in _tokens(LINK_ESCAPED + IMAGE_ESCAPED))


@pytest.mark.parametrize(
    ("page", "params", "quoted"),
    [
        pytest.param("device", {"device": LINK}, LINK_ESCAPED, id="device-device"),
        pytest.param("device", {"device": LUMEN, "version": IMAGE}, IMAGE_ESCAPED, id="device-version"),
        pytest.param("patient", {"device": LUMEN, "version": LINK}, LINK_ESCAPED, id="patient-version"),
        # "This information is not available in ...", quoting the language asked for.
        pytest.param("patient", {"device": LUMEN, "lang": LINK}, LINK_ESCAPED, id="patient-language"),
        pytest.param("compare", {"device": LUMEN, "from": IMAGE}, IMAGE_ESCAPED, id="compare-from"),
        pytest.param("compare", {"device": LUMEN, "to": LINK}, LINK_ESCAPED, id="compare-to"),
    ],
)
def test_a_page_quotes_an_unknown_query_value_as_text(page: str, params: dict[str, str], quoted: str) -> None:
    at = open_page(page, **params)
    assert shows(at, quoted)
    assert links_and_images(at) == []


USERS = {"alice": hash_password("correct horse battery staple", n=2**10)}


def hostile_import_draft(cards: Path) -> None:
    """A draft whose import record names a source file written as Markdown."""
    published = set((cards / LUMEN).glob("*.yaml"))
    assert main(["new-version", LUMEN, "--cards", str(cards)]) == 0
    (draft,) = set((cards / LUMEN).glob("*.yaml")) - published  # the next version after the latest
    text = draft.read_text(encoding="utf-8")
    provenance = (
        "  provenance:\n"
        "    source_format: CHAI applied model card v0.2\n"
        f"    source_file: '{LINK}{IMAGE}'\n"
        "    source_sha256: '0000'\n"
        "    imported_on: 2026-11-01\n"
    )
    draft.write_text(text.replace("identity:\n", "identity:\n" + provenance, 1), encoding="utf-8")


def test_publish_page_quotes_an_imported_source_file_name_as_text(
    monkeypatch: pytest.MonkeyPatch, cards: Path
) -> None:
    hostile_import_draft(cards)
    monkeypatch.setenv("GMLP_CARDS_DIR", str(cards))
    monkeypatch.delenv("GMLP_CARDS_DESK_USERS", raising=False)
    at = open_page(
        "publish", timeout=90, secrets={"desk_users": USERS}, session_state=signed_in_state("alice")
    )
    assert any(LINK_ESCAPED + IMAGE_ESCAPED in str(w.value) for w in at.warning)
    assert links_and_images(at) == []


def test_compare_title_quotes_a_device_name_written_as_markdown(
    monkeypatch: pytest.MonkeyPatch, cards: Path
) -> None:
    for path in (cards / LUMEN).glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("device_name: Lumen CXR Triage", f"device_name: '{IMAGE}'"), encoding="utf-8"
        )
    (cards / "cards.lock.json").unlink()  # the edit would otherwise (rightly) be flagged as tampering
    monkeypatch.setenv("GMLP_CARDS_DIR", str(cards))
    at = open_page("compare", device=LUMEN)
    assert any(str(t.value).startswith(IMAGE_ESCAPED) for t in at.title)
    assert links_and_images(at) == []
