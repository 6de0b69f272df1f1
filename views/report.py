"""Concern form page (/report?device=<id>&version=<v>, or ?receipt=<GC-...> for its status): wiring only."""

import streamlit as st

from gmlp_cards.ui import data as catalog_data
from gmlp_cards.ui.concern_form import device_options, render_concern_form
from gmlp_cards.ui.concern_store import store_or_explain

store = store_or_explain()
if store is not None:
    render_concern_form(
        store,
        device_options(catalog_data.get_catalog()),
        device=st.query_params.get("device"),
        version=st.query_params.get("version"),
        lookup=st.query_params.get("receipt"),
    )
