"""Device page: `/device?device=<id>&version=<v>&tier=<front|back|leaflet>`; the URL mirrors the view."""

import streamlit as st

from gmlp_cards.cards.listing import lookup
from gmlp_cards.tiers.facts import version_facts
from gmlp_cards.tiers.pages import page_title
from gmlp_cards.ui import changes
from gmlp_cards.ui import device as view
from gmlp_cards.ui import formats as other_formats
from gmlp_cards.ui.data import get_catalog_and_fingerprint, get_catalog_rows
from gmlp_cards.ui.nav import choose_device, not_found, set_title

catalog, version_key = get_catalog_and_fingerprint()  # version_key keys the page's caches
params = st.query_params
if not params.get("device"):  # the sidebar link: no device yet, so offer the choice
    set_title("Device information · GMLP Cards")
    picked = choose_device(get_catalog_rows(), "Device information")
    if picked is None:
        st.stop()
    st.query_params["device"] = picked
    st.rerun()
device_id = params.get("device")
found = lookup(catalog, device_id, params.get("version"))
if changes.tamper_warning(catalog, device_id, params.get("version")):
    st.stop()  # a file changed after publication is never shown as if valid
if found.card is None or not device_id:
    set_title("Card not found · GMLP Cards")
    not_found(found, device_id)
    st.stop()

head = st.container()  # the title names the version chosen below, so it is filled in afterwards
version, tier = view.select_version_and_tier(catalog, found.card, params.get("version"), params.get("tier"))
card = catalog.card(device_id, version)
st.query_params.update({"device": device_id, "version": version, "tier": tier})
set_title(page_title(card, tier))
with head:
    view.header(card, tier)
changes.version_banners(catalog, card)
view.downloads(card, tier, version_key)
other_formats.render_downloads(card, tier)
view.tier_view(catalog, card, tier, version_facts(catalog, card), version_key)
changes.what_changed(catalog, card, version_key)
