"""The patient view: plain words, large type, natural frequencies, in the card's languages."""

from __future__ import annotations

import html

import streamlit as st

from gmlp_cards.evidence.patient_facts import Language, languages
from gmlp_cards.model import ModelCard
from gmlp_cards.render.safe_markdown import escape_markdown
from gmlp_cards.tiers.facts import VersionFacts
from gmlp_cards.tiers.patient import patient_blocks
from gmlp_cards.tiers.patient_words import language_name, text
from gmlp_cards.ui.nav import synced_choice
from gmlp_cards.ui.render import render

# Our own static styles only (never card text): larger, roomier type for easier reading, on every
# paragraph, list item, table cell and label of the page's main area (issue 15 measured 16 px when
# only the card's HTML blocks were styled). The style element goes when the page does.
STYLE = """<style>
[data-testid="stMain"] :is(p, li, td, th, caption, label) {font-size: 1.25rem; line-height: 1.65;}
[data-testid="stMain"] :is(.gc-md, ul) {max-width: 42rem;}
[data-testid="stMain"] li {margin-bottom: .4rem;}
</style>"""


def select_language(card: ModelCard, url_lang: str | None, chosen: Language) -> str:
    """The language selector; returns the language to show (the page writes it to the URL)."""
    codes = languages(card.patient)
    if len(codes) == 1:
        return chosen.shown
    return synced_choice(
        text(chosen.shown, "language"),
        codes,
        url_lang,
        chosen.shown,
        f"lang-{card.device_id}",
        format_func=language_name,
        widget="segmented",
    )


def header(card: ModelCard, shown: str) -> None:
    st.html(STYLE)
    st.title(text(shown, "title", device=escape_markdown(card.identity.device_name)), anchor=False)
    # Streamlit has no way to set <html lang> (it is "en") short of a script, so the page's words
    # carry their language on their own elements: this paragraph, and every card block (render).
    st.html(f'<p lang="{html.escape(shown)}">{html.escape(text(shown, "intro"))}</p>')


def patient_view(card: ModelCard, lang: Language, facts: VersionFacts) -> None:
    """The patient view's blocks (gmlp_cards.tiers.patient), the same the patient PDF prints."""
    render(
        patient_blocks(card, lang, facts),
        key=f"patient-{card.device_id}-{card.version}-{lang.shown}",
        lang=lang.shown,
    )
