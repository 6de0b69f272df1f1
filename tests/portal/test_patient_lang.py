"""The patient page marks its words with their language (issue 15: the Korean page was all `lang="en"`).

Streamlit fixes `<html lang="en">` and offers no setting for it; a script is not allowed. So the page's
own introduction and every card block are elements carrying `lang` themselves."""

from __future__ import annotations

import re

from apptest_support import open_page
from apptest_tools import html_bodies


def test_the_korean_patient_page_marks_its_introduction_and_the_cards_words_korean() -> None:
    at = open_page("patient", device="retina-dr-screen", version="2.1.0", lang="ko")
    body = html_bodies(at)
    assert '<p lang="ko">이 페이지는 진료에 쓰일 수 있는 컴퓨터 도구를 쉬운 말로 설명합니다.</p>' in body
    # Every element of card text is wrapped in its language; the card's Markdown is inside.
    blocks = re.findall(r'<div lang="(\w+)">', body)
    assert blocks and set(blocks) == {"ko"} and '<div class="gc-md">' in body


def test_the_english_patient_page_marks_its_introduction_english() -> None:
    at = open_page("patient", device="retina-dr-screen", version="2.1.0", lang="en")
    assert (
        '<p lang="en">This page explains, in plain words, a computer tool that may be used in your care.</p>'
        in html_bodies(at)
    )
