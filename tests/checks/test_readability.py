"""Readability of patient text: English scored and gated at grade 8; other languages noted, not scored."""

from __future__ import annotations

from typing import Any

import pytest
from check_cards import clean_data, codes, make_card

from gmlp_cards.checks import TARGET_GRADE, readability_findings, readability_scores
from gmlp_cards.checks.readability import score
from gmlp_cards.model import ModelCard

HARD = (
    "The algorithm quantifies microvascular abnormalities indicative of referable diabetic "
    "retinopathy, facilitating expeditious ophthalmological consultation."
)


def test_clean_card_reads_at_grade_8_or_lower(clean_card: ModelCard) -> None:
    assert readability_findings(clean_card) == []
    assert all(s.grade <= TARGET_GRADE for s in readability_scores(clean_card))


def test_every_english_field_is_scored_with_two_formulas(clean_card: ModelCard) -> None:
    scores = readability_scores(clean_card)
    assert [s.field for s in scores] == ["summary", "what_it_means", "benefits", "risks", "talk_to_clinician"]
    assert all(s.dale_chall > 0 for s in scores if s.field == "summary")


def test_hard_field_is_flagged_with_its_score() -> None:
    def hard(data: dict[str, Any]) -> None:
        data["patient"]["texts"]["en"]["what_it_means"] = HARD

    findings = readability_findings(make_card(hard))
    # Its long words are rare words too (tests/checks/test_readability_words.py).
    assert codes(findings) == ["readability.above-target", "readability.hard-words"]
    assert findings[0].field == "patient.texts.en.what_it_means"
    assert f"grade {score(HARD).grade:.1f}" in findings[0].message and "Dale-Chall" in findings[0].message


def test_non_english_text_is_noted_as_not_scored() -> None:
    def korean(data: dict[str, Any]) -> None:
        data["patient"]["texts"]["ko"] = clean_data()["patient"]["texts"]["en"] | {
            "summary": "컴퓨터가 눈 뒤쪽 사진을 보고 당뇨병으로 인한 손상이 있는지 확인합니다."
        }

    card = make_card(korean)
    findings = readability_findings(card)
    assert [(f.code, f.level.value, f.field) for f in findings] == [
        ("readability.not-scored", "note", "patient.texts.ko")
    ]
    assert "English only" in findings[0].message
    assert {s.language for s in readability_scores(card)} == {"en"}


def test_scoring_never_downloads_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("readability scoring tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert score("You will see an eye doctor soon.").grade < TARGET_GRADE
