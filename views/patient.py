"""Patient view: `/patient?device=<id>&version=<v>&lang=<code>`; the URL mirrors the view."""

import streamlit as st

from gmlp_cards.cards.listing import lookup
from gmlp_cards.evidence.patient_facts import Language, choose_language
from gmlp_cards.tiers.facts import version_facts
from gmlp_cards.tiers.patient_words import text
from gmlp_cards.ui.data import get_catalog
from gmlp_cards.ui.nav import not_found, require_device, set_title
from gmlp_cards.ui.patient import header, patient_view, select_language

catalog = get_catalog(st.query_params.get("device"))
params = st.query_params
require_device("For patients")  # the sidebar link names no device: offer the choice
device_id = params.get("device")
found = lookup(catalog, device_id, params.get("version"))
if found.card is None or not device_id:
    set_title(f"{text('en', 'not_found_title')} · GMLP Cards")
    not_found(found, device_id, page="views/patient.py")
    st.stop()

card = found.card
url_lang = params.get("lang")
lang = choose_language(card.patient, url_lang)
head = st.container()  # the title is in the chosen language, so it is filled in after the selector
shown = select_language(card, url_lang, lang)
if shown != lang.shown:  # the reader picked another of the card's languages: no fallback then
    lang = Language(shown, url_lang)
st.query_params.update({"device": device_id, "version": card.version, "lang": shown})
set_title(text(shown, "page_title", device=card.identity.device_name))
with head:
    header(card, shown)
patient_view(card, lang, version_facts(catalog, card))
