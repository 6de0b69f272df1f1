"""Card words that the renderer shows in Streamlit elements reading Markdown arrive escaped there."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    from gmlp_cards.render.blocks import Heading, Notice
    from gmlp_cards.ui import render

    render.render(
        [
            Heading("Study: ![x](http://t.example/a.png)", 3),
            Notice("info", "Reach us at ![m](http://t.example/m.png)@example.org."),
        ]
    )


def test_a_heading_quoting_card_words_cannot_draw_an_image() -> None:
    at = AppTest.from_function(_page).run()
    assert not at.exception
    # Brackets escaped and the bare address broken by an invisible word joiner (U+2060).
    assert at.subheader[0].value == "Study: !\\[x\\](http\u2060://t.example/a.png)"


def test_a_notice_quoting_card_words_cannot_draw_an_image() -> None:
    at = AppTest.from_function(_page).run()
    assert at.info[0].value == "Reach us at !\\[m\\](http\u2060://t.example/m.png)\u2060@example.org."
