"""A patient page in another language says what it could not translate (issue 15): the portal's menu
follows the page's language, and group names the card writes in its own language are marked so."""

from __future__ import annotations

import pytest
from apptest_support import ENGLISH_MENU, open_page
from apptest_tools import EXAMPLES_DIR, all_text
from google.protobuf.message import Message
from streamlit.testing.v1 import local_script_runner

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.checks import less_known_groups

DEVICE, VERSION = "retina-dr-screen", "2.1.0"  # an example with Korean patient text
KOREAN_MENU = [
    "기기 목록",
    "기기 정보",
    "환자를 위한 안내",
    "버전 비교",
    "문제 알리기",
    "제조사 데스크",
    "버전 게시",
]
UNTRANSLATED = "집단 이름은 번역하지 않고 카드에 적힌 그대로 표시합니다."


@pytest.fixture
def menus(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The page names of every navigation message the pages opened in the test send."""
    found: list[list[str]] = []
    parse = local_script_runner.parse_tree_from_messages

    def keep(msgs: list[Message]):  # type: ignore[no-untyped-def]
        found.extend([p.page_name for p in m.navigation.app_pages] for m in msgs if m.HasField("navigation"))
        return parse(msgs)

    monkeypatch.setattr(local_script_runner, "parse_tree_from_messages", keep)
    return found


def test_the_korean_patient_page_names_the_menu_in_korean(menus: list[list[str]]) -> None:
    open_page("patient", device=DEVICE, version=VERSION, lang="ko")
    assert menus and menus[-1] == KOREAN_MENU


def test_without_a_language_the_menu_is_english(menus: list[list[str]]) -> None:
    open_page("patient", device=DEVICE, version=VERSION)
    assert menus and menus[-1] == ENGLISH_MENU


def test_group_names_in_the_cards_words_are_marked_untranslated_on_the_korean_page() -> None:
    card = Catalog.load(EXAMPLES_DIR).card(DEVICE, VERSION)
    assert less_known_groups(card), "the example must have a group the numbers say less about"
    korean = all_text(open_page("patient", device=DEVICE, version=VERSION, lang="ko"))
    assert UNTRANSLATED in korean
    english = all_text(open_page("patient", device=DEVICE, version=VERSION, lang="en"))
    assert "untranslated" not in english
