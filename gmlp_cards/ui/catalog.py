"""The public catalog: search, filters, one entry per device with a link to its page."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

import streamlit as st

from gmlp_cards.cards.listing import CatalogRow, Listing, filter_rows
from gmlp_cards.render.blocks import DeviceLink
from gmlp_cards.render.safe_markdown import allowed_hosts
from gmlp_cards.tiers.banners import NOT_ISSUED
from gmlp_cards.tiers.facts import FICTIONAL_BADGE
from gmlp_cards.ui.app_paths import path_prefix
from gmlp_cards.ui.render import STYLE, badge_html, facts_html, md_html

PAGE_SIZE = 20
"""Catalog entries drawn per page of results: a page of search results, not the whole catalog."""

# Our own static styles for the entries (a bordered box each, the transcription note).
# Colours inherit the theme's text colour, so light and dark themes both keep their contrast.
ENTRY_CSS = """<style>
ul.gc-catalog {list-style: none; padding: 0; margin: 0;}
ul.gc-catalog > li {border: 1px solid rgba(128, 128, 128, .45); border-radius: .5rem;
  padding: .75rem 1rem; margin: 0 0 .75rem 0; overflow-wrap: anywhere;}
ul.gc-catalog h3 {margin: 0 0 .35rem 0; padding: 0; font-size: 1.35rem;}
.gc-note {font-size: .9rem; font-style: italic; margin: .35rem 0;}
.gc-open {display: inline-block; margin-top: .5rem; font-weight: 600;}
</style>"""


def search_and_filters(listing: Listing) -> list[CatalogRow]:
    """Draw the search box and the filters offering the listing's choices; return the rows that match."""
    found = listing.facets
    text = st.text_input("Search devices", key="catalog-search", placeholder="Name, maker, condition, user…")
    # One row that wraps on a narrow screen: one layout block, where four columns were five.
    with st.container(horizontal=True):
        modalities = st.multiselect("Modality", found.modalities, key="catalog-modality")
        areas = st.multiselect("Clinical area", found.clinical_areas, key="catalog-area")
        users = st.multiselect("Intended user", found.intended_users, key="catalog-user")
        statuses = st.multiselect("Regulatory status", found.regulatory_statuses, key="catalog-status")
    return filter_rows(
        listing,
        text,
        modalities=modalities,
        clinical_areas=areas,
        intended_users=users,
        regulatory_statuses=statuses,
    )


@dataclass(frozen=True)
class WholeHtml:
    """HTML for st.html taken as it is: st.html dedents a string (textwrap.dedent, ~0.9 ms for a page
    of 20 entries, every rerun) but takes an object's `_repr_html_()` whole. Ours has no indent to
    remove, so the same bytes are sent, and DOMPurify sanitises them in the browser all the same."""

    body: str

    def _repr_html_(self) -> str:
        return self.body


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


@lru_cache(maxsize=4096)
def entry_html(row: CatalogRow, prefix: str, image_hosts: frozenset[str]) -> str:
    """One entry as sanitised HTML: name, badge, who transcribed it, facts, summary, its link.

    Card text is escaped (`html.escape`) or safe Markdown (`facts_html`, `md_html`); the link is the
    device page's one address rule (`DeviceLink.url`) under the server's path prefix. Memoized: a
    pure function of the frozen row, the prefix and the image hosts the Markdown was rendered for
    (`image_hosts` is in the key for that; to_html reads the same hosts), so a search rerun builds
    only entries it has not drawn before. 4,096 entries of ~1 kB: a few MB, thread-safe, immutable str.
    """
    name = html.escape(row.name)
    badge = badge_html(FICTIONAL_BADGE) if row.fictional else ""
    note = (
        f'<p class="gc-note">{html.escape(f"{NOT_ISSUED} {row.transcription}")}</p>'
        if row.transcription
        else ""
    )
    href = DeviceLink("", row.device_id, row.version, "front").url(prefix)
    link = f'<a class="gc-open" href="{html.escape(href)}" target="_self">Open {name}</a>'
    return f"<li><h3>{name}</h3>{badge}{note}{facts_html(entry_facts(row))}{md_html(row.summary)}{link}</li>"


def entries_html(rows: list[CatalogRow], prefix: str) -> str:
    # Issue 17: an entry was five Streamlit elements (a box, a heading, a badge, the facts, a page
    # link that resolves file paths each time), 100 a page, and a search rerun 10x a minimal page.
    # A page of entries is now one sanitised HTML element, its links plain addresses.
    hosts = allowed_hosts()
    return (
        f'{STYLE}{ENTRY_CSS}<ul class="gc-catalog">{"".join(entry_html(r, prefix, hosts) for r in rows)}</ul>'
    )


def catalog_view(listing: Listing) -> None:
    st.title("Device catalog", anchor=False)
    st.write(
        "Model cards of AI-enabled medical devices, written by their makers. Open a device to read "
        "its front of pack, back of pack and full leaflet."
    )
    shown = search_and_filters(listing)
    st.caption(f"Showing {len(shown)} of {len(listing.rows)} devices")
    if not shown:
        st.info("No device matches your search. Clear a filter or try other words.")
    # A thousand entries are ~8,000 elements per rerun: seconds to build and to draw. Show a page
    # of them and let the reader ask for more (or, better, narrow the search).
    limit = int(st.session_state.get("catalog-limit", PAGE_SIZE))
    if shown:
        st.html(WholeHtml(entries_html(shown[:limit], path_prefix())))
    if len(shown) > limit:
        st.caption(f"Listed the first {limit} of {len(shown)} matching devices.")
        if st.button("Show more devices", key="catalog-more"):
            st.session_state["catalog-limit"] = limit + PAGE_SIZE
            st.rerun()
    hidden = listing.hidden
    if hidden:
        # Details are for the makers (the validate command); the public sees only a neutral count.
        st.caption(f"{hidden} card file{'s' if hidden != 1 else ''} could not be shown.")
