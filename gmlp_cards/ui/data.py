"""Cached access to the catalog: parsed once per change of the card files, shared by all sessions."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.folder_watch import watch
from gmlp_cards.cards.index import CardIndex
from gmlp_cards.cards.listing import Listing, listing
from gmlp_cards.config import cards_dir
from gmlp_cards.ui.session import last_for_key


@st.cache_resource(max_entries=4, show_spinner="Loading model cards…")
def _load(root: str, version: str) -> Catalog:
    # `version` (the fingerprint) is part of the cache key, so an edited card is parsed anew.
    # The Catalog is immutable after loading, so sharing it across sessions is thread-safe.
    # The index (cards/index.py) spares a restart the parse of every card it has seen before.
    return Catalog.load(Path(root), index=CardIndex.open(Path(root)))


def get_catalog(device_id: str | None = None) -> Catalog:
    """The catalog; with the device a page shows, exact for that device's files at this moment."""
    return get_catalog_and_fingerprint(device_id)[0]


def get_catalog_and_fingerprint(device_id: str | None = None) -> tuple[Catalog, str]:
    """The catalog and the fingerprint it was loaded under, to key a page's own caches on.

    The folder is walked only after a change (cards/folder_watch.py); a page that shows one device
    names it, and that device's files are examined on every rerun, so an edit is never shown late.
    """
    root = cards_dir()
    version = watch(root).fingerprint(device_id)
    folder = str(root)
    return last_for_key("catalog", (folder, version), lambda: _load(folder, version)), version


def cards_changed() -> None:
    """This process wrote the card folder (publishing): the next reader sees it, event or not."""
    watch(cards_dir()).mark_changed()


@st.cache_resource(max_entries=4, show_spinner=False)
def _listing(root: str, version: str) -> Listing:
    # Keyed like the catalog; frozen rows, their search text, the filters' choices and the hidden
    # count, built once per change of the card files (not per search rerun), shared between sessions.
    return listing(_load(root, version))


def get_catalog_listing() -> Listing:
    """The catalog listing as the catalog page searches it, built once per change of the card files."""
    root = cards_dir()
    return _listing(str(root), watch(root).fingerprint())
