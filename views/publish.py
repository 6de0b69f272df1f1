"""Manufacturer publishing page (/publish): the desk login first, on every run, then the flow."""

import streamlit as st

from gmlp_cards.config import cards_dir
from gmlp_cards.ui.data import get_catalog
from gmlp_cards.ui.desk_auth import require_desk_user
from gmlp_cards.ui.publish_desk import render_publishing

# Pages are reachable by URL whatever the navigation shows: the login check lives here.
user = require_desk_user()
if user is None:
    st.stop()
render_publishing(get_catalog(), cards_dir(), user)
