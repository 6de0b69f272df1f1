"""Two versions of one device side by side, and the change notices between them.

`side_by_side` is deliberately on its own: a full structured diff will replace or join it later.
"""

from __future__ import annotations

import streamlit as st

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.listing import regulatory_label
from gmlp_cards.evidence import results
from gmlp_cards.model import ModelCard
from gmlp_cards.model.formatting import fact_text
from gmlp_cards.tiers.facts import TIERS, notices_between, risk_item, role_text
from gmlp_cards.tiers.leaflet import notice_blocks
from gmlp_cards.ui import render
from gmlp_cards.ui.menu import DEVICE_PAGE, page_link
from gmlp_cards.ui.nav import synced_choice


def select_pair(
    catalog: Catalog,
    device_id: str,
    url_from: str | None,
    url_to: str | None,
    default_from: str,
    default_to: str,
) -> tuple[str, str]:
    versions = list(reversed(catalog.versions(device_id)))
    left, right = st.columns(2)
    with left:
        old = synced_choice("From version", versions, url_from, default_from, f"from-{device_id}")
    with right:
        new = synced_choice("To version", versions, url_to, default_to, f"to-{device_id}")
    return old, new


def _column(card: ModelCard) -> None:
    identity = card.identity
    st.subheader(f"Version {render.plain(card.version)}", anchor=False)
    st.caption(
        f"Released {identity.release_date.isoformat()} · {identity.status.value} · "
        f"software {render.plain(identity.software_version)}"
    )
    st.html(
        render.facts_html(
            (
                ("Regulatory status", "; ".join(regulatory_label(card))),
                ("Intended use", card.intended_use.summary),
                ("Intended users", ", ".join(card.intended_use.intended_users)),
                ("Population", card.intended_use.indications.target_population),
                ("Decision role", role_text(card)),
                ("Change control plan authorized", fact_text(identity.pccp_authorized)),
            )
        )
    )
    st.html(
        render.bullets_html(
            [risk_item(r) for r in card.risks.top_warnings(len(card.risks.warnings))], "Warnings"
        )
    )
    study = card.performance.primary
    st.markdown(f"**Overall results: {render.plain(study.title)}** (n = {study.overall.n})")
    st.dataframe(results.metrics_table(list(study.overall.metrics)), hide_index=True)
    page_link(
        DEVICE_PAGE,
        label=f"Open version {render.plain(card.version)}",
        icon=":material/description:",
        query_params={"device": card.device_id, "version": card.version, "tier": TIERS[0]},
    )


def side_by_side(old: ModelCard, new: ModelCard) -> None:
    """Key identity fields, intended use, warnings and overall metrics of two versions in two columns."""
    left, right = st.columns(2, border=True)
    with left:
        _column(old)
    with right:
        _column(new)


def change_notices(history: list[ModelCard], old: str, new: str) -> None:
    st.header("Change notices between these versions", anchor=False)
    cards = notices_between(history, old, new)
    if not cards:
        st.info("There are no change notices between these versions.")
        return
    render.render([b for c in reversed(cards) for b in notice_blocks(c)], key="notices")
