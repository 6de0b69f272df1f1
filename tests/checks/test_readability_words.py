"""Plain words in patient text (issue 15): clinical abbreviations and rare words, by the wordfreq lists."""

from __future__ import annotations

from typing import Any

from check_cards import codes, make_card

from gmlp_cards.checks import readability_findings
from gmlp_cards.checks.readability_words import HardWord, hard_words, supported

ISSUE_15 = "Your eyes show moderate NPDR (ETDRS 35 to 47), so see an ophthalmologist."


def test_the_issues_jargon_is_found_as_two_abbreviations_and_a_rare_word() -> None:
    assert hard_words(ISSUE_15) == [
        HardWord("NPDR", "abbreviation"),
        HardWord("ETDRS", "abbreviation"),
        HardWord("ophthalmologist", "rare"),
    ]


def test_everyday_words_pass() -> None:
    assert hard_words("This test takes photos of the back of your eyes. A doctor checks every result.") == []


def test_a_clinical_abbreviation_is_found_in_small_letters_too() -> None:
    assert hard_words("The tool has a ppv of about one in three.") == [HardWord("ppv", "abbreviation")]


def test_the_device_and_maker_names_are_not_hard_words() -> None:
    assert (
        hard_words("RetinaScreen by Zentrix looks at your eyes.", names=["RetinaScreen DR", "Zentrix Ltd"])
        == []
    )


def test_a_plural_of_an_everyday_word_is_not_rare() -> None:
    # "growths" is below once in a million words; "growth" is common.
    assert hard_words("It finds small growths.") == []


def test_plain_words_are_checked_only_where_wordfreq_splits_the_language_itself() -> None:
    assert supported("en") and supported("en-GB") and supported("es")
    assert not supported("ko")  # Korean needs MeCab, one of wordfreq's extras


def test_the_readability_check_names_each_field_and_its_hard_words() -> None:
    def jargon(data: dict[str, Any]) -> None:
        data["patient"]["texts"]["en"]["summary"] = ISSUE_15

    findings = [f for f in readability_findings(make_card(jargon)) if f.code == "readability.hard-words"]
    assert codes(findings) == ["readability.hard-words"]
    assert findings[0].field == "patient.texts.en.summary"
    assert "abbreviations 'NPDR', 'ETDRS'" in findings[0].message
    assert "rare words 'ophthalmologist'" in findings[0].message
