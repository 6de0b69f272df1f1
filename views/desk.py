"""Manufacturer desk page (/desk): checks the desk login first, on every run, then wires."""

import streamlit as st

from gmlp_cards.ui.concern_store import store_or_explain
from gmlp_cards.ui.desk import render_desk
from gmlp_cards.ui.desk_auth import require_desk_user

# Pages are reachable by URL whatever the navigation shows: the role check lives here.
user = require_desk_user()
if user is None:
    st.stop()
store = store_or_explain()
if store is None:
    st.stop()
render_desk(store, user)
