"""Translations of patient text: as many items as the original, and the same numbers."""

from __future__ import annotations

from typing import Any

from check_cards import clean_data, codes, make_card

from gmlp_cards.checks import languages_findings


def with_korean(**changes: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["patient"]["texts"]["ko"] = (
            clean_data()["patient"]["texts"]["en"] | {"summary": "컴퓨터가 눈 뒤쪽 사진을 봅니다."} | changes
        )

    return edit


def test_a_faithful_translation_raises_nothing() -> None:
    assert languages_findings(make_card(with_korean())) == []


def test_a_translation_with_fewer_risks_is_flagged() -> None:
    def two_risks(data: dict[str, Any]) -> None:
        data["patient"]["texts"]["en"]["risks"].append("It can say there is harm when there is none.")

    findings = languages_findings(make_card(two_risks, with_korean()))
    assert [(f.code, f.field) for f in findings] == [("languages.items-differ", "patient.texts.ko.risks")]


def test_a_translation_quoting_other_numbers_is_flagged() -> None:
    frequencies = [
        {"outcome": "눈 손상이 있고 안과 진료를 권유받는 사람", "per_1000": 148},
        {"outcome": "눈 손상이 있지만 놓치는 사람", "per_1000": 16},
    ]
    assert codes(languages_findings(make_card(with_korean(natural_frequencies=frequencies)))) == [
        "languages.numbers-differ"
    ]
