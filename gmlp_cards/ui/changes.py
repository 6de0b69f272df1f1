"""Streamlit renderers for versions: tamper warning, withdrawal and newer-version banners, "What
changed", and the full diff of two versions with an overlaid forest plot of the primary metric.

Card text (notice fields, changed values) is untrusted: Markdown goes through `render.md` /
`render.facts_html` (sanitised), table cells through `st.dataframe` (escaped), labels through
`render.plain`. The pure work (diff, summary, figure) lives in gmlp_cards.versions.diff*, not here.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.model import ModelCard, semver_key
from gmlp_cards.render.blocks import Block, Heading, Notice
from gmlp_cards.render.diff_chart import overlay_forest, overlay_table, primary_metric
from gmlp_cards.tiers.facts import notices_between, version_facts
from gmlp_cards.tiers.leaflet import change_kinds, notice_blocks
from gmlp_cards.tiers.pages import tier_blocks
from gmlp_cards.ui import render
from gmlp_cards.ui.menu import COMPARE_PAGE, DEVICE_PAGE, page_link
from gmlp_cards.versions.diff import CardDiff, diff_cards
from gmlp_cards.versions.diff_format import (
    JUDGEMENT_RULE,
    SECTION_TITLES,
    field_label,
    headline,
    study_lines,
    summary_lines,
)
from gmlp_cards.versions.judgement import Estimate

TAMPERED = (
    "Version {version} of {device} does not match what its manufacturer published. The file "
    "was changed after publication: {detail}. Do not rely on this version; it is not listed "
    "and is never offered as the latest."
)
TAMPERED_LINK = "Open the latest verified version, {latest}"
TAMPERED_SHOW = "Show the altered card anyway (unverified)"
CHANGED_SINCE = "Changed since version {version}"
COMPARE_LINK = "Compare {old} with {new}"
WHAT_CHANGED = "What changed in this version"
FIRST_VERSION = "This is the first published version of this card; there is no earlier version."
FROM_PREVIOUS = "Differences from version {previous}"
NO_PREVIOUS = "Version {previous} cannot be shown, so the differences from it cannot be listed."
NO_DIFFERENCES = "No differences."
DIFFERENCES_KEY = "differences-open"  # the expander's open state, in session state
DIFF_HEADER = "What changed from {old} to {new}"


def tamper_warning(catalog: Catalog, device_id: str | None, version: str | None) -> bool:
    """A prominent error when this version's file disagrees with the lock; True when it was shown."""
    entry = catalog.entry(device_id, version) if device_id and version else None
    if entry is None or not entry.tampered:
        return False
    detail = "; ".join(p.message for p in entry.problems) or "it is not recorded as published"
    st.error(
        render.plain(TAMPERED.format(version=version, device=device_id, detail=detail)),
        icon=":material/warning:",
    )
    latest = catalog.latest_version(device_id) if device_id else None
    if latest and device_id:
        page_link(
            DEVICE_PAGE,
            label=render.plain(TAMPERED_LINK.format(latest=latest)),
            icon=":material/arrow_forward:",
            query_params={"device": device_id, "version": latest},
        )
    if entry.loaded is not None:
        card = entry.loaded.card
        with st.expander(TAMPERED_SHOW, expanded=False):
            render.render(tier_blocks(card, "front", version_facts(catalog, card)), key="tampered")
    return True


def changed_since(catalog: Catalog, card: ModelCard) -> None:
    """The change notices of the versions published after this one, with a link to compare."""
    latest = catalog.latest_version(card.device_id)
    if latest is None or semver_key(latest) <= semver_key(card.version):
        return
    newer = notices_between(catalog.history(card.device_id), card.version, latest)
    items = []
    for later in newer:
        notice = later.change_notice
        assert notice is not None  # notices_between only returns cards with a notice
        items.append(
            f"<li><strong>{html.escape(later.version)}</strong> "
            f"({later.identity.release_date.isoformat()}, {html.escape(change_kinds(notice))}): "
            f"{html.escape(notice.summary)}</li>"
        )
    # One element, as HTML (the page has drawn the reader styles): it is drawn on every rerun of an
    # older version, and a bordered container around Markdown was two.
    heading = f"<p><strong>{html.escape(CHANGED_SINCE.format(version=card.version))}</strong></p>"
    st.html(f'<div class="gc-box">{heading}<ul class="gc-list">{"".join(items)}</ul></div>')
    compare_link(card.device_id, card.version, latest)


def compare_link(device_id: str, old: str, new: str) -> None:
    page_link(
        COMPARE_PAGE,
        label=render.plain(COMPARE_LINK.format(old=old, new=new)),
        icon=":material/compare_arrows:",
        query_params={"device": device_id, "from": old, "to": new},
    )


def notice_view(card: ModelCard, *, styled: bool = False, heading: str = "") -> None:
    """The change notice of one version, every field, card text sanitised (`styled`: see render),
    under `heading` when given (drawn with the notice's text, as one element)."""
    lead: list[Block] = [Heading(heading, 3)] if heading else []
    body = notice_blocks(card) if card.change_notice is not None else [Notice("info", FIRST_VERSION)]
    render.render([*lead, *body], key=f"notice-{card.version}", styled=styled)


def what_changed(catalog: Catalog, card: ModelCard, fingerprint: str | None = None) -> None:
    """This version's notice and a summary of the differences from the version it replaces, on the
    device page (which has drawn the reader styles).

    With the catalog's fingerprint, the differences are computed once per change of the card files.
    """
    notice_view(card, styled=True, heading=WHAT_CHANGED)
    differences(catalog, card, fingerprint)


def differences(catalog: Catalog, card: ModelCard, fingerprint: str | None = None) -> None:
    """What differs from the version this one replaces, summarised, with a link to compare them.

    The summary is drawn only while its expander is open (issue 15, figure 4): for a version with a
    hundred changed fields it was the largest element of the front of pack, built, escaped and sent
    on every rerun while closed, and it needs the previous version's body, a parse of its file.
    """
    if card.change_notice is None:
        return
    previous = card.change_notice.previous_version
    entry = catalog.entry(card.device_id, previous)
    if entry is None or not entry.valid:
        st.caption(render.plain(NO_PREVIOUS.format(previous=previous)))
        return
    label = render.plain(FROM_PREVIOUS.format(previous=previous))
    with st.expander(label, expanded=False, key=DIFFERENCES_KEY, on_change="rerun") as box:
        if box.open:
            assert entry.card is not None  # valid
            if fingerprint is None:
                lines = summary_lines(diff_cards(entry.card, card))
            else:
                lines = list(_summary(card.device_id, previous, card.version, fingerprint, entry.card, card))
            st.markdown("\n".join(f"- {render.plain(line)}" for line in lines) if lines else NO_DIFFERENCES)
    compare_link(card.device_id, previous, card.version)


@st.cache_resource(max_entries=64, show_spinner=False)
def _summary(
    device_id: str, old: str, new: str, fingerprint: str, _old_card: ModelCard, _new_card: ModelCard
) -> tuple[str, ...]:
    # Diffing two versions was ~10% of a leaflet rerun; the result depends only on the card files,
    # so it is keyed on the catalog's fingerprint. A tuple of str: safe to share across sessions.
    return tuple(summary_lines(diff_cards(_old_card, _new_card)))


def _changes_frame(diff: CardDiff, section: str) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        [
            {
                "Field": field_label(c.path, section=False),
                "Change": c.kind.value,
                "Was": c.old or "",
                "Now": c.new or "",
            }
            for c in diff.section(section)
        ],
        columns=["Field", "Change", "Was", "Now"],
    )


def _metrics_frame(diff: CardDiff) -> pd.DataFrame:
    def cell(value: Estimate | None) -> str:
        return "—" if value is None else value.text

    return pd.DataFrame.from_records(
        [
            {
                "Study": m.study,
                "Row": m.row,
                "Metric": m.label,
                "Old": cell(m.old),
                "New": cell(m.new),
                "Judgement": m.judgement.value,
            }
            for m in diff.metrics
        ],
        columns=["Study", "Row", "Metric", "Old", "New", "Judgement"],
    )


def full_diff(catalog: Catalog, device_id: str, old: str, new: str) -> None:
    """Everything that differs between two public versions, with the primary metric overlaid.

    The compare page shows the change notices between the versions itself (ui/compare.py).
    """
    st.header(render.plain(DIFF_HEADER.format(old=old, new=new)), anchor=False)
    diff_view(catalog.card(device_id, old), catalog.card(device_id, new))


def diff_view(old_card: ModelCard, new_card: ModelCard) -> None:
    """The summary, the overlaid primary metric and every difference between two cards."""
    diff = diff_cards(old_card, new_card)
    old, new = old_card.version, new_card.version
    st.caption(render.plain(headline(diff)))
    lines = summary_lines(diff)
    st.markdown("\n".join(f"- {render.plain(line)}" for line in lines) if lines else NO_DIFFERENCES)

    primary = primary_metric(new_card)
    if primary is not None:
        study, metric = primary
        table = overlay_table(diff, study, metric)
        if not table.empty:
            st.plotly_chart(
                overlay_forest(diff, study, metric), key=f"overlay-{old}-{new}", config={"displaylogo": False}
            )
            st.dataframe(table, hide_index=True, width="stretch")

    for section in diff.SECTIONS:
        if diff.section(section):
            st.markdown(f"**{SECTION_TITLES[section]}**")
            st.dataframe(_changes_frame(diff, section), hide_index=True, width="stretch")
    studies = study_lines(diff)
    if studies:
        st.markdown("**Studies and subgroups**")
        st.markdown("\n".join(f"- {render.plain(line)}" for line in studies))
    if diff.metrics:
        st.markdown("**Every estimate, old and new**")
        st.dataframe(_metrics_frame(diff), hide_index=True, width="stretch")
        st.caption(JUDGEMENT_RULE)
