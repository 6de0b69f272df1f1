"""GMLP Cards: the Streamlit entry point. Runs the page the address names; each page is thin wiring over
gmlp_cards."""

import streamlit as st

from gmlp_cards.ui.menu import pages
from gmlp_cards.ui.nav import FAVICON_SVG
from gmlp_cards.ui.page_errors import run_page

# No emoji favicon (an empty box without a colour-emoji font) and no ":material/...:" one (fetched
# from fonts.gstatic.com): an SVG drawn in gmlp_cards/ui/nav.py, sent as a data: URL.
st.set_page_config(page_title="GMLP Cards", page_icon=FAVICON_SVG, layout="wide")

# The pages, their URL paths (a public contract) and their titles in the language the address asks
# for (`?lang=ko`) are declared in gmlp_cards/ui/menu.py, once per session.
# An unexpected error shows the reader an apology and an error id, never a traceback; the log
# has the traceback under the same id (gmlp_cards/ui/page_errors.py).
run_page(st.navigation(pages(st.query_params.get("lang", ""))))
