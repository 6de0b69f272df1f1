"""The leaflet on screen: its contents as one choice of sections, each section drawn only when chosen.

Issue 15: the leaflet was ~150 elements and 31 screens drawn at once, 7-15 s before it was complete.
Issue 17: every rerun (a click in the prevalence calculator) redrew all of it, 12x a one-chart page;
then a closed expander per section was still an element per section on every rerun (a third of the
page). The contents are now ONE element, a multi-choice of section titles bound to the URL
(`?sections=Training+and+test+data`, repeated for several, so a section can be linked to and
survives a reload); the chosen sections follow it in leaflet order, each under its heading with the
same anchor as in the printable HTML. "Open every section" (`?all-sections=true`) draws the whole
leaflet, for reading it through or searching the page; the printable HTML always has every section.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from gmlp_cards.model import ModelCard
from gmlp_cards.render.blocks import Block
from gmlp_cards.render.sections import Section, sections
from gmlp_cards.ui import pointofcare, render

ALL_SECTIONS = "all-sections"
SECTIONS = "sections"  # the contents' key, and so its URL parameter
CONTENTS = "Contents: choose the sections to read"
TOOLS = Section("Check the numbers for your setting", "your-setting", ())
CONTENTS_HINT = (
    "Each section you choose is added below, in the leaflet's order, and the page's address keeps "
    "your choice, so it can be shared; the printable HTML in the download menu has the whole leaflet."
)


def leaflet_view(card: ModelCard, blocks: Sequence[Block], after: dict[str, Callable[[], None]]) -> None:
    """Draw the contents and the chosen sections; `after[slug]` draws page-only content at the end of
    that section (e.g. the differences from the previous version under "Update history")."""
    cut = sections(blocks)
    for section in cut:
        if not section.title:  # blocks before the first heading are part of the opening screen
            render.render(section.blocks, key="leaflet-lead", styled=True)
    parts = [section for section in cut if section.title] + [TOOLS]
    titles = {section.slug: section.title for section in parts}
    # The URL holds each chosen section's label as shown (Streamlit binds the label, not the value).
    chosen = st.pills(
        CONTENTS,
        list(titles),
        selection_mode="multi",
        key=SECTIONS,
        bind="query-params",
        format_func=lambda slug: render.plain(titles[slug]),
        help=CONTENTS_HINT,
    )
    every = st.toggle("Open every section", key=ALL_SECTIONS, bind="query-params")
    for section in parts:
        if every or section.slug in chosen:
            _section(card, section, after.get(section.slug))


def _section(card: ModelCard, section: Section, after: Callable[[], None] | None) -> None:
    st.header(render.plain(section.title), anchor=section.slug)
    if section is TOOLS:  # the interactive tools take the reader's input: not part of the printable blocks
        pointofcare.predictive_values(card)
        pointofcare.icon_array(card, "en")
        return
    render.render(section.blocks, key=f"leaflet-{section.slug}", styled=True)
    if after is not None:
        after()
