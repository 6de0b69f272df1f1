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


def test_a_heading_quoting_card_words_is_html_escaped_text() -> None:
    at = AppTest.from_function(_page).run()
    assert not at.exception
    # A heading is drawn as HTML with the card text it heads (ui/render.block_html): its words are
    # escaped as HTML there, and no element reads them as Markdown.
    assert not at.subheader
    assert '<h3 class="gc-heading">Study: ![x](http://t.example/a.png)</h3>' in at.get("html")[0].proto.body


def test_a_notice_quoting_card_words_cannot_draw_an_image() -> None:
    at = AppTest.from_function(_page).run()
    assert at.info[0].value == "Reach us at !\\[m\\](http\u2060://t.example/m.png)\u2060@example.org."
