"""The shipped IMDRF terms: real codes with their words, and codes checked against the list."""

from __future__ import annotations

import re

import pytest

from gmlp_cards.concerns import imdrf


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("A11", "Computer Software Problem"),
        ("A1102", "Application Program Problem"),
        ("A110303", "Program or Algorithm Execution Failure"),
        ("A090803", "False Negative Result"),
        ("A090804", "False Positive Result"),
        ("A24", "Adverse Event Without Identified Device or Use Problem"),
        ("E2403", "No Clinical Signs, Symptoms or Conditions"),
        ("F04", "Delay to Diagnosis"),
        ("F13", "Misdiagnosis/ Misclassification"),
        ("F20", "Serious Public Health Threat"),
    ],
)
def test_a_shipped_code_has_the_imdrf_words(code: str, words: str) -> None:
    assert imdrf.term(code).term == words


def test_a_code_not_in_the_list_is_refused_by_name() -> None:
    with pytest.raises(imdrf.UnknownCode, match="'A0999'"):
        imdrf.term("A0999")


def test_checked_codes_drop_repeats_and_follow_the_list_order() -> None:
    assert imdrf.check_codes(["F13", "A090803", "A090803"]) == ("A090803", "F13")


def test_checking_names_every_unknown_code() -> None:
    with pytest.raises(imdrf.UnknownCode, match=r"'B01'.*'a11'"):
        imdrf.check_codes(["A11", "a11", "B01"])


def test_the_list_names_its_release() -> None:
    assert "release 2023" in imdrf.TERMINOLOGY


def test_codes_are_unique_and_shaped_like_imdrf_codes() -> None:
    codes = [t.code for t in imdrf.TERMS]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[AEF]\d{2}(\d{2}){0,2}", c) for c in codes)


def test_each_annex_of_the_three_is_shipped() -> None:
    assert {t.annex for t in imdrf.TERMS} == {"A", "E", "F"}
    assert imdrf.terms_of_annex("F")[0].code == "F02"


def test_the_desk_label_is_code_dash_term() -> None:
    assert imdrf.term("A090803").label == "A090803 - False Negative Result"


def test_a_stored_code_no_longer_shipped_is_kept_last() -> None:
    assert imdrf.in_list_order(["Z99", "F13", "A11"]) == ("A11", "F13", "Z99")
