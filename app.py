"""GMLP Cards: the Streamlit entry point. Declares the pages; each page is thin wiring over gmlp_cards."""

import streamlit as st

from gmlp_cards.tiers.patient_words import text
from gmlp_cards.ui.nav import FAVICON_SVG
from gmlp_cards.ui.page_errors import run_page

# No emoji favicon (an empty box without a colour-emoji font) and no ":material/...:" one (fetched
# from fonts.gstatic.com): an SVG drawn in gmlp_cards/ui/nav.py, sent as a data: URL.
st.set_page_config(page_title="GMLP Cards", page_icon=FAVICON_SVG, layout="wide")

# The page scripts live in views/, not pages/: with a pages/ folder beside the entry point, Streamlit
# 1.67 serves a deep link that is the first request after a start (a scanned QR label) as a bare
# file-based page, skipping this script, and then shows its file-name menu to every session.
# A flat list: Streamlit's sectioned sidebar markup fails axe's list rules (STREAMLIT_NOTES.md).
# The URL paths are a public contract: clinicians paste them into protocols and QR labels.
# Titles in the interface language the address asks for (`?lang=ko` on a patient page), English
# otherwise (tiers/patient_words.py; a language without them falls back to English).
LANG = st.query_params.get("lang", "")
PAGES = [
    st.Page("views/catalog.py", title=text(LANG, "nav_catalog"), icon=":material/list:", default=True),
    st.Page(
        "views/device.py", title=text(LANG, "nav_device"), icon=":material/description:", url_path="device"
    ),
    st.Page(
        "views/patient.py", title=text(LANG, "nav_patient"), icon=":material/person:", url_path="patient"
    ),
    st.Page(
        "views/compare.py",
        title=text(LANG, "nav_compare"),
        icon=":material/compare_arrows:",
        url_path="compare",
    ),
    st.Page("views/report.py", title=text(LANG, "nav_report"), icon=":material/mail:", url_path="report"),
    st.Page("views/desk.py", title=text(LANG, "nav_desk"), icon=":material/inventory_2:", url_path="desk"),
    st.Page(
        "views/publish.py", title=text(LANG, "nav_publish"), icon=":material/publish:", url_path="publish"
    ),
]

# An unexpected error shows the reader an apology and an error id, never a traceback; the log
# has the traceback under the same id (gmlp_cards/ui/page_errors.py).
run_page(st.navigation(PAGES))
