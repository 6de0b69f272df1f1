"""Catalog page (the default page, `/`): every public device, with search and filters."""

from gmlp_cards.cards.listing import hidden_file_count
from gmlp_cards.ui.catalog import catalog_view
from gmlp_cards.ui.data import get_catalog, get_catalog_rows
from gmlp_cards.ui.nav import set_title

set_title("Device catalog · GMLP Cards")
catalog = get_catalog()
rows, found = get_catalog_rows()
catalog_view(rows, found, hidden_file_count(catalog))
