"""A long glance value on a phone: its first words, an ellipsis, and the whole text one tap away."""

from __future__ import annotations

from gmlp_cards.render.brief import brief_html, cut
from gmlp_cards.render.safe_markdown import to_html

INDICATION = (
    "Patients aged 40 and above with a primary skin lesion already assessed as suspicious for skin "
    "cancer (p. 1; p. 2). The pivotal study enrolled from age 22 (p. 12)."
)


def test_a_value_that_fits_is_shown_as_it_is() -> None:
    value = to_html("Adults in primary care")
    assert cut(value, 100) is None
    assert brief_html(value, 100) == value


def test_a_budget_of_zero_never_cuts() -> None:
    value = to_html(INDICATION)
    assert brief_html(value, 0) == value


def test_a_long_value_is_cut_at_a_word_and_says_more_follows() -> None:
    assert cut(to_html(INDICATION), 60) == "Patients aged 40 and above with a primary skin lesion…"


def test_a_sentence_end_in_the_last_third_is_preferred_to_a_word() -> None:
    assert cut(to_html(INDICATION), 130) == (
        "Patients aged 40 and above with a primary skin lesion already assessed as suspicious for skin "
        "cancer (p. 1; p. 2). …"
    )


def test_the_cut_reads_the_rendered_text_not_the_markdown() -> None:
    value = to_html("**HIGH** · **Not for children** — results in patients under 18 were not studied at all")
    assert cut(value, 40) == "HIGH · Not for children — results in…"


def test_the_whole_value_stays_in_the_page_behind_show_all() -> None:
    value = to_html(INDICATION)
    shown = brief_html(value, 60)
    assert '<span class="gc-cut">Patients aged 40 and above with a primary skin lesion…</span>' in shown
    assert '<summary><span class="gc-show">Show all</span>' in shown
    assert f'<div class="gc-whole">{value}</div>' in shown


def test_card_text_in_the_cut_is_escaped() -> None:
    value = to_html("A &lt;script&gt;alert(1)&lt;/script&gt; in a very long value that goes on and on and on")
    shown = brief_html(value, 30)
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown
