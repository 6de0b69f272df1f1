"""The patient view: plain words, large type, natural frequencies, in the card's languages."""

from __future__ import annotations

import streamlit as st

from gmlp_cards.evidence.patient_facts import Language, frequencies_table, languages
from gmlp_cards.model import ModelCard, PatientText
from gmlp_cards.render.safe_markdown import escape_markdown, to_html
from gmlp_cards.tiers.facts import VersionFacts
from gmlp_cards.tiers.patient_words import language_name, text
from gmlp_cards.ui import findings, pointofcare
from gmlp_cards.ui.nav import DEVICE_PAGE, synced_choice
from gmlp_cards.ui.render import report_link

# Our own static styles only (never card text): larger, roomier type for easier reading.
STYLE = """<style>
.gc-patient {font-size: 1.3rem; line-height: 1.7; max-width: 42rem;}
.gc-patient h2 {font-size: 1.7rem; margin-top: 1.6rem;}
.gc-patient li {margin-bottom: .4rem;}
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


def _section(title: str, body_html: str) -> str:
    return f"<h2>{title}</h2>{body_html}"


def _items(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{to_html(i)}</li>" for i in items) + "</ul>"


def body_html(lang: str, words: PatientText) -> str:
    """The patient sections as one sanitised HTML fragment; headings are ours, the rest card text."""
    freq = "".join(
        f"<li>{to_html(text(lang, 'frequency_item', n=f.per_1000, outcome=f.outcome))}</li>"
        for f in words.natural_frequencies
    )
    parts = [
        _section(text(lang, "what_it_does"), to_html(words.summary)),
        _section(text(lang, "what_it_means"), to_html(words.what_it_means)),
        _section(text(lang, "benefits"), _items(words.benefits)),
        _section(text(lang, "risks"), _items(words.risks)),
    ]
    if freq:
        parts.append(
            _section(text(lang, "frequencies"), f"<p>{text(lang, 'frequencies_intro')}</p><ul>{freq}</ul>")
        )
    return "".join(parts)


def header(card: ModelCard, shown: str) -> None:
    st.html(STYLE)
    st.title(text(shown, "title", device=escape_markdown(card.identity.device_name)), anchor=False)
    st.write(text(shown, "intro"))


def patient_view(card: ModelCard, lang: Language, shown: str, facts: VersionFacts) -> None:
    words = card.patient.texts[shown]
    if card.identity.fictional:
        st.badge(text(shown, "fictional"), icon="🧪", color="orange")
    if lang.fell_back and lang.requested:
        # `requested` is the URL's `lang` as typed (an unknown code is shown as itself).
        st.info(
            escape_markdown(
                text(shown, "fallback", requested=language_name(lang.requested), shown=language_name(shown))
            )
        )
    if facts.withdrawn:
        st.error(text(shown, "withdrawn"))
    if facts.latest and not facts.is_latest:
        st.warning(text(shown, "newer"))
        st.page_link(
            "views/patient.py",
            label=text(shown, "newer_link"),
            icon="➡️",
            query_params={"device": card.device_id, "version": facts.latest, "lang": shown},
        )
    st.html(f'<div class="gc-patient">{body_html(shown, words)}</div>')
    if words.natural_frequencies:
        st.dataframe(
            frequencies_table(words, text(shown, "frequency_outcome"), text(shown, "frequency_count")),
            hide_index=True,
        )
    pointofcare.icon_array(card, shown)
    findings.less_known(card, shown)  # issue 6: groups the numbers say less about (derived)
    st.html(f'<div class="gc-patient">{_section(text(shown, "talk"), _items(words.talk_to_clinician))}</div>')
    report_link(card.device_id, card.version, text(shown, "report"))
    st.page_link(
        DEVICE_PAGE,
        label=text(shown, "clinician_link"),
        icon="🩺",
        query_params={"device": card.device_id, "version": card.version, "tier": "front"},
    )
