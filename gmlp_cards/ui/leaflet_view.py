"""The leaflet on screen: its sections as a contents list, each section drawn only when it is opened.

Issue 15: the leaflet was ~150 elements and 31 screens drawn at once, 7-15 s before it was complete.
Issue 17: every rerun (a click in the prevalence calculator) redrew all of it, 12x a one-chart page.
Each section is an expander bound to the URL (`?section-intended-use=true` opens it, so a section can
be linked to and survives a reload) and its blocks are drawn only while it is open. "Open every
section" (`?all-sections=true`) draws the whole leaflet, for reading it through or searching the page;
the printable HTML in the download menu always has every section.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

from gmlp_cards.model import ModelCard
from gmlp_cards.render.blocks import Block
from gmlp_cards.render.sections import Section, sections
from gmlp_cards.ui import pointofcare, render

ALL_SECTIONS = "all-sections"
SECTION_KEY = "section-{slug}"
TOOLS = Section("Check the numbers for your setting", "your-setting", ())
CONTENTS_HINT = (
    "Open a section to read it. Every section has its own link (the address of the page with that "
    "section open); the printable HTML in the download menu has the whole leaflet on one page."
)


def section_key(slug: str) -> str:
    """The expander's key, and so its URL parameter: `section-training-and-test-data`."""
    return SECTION_KEY.format(slug=slug)


def leaflet_view(card: ModelCard, blocks: Sequence[Block], after: dict[str, Callable[[], None]]) -> None:
    """Draw the leaflet's sections; `after[slug]` draws page-only content at the end of that section
    (e.g. the differences from the previous version under "Update history")."""
    st.caption(CONTENTS_HINT)
    every = st.toggle("Open every section", key=ALL_SECTIONS, bind="query-params")
    for section in sections(blocks):
        if not section.title:  # blocks before the first heading are part of the opening screen
            render.render(section.blocks, key="leaflet-lead")
            continue
        with _expander(section, every) as box:
            if box.open:
                render.render(section.blocks, key=f"leaflet-{section.slug}")
                if section.slug in after:
                    after[section.slug]()
    with _expander(TOOLS, every) as box:
        if box.open:  # the interactive tools take the reader's input: not part of the printable blocks
            pointofcare.predictive_values(card)
            pointofcare.icon_array(card, "en")


def _expander(section: Section, every: bool) -> ExpanderContainer:
    # The default state is part of the expander's identity: "Open every section" makes new
    # expanders that start open, and turning it off again gives back the closed ones.
    return st.expander(
        render.plain(section.title), expanded=every, key=section_key(section.slug), bind="query-params"
    )
