"""Streamlit renderers for the evidence checks: the patient's "less is known" list and the maker's detail."""

from __future__ import annotations

import html

import streamlit as st

from gmlp_cards.checks import less_known_groups
from gmlp_cards.model import ModelCard, SubgroupDimension
from gmlp_cards.render.safe_markdown import to_inline_html
from gmlp_cards.tiers.finding_blocks import evidence_detail_blocks
from gmlp_cards.tiers.patient_words import text
from gmlp_cards.ui.render import render


def dimension_name(lang: str, dimension: SubgroupDimension) -> str:
    return text(lang, f"dimension_{dimension.value}")


def less_known(card: ModelCard, lang: str) -> None:
    """Groups with weaker, uncertain or thin evidence, in the patient's language; nothing if none.

    Derived from the card's numbers (gmlp_cards.checks), so a maker cannot leave a group out.
    """
    groups = less_known_groups(card)
    if not groups:
        return
    # The sentence is ours, the group name card text: the whole item goes through safe Markdown.
    items = "".join(
        "<li>"
        + to_inline_html(text(lang, "less_known_item", group=group, dimension=dimension_name(lang, dim)))
        + "</li>"
        for dim, group in groups
    )
    st.html(
        f'<div class="gc-patient"><h2>{html.escape(text(lang, "less_known_title"))}</h2>'
        f"<p>{html.escape(text(lang, 'less_known_intro'))}</p><ul>{items}</ul></div>"
    )


def evidence_detail(card: ModelCard) -> None:
    """For manufacturer pages: coverage items, data against population, independence, readability."""
    render(evidence_detail_blocks(card), key=f"evidence-{card.device_id}-{card.version}")
