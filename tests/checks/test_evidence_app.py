"""The derived cautions and coverage in the portal (AppTest): back of pack, leaflet, patient view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from apptest_support import open_page
from check_cards import add_subgroup, clean_data, estimate, subgroup, write_card
from streamlit.testing.v1 import AppTest

DEVICE = "clean-dr-screen"
WEAK = add_subgroup(subgroup("race", "Asian", estimate("sensitivity", 0.86, 0.81, 0.90)))


def korean(data: dict[str, Any]) -> None:
    data["patient"]["texts"]["ko"] = clean_data()["patient"]["texts"]["en"] | {
        "summary": "컴퓨터가 눈 뒤쪽 사진을 보고 당뇨병으로 인한 손상을 찾습니다."
    }


@pytest.fixture
def cards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_card(tmp_path, WEAK, korean)
    monkeypatch.setenv("GMLP_CARDS_DIR", str(tmp_path))
    return tmp_path


def shown(at: AppTest) -> str:
    """Everything the page shows as text: Markdown, headings, HTML, notices and table cells."""
    parts: list[str] = []
    for kind in ("markdown", "header", "subheader", "caption", "info", "warning", "html"):
        for element in at.get(kind):
            parts.append(str(getattr(element, "value", None) or getattr(element.proto, "body", "")))
    parts += [element.value.to_string() for element in at.get("dataframe")]
    parts += [section.label for section in at.expander]  # the leaflet's section titles
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("page", "query", "expected"),
    [
        (
            "device",
            {"tier": "back"},
            ["Subgroups with weaker or uncertain evidence", "86% against 92% overall"],
        ),
        (
            "device",
            {"tier": "leaflet", "all-sections": "true"},
            [
                "86% against 92% overall",
                "How well this card covers the ten GMLP principles",
                "12 of 12 items present",
            ],
        ),
        ("patient", {"lang": "en"}, ["Less is known for some people", "<strong>Asian</strong> (race)"]),
        # The Korean card text, and the interface's own words in Korean.
        (
            "patient",
            {"lang": "ko"},
            ["당뇨병으로 인한 손상을 찾습니다", "일부 사람들에 대해서는 알려진 것이 적습니다", "(인종)"],
        ),
    ],
    ids=[
        "back-of-pack-shows-the-derived-caution",
        "leaflet-shows-cautions-and-gmlp-coverage",
        "patient-view-says-less-is-known-for-the-flagged-group",
        "patient-view-in-korean-shows-korean-text-and-interface",
    ],
)
def test_the_views_show_the_derived_evidence(
    cards: Path, page: str, query: dict[str, str], expected: list[str]
) -> None:
    text = shown(open_page(page, device=DEVICE, version="1.0.0", **query))
    assert [phrase for phrase in expected if phrase not in text] == []


def test_language_selector_switches_the_text(cards: Path) -> None:
    at = open_page("patient", device=DEVICE, version="1.0.0", lang="en")
    assert "당뇨병으로" not in shown(at)
    at.button_group[0].set_value("ko").run()
    assert "당뇨병으로 인한 손상을 찾습니다" in shown(at)


def test_missing_translation_falls_back_to_english_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_card(tmp_path, WEAK)  # English only
    monkeypatch.setenv("GMLP_CARDS_DIR", str(tmp_path))
    at = open_page("patient", device=DEVICE, version="1.0.0", lang="ko")
    notice = "This information is not available in 한국어. It is shown in English."
    assert [i.value for i in at.info] == [notice]
    assert "It checks for harm from diabetes." in shown(at)
