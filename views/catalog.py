"""Catalog page (the default page, `/`): every public device, with search and filters."""

from gmlp_cards.ui.catalog import catalog_view
from gmlp_cards.ui.data import get_catalog_listing
from gmlp_cards.ui.nav import set_title

set_title("Device catalog · GMLP Cards")
catalog_view(get_catalog_listing())
