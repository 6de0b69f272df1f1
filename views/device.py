"""Device page: `/device?device=<id>&version=<v>&tier=<front|back|leaflet>`; the URL mirrors the view."""

import streamlit as st

from gmlp_cards.cards.listing import lookup
from gmlp_cards.tiers.facts import version_facts
from gmlp_cards.tiers.pages import page_title
from gmlp_cards.ui import changes
from gmlp_cards.ui import device as view
from gmlp_cards.ui.data import get_catalog_and_fingerprint
from gmlp_cards.ui.nav import not_found, require_device, set_title
from gmlp_cards.ui.signature import signature_banner

catalog, version_key = get_catalog_and_fingerprint(st.query_params.get("device"))  # keys page caches
params = st.query_params
require_device("Device information")  # the sidebar link names no device: offer the choice
device_id = params.get("device")
found = lookup(catalog, device_id, params.get("version"))
if changes.tamper_warning(catalog, device_id, params.get("version")):
    st.stop()  # a file changed after publication is never shown as if valid
if found.card is None or not device_id:
    set_title("Card not found · GMLP Cards")
    not_found(found, device_id)
    st.stop()

version, tier = view.chosen_version_and_tier(catalog, found.card, params.get("version"), params.get("tier"))
card = catalog.card(device_id, version)
st.query_params.update({"device": device_id, "version": version, "tier": tier})
set_title(page_title(card, tier))
blocks = view.page_blocks(catalog, card, tier, version_facts(catalog, card), version_key)
# Issue 15: name, maker, status and the fictional/withdrawn/newer banners come first, then the
# selectors of the version and tier that the title names.
blocks = view.header(card, blocks)
signature_banner(catalog, card)  # "Signed by ..., verified", or a warning when it fails
view.version_and_tier_selectors(catalog, found.card)
if tier != "front":  # the long tiers offer their files before their length
    view.downloads(card, tier, version_key)
view.tier_view(catalog, card, tier, blocks, version_key)
