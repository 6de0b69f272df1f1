"""The public catalog: search, filters, one entry per device with a link to its page."""

from __future__ import annotations

import streamlit as st

from gmlp_cards.cards.listing import CatalogRow, Facets, filter_rows
from gmlp_cards.tiers.banners import NOT_ISSUED
from gmlp_cards.tiers.facts import FICTIONAL_BADGE
from gmlp_cards.ui.nav import DEVICE_PAGE
from gmlp_cards.ui.render import STYLE, facts_html, md_html, plain

PAGE_SIZE = 20
"""Catalog entries drawn per page of results: a page of search results, not the whole catalog."""


def search_and_filters(rows: list[CatalogRow], found: Facets) -> list[CatalogRow]:
    """Draw the search box and the filters offering `found`; return the rows that match."""
    text = st.text_input("Search devices", key="catalog-search", placeholder="Name, maker, condition, user…")
    cols = st.columns(4)
    with cols[0]:
        modalities = st.multiselect("Modality", found.modalities, key="catalog-modality")
    with cols[1]:
        areas = st.multiselect("Clinical area", found.clinical_areas, key="catalog-area")
    with cols[2]:
        users = st.multiselect("Intended user", found.intended_users, key="catalog-user")
    with cols[3]:
        statuses = st.multiselect("Regulatory status", found.regulatory_statuses, key="catalog-status")
    return filter_rows(
        rows,
        text,
        modalities=modalities,
        clinical_areas=areas,
        intended_users=users,
        regulatory_statuses=statuses,
    )


def entry_facts(row: CatalogRow) -> list[tuple[str, str]]:
    """What an entry says about its device besides name and summary (values are card Markdown)."""
    withdrawn = " · withdrawn" if row.status.value == "withdrawn" else ""
    return [
        ("Maker", row.maker),
        ("Modality", row.modality),
        ("Clinical area", row.clinical_area),
        ("Regulatory status", "; ".join(row.regulatory)),
        ("Latest version", f"{row.version} · released {row.release_date.isoformat()}{withdrawn}"),
    ]


def entry(row: CatalogRow) -> None:
    # Issue 17: an entry was eight elements (400 a page) and a search rerun 50x a minimal page; its
    # facts and summary are now one sanitised HTML element, as the device page draws facts.
    with st.container(border=True):
        st.subheader(plain(row.name), anchor=False)
        if row.fictional:
            st.badge(FICTIONAL_BADGE, icon=":material/science:", color="orange")
        if row.transcription:
            st.caption(plain(f"{NOT_ISSUED} {row.transcription}"))
        st.html(facts_html(entry_facts(row)) + md_html(row.summary))
        st.page_link(
            DEVICE_PAGE,
            label=f"Open {plain(row.name)}",
            icon=":material/description:",
            query_params={"device": row.device_id, "version": row.version, "tier": "front"},
        )


def catalog_view(rows: list[CatalogRow], found: Facets, hidden: int) -> None:
    st.title("Device catalog", anchor=False)
    st.write(
        "Model cards of AI-enabled medical devices, written by their makers. Open a device to read "
        "its front of pack, back of pack and full leaflet."
    )
    shown = search_and_filters(rows, found)
    st.caption(f"Showing {len(shown)} of {len(rows)} devices")
    if not shown:
        st.info("No device matches your search. Clear a filter or try other words.")
    # A thousand entries are ~8,000 elements per rerun: seconds to build and to draw. Show a page
    # of them and let the reader ask for more (or, better, narrow the search).
    limit = int(st.session_state.get("catalog-limit", PAGE_SIZE))
    st.html(STYLE)  # the facts lists' layout, once for every entry
    for row in shown[:limit]:
        entry(row)
    if len(shown) > limit:
        st.caption(f"Listed the first {limit} of {len(shown)} matching devices.")
        if st.button("Show more devices", key="catalog-more"):
            st.session_state["catalog-limit"] = limit + PAGE_SIZE
            st.rerun()
    if hidden:
        # Details are for the makers (the validate command); the public sees only a neutral count.
        st.caption(f"{hidden} card file{'s' if hidden != 1 else ''} could not be shown.")
