"""Compare page: `/compare?device=<id>&from=<v>&to=<v>`; two versions side by side and their notices."""

import streamlit as st

from gmlp_cards.cards.listing import lookup
from gmlp_cards.render.safe_markdown import escape_markdown
from gmlp_cards.ui import changes
from gmlp_cards.ui.compare import change_notices, select_pair, side_by_side
from gmlp_cards.ui.data import get_catalog
from gmlp_cards.ui.nav import not_found, require_device, set_title

catalog = get_catalog(st.query_params.get("device"))
params = st.query_params
require_device("Compare versions")  # the sidebar link names no device: offer the choice
device_id = params.get("device")
found = lookup(catalog, device_id, None)
# A version named in the URL must exist; a missing one defaults (latest against the one before it).
for param in ("from", "to"):
    if found.card is not None and params.get(param):
        checked = lookup(catalog, device_id, params.get(param))
        found = found if checked.card is not None else checked
if found.card is None or not device_id:
    set_title("Card not found · GMLP Cards")
    not_found(found, device_id)
    st.stop()

versions = catalog.versions(device_id)
default_to = found.card.version
earlier = [v for v in versions if versions.index(v) < versions.index(default_to)]
default_from = earlier[-1] if earlier else default_to
name = found.card.identity.device_name
head = st.container()
old, new = select_pair(catalog, device_id, params.get("from"), params.get("to"), default_from, default_to)
st.query_params.update({"device": device_id, "from": old, "to": new})
set_title(f"{name} {old} → {new} — Compare · GMLP Cards")
with head:
    st.title(f"{escape_markdown(name)}: compare versions", anchor=False)
if old == new:
    st.info("Both sides show the same version. Choose two different versions to compare.")
side_by_side(catalog.card(device_id, old), catalog.card(device_id, new))
if old != new:
    changes.full_diff(catalog, device_id, old, new)
change_notices(catalog.history(device_id), old, new)
