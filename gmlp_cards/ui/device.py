"""The device page: banners first, then version and tier selectors, the tier itself, and one download menu."""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats.html import card_json, tier_document
from gmlp_cards.model import ModelCard, Status
from gmlp_cards.render.blocks import Badge, Block
from gmlp_cards.tiers.facts import TIER_LABELS, TIERS, VersionFacts, version_facts
from gmlp_cards.tiers.pages import split_banners, tier_blocks
from gmlp_cards.ui import changes, pointofcare, render
from gmlp_cards.ui.data import get_catalog
from gmlp_cards.ui.formats import render_downloads
from gmlp_cards.ui.leaflet_view import leaflet_view
from gmlp_cards.ui.menu import PATIENT_PAGE, page_link
from gmlp_cards.ui.nav import choice_widget, reader_base_url, synced_value
from gmlp_cards.ui.render import STYLE
from gmlp_cards.ui.session import last_for_key

DOWNLOAD_MENU = "Download"
DOWNLOAD_KEY = "download-menu"  # its open state, in session state
TIER_KEY = "tier"
# Our own static styles (no card text). Issue 15: the glance must fit the first screen, so the device
# page trims Streamlit's 6rem top padding and, on phones, the title size; the selector labels are kept
# for screen readers but not drawn on phones, where their values ("1.1.0 · ... (latest)", "Front of
# pack") say what they are.
PAGE_STYLE = """<style>
[data-testid=stMainBlockContainer] {padding-top: 4rem;}
h1.gc-title {font-size: 2.75rem; font-weight: 700; line-height: 1.2; margin: 0; padding: 1.25rem 0 .5rem 0;}
p.gc-byline {font-size: .875rem; color: #55534f; margin: 0;}
@media (max-width: 640px) {
  [data-testid=stMainBlockContainer] {padding-top: 3.75rem;}
  [data-testid=stMain] h1 {font-size: 1.75rem; padding: 0 0 .25rem 0;}
  [data-testid=stMain] h3 {font-size: 1.25rem; padding: .25rem 0 0 0;}
  .st-key-tier [data-testid=stWidgetLabel], [class*="st-key-version-"] [data-testid=stWidgetLabel] {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
    white-space: nowrap;}
}
</style>"""


def version_label(catalog: Catalog, device_id: str, version: str) -> str:
    card = catalog.card(device_id, version)
    status = card.identity.status
    suffix = {Status.withdrawn: " (withdrawn)"}.get(status, "")
    if version == catalog.latest_version(device_id):
        suffix = " (latest)"
    return f"{version} · {card.identity.release_date.isoformat()}{suffix}"


def chosen_version_and_tier(
    catalog: Catalog, card: ModelCard, url_version: str | None, url_tier: str | None
) -> tuple[str, str]:
    """The (version, tier) to show, in step with the URL; the page writes them back to it and draws
    their selectors under the title that names them (`version_and_tier_selectors`)."""
    versions = _newest_first(catalog, card.device_id)
    version = synced_value(versions, url_version, card.version, _version_key(card))
    return version, synced_value(list(TIERS), url_tier, "front", TIER_KEY)


def version_and_tier_selectors(catalog: Catalog, card: ModelCard) -> None:
    """The version and tier selectors, in one row that wraps on a phone (columns were three blocks
    for two widgets)."""
    device_id = card.device_id
    with st.container(horizontal=True, gap="medium"):
        choice_widget(
            "Version",
            _newest_first(catalog, device_id),
            _version_key(card),
            format_func=lambda v: version_label(catalog, device_id, v),
        )
        choice_widget("Show", list(TIERS), TIER_KEY, format_func=lambda t: TIER_LABELS[t], widget="segmented")


def _newest_first(catalog: Catalog, device_id: str) -> list[str]:
    return list(reversed(catalog.versions(device_id)))  # newest first, as readers expect


def _version_key(card: ModelCard) -> str:
    return f"version-{card.device_id}"


def header(card: ModelCard, blocks: Sequence[Block]) -> Sequence[Block]:
    """Name and version, then maker, status and release, then the tier's leading badge and notices
    (fictional, not issued, newer version): what a reader checks before anything else. Returns the
    tier's other blocks."""
    identity = card.identity
    released = f"{identity.status.value} {identity.release_date.isoformat()}"
    byline = " · ".join((identity.manufacturer.name, released, identity.modality))
    title = f"{identity.device_name} {card.version}"
    lead, rest = split_banners(blocks)
    badges = "".join(render.badge_html(block.text) for block in lead if isinstance(block, Badge))
    # One element for the page's styles (every render() of this page passes styled=True), its title,
    # the byline and the badge: four were drawn, each laid out apart, three read as Markdown (issue 15).
    st.html(
        f'{PAGE_STYLE}{STYLE}<h1 class="gc-title">{html.escape(title)}</h1>'
        f'<p class="gc-byline">{html.escape(byline)}</p>{badges}'
    )
    # Patients reach their own page from here, for the same version (QR labels point at this page).
    page_link(
        PATIENT_PAGE,
        label="Information for patients (plain language)",
        icon=":material/person:",
        query_params={"device": card.device_id, "version": card.version},
    )
    render.render([b for b in lead if not isinstance(b, Badge)], key="banners", styled=True)
    return rest


@st.cache_data(max_entries=64, show_spinner="Preparing the download…")
def _export(device_id: str, version: str, tier: str, fingerprint: str, base_url: str) -> str:
    # Keyed on the catalog fingerprint, so an edited card gives a fresh file; the catalog itself
    # comes from the shared cache and is not re-parsed here. Keyed on the base URL too: the file's
    # links lead to the address this reader used (ui/nav.reader_base_url).
    del fingerprint
    catalog = get_catalog()
    card = catalog.card(device_id, version)
    return tier_document(
        card, tier, version_facts(catalog, card), catalog.history(device_id), base_url=base_url
    )


def downloads(card: ModelCard, tier: str, fingerprint: str) -> None:
    """Every file of this tier and card in ONE menu (issue 15): seven buttons in a row cut their labels
    and pushed the glance below the fold; a popover shows each label whole, one per line."""
    stem = f"{card.device_id}-{card.version}"
    # Lazy (issue 17): eight buttons and their checks were a fifth of a warm rerun; the menu's
    # content is built only while it is open (opening it reruns the page).
    with st.popover(DOWNLOAD_MENU, icon=":material/download:", on_change="rerun", key=DOWNLOAD_KEY) as menu:
        if not menu.open:
            return
        base = reader_base_url()
        # Deferred: the leaflet file inlines plotly.js (megabytes), so build it only when asked.
        st.download_button(
            f"{TIER_LABELS[tier]} (HTML, printable)",
            data=lambda: _export(card.device_id, card.version, tier, fingerprint, base),
            file_name=f"{stem}-{tier}.html",
            mime="text/html",
            icon=":material/download:",
            on_click="ignore",
            key=f"dl-html-{tier}",
            width="stretch",
        )
        st.download_button(
            "Card (JSON)",
            data=lambda: card_json(card),
            file_name=f"{stem}.json",
            mime="application/json",
            icon=":material/download:",
            on_click="ignore",
            key="dl-json",
            width="stretch",
        )
        render_downloads(card, tier, fingerprint, base)


def page_blocks(
    catalog: Catalog, card: ModelCard, tier: str, facts: VersionFacts, fingerprint: str | None = None
) -> Sequence[Block]:
    """The tier's blocks; with the catalog's fingerprint, they and their figures are built only once."""
    if fingerprint is None:
        return tier_blocks(card, tier, facts, catalog.history(card.device_id))
    key = (card.device_id, card.version, tier, fingerprint)
    return last_for_key("page-blocks", key, lambda: _cached_blocks(key, (catalog, card, facts)))


def tier_view(
    catalog: Catalog, card: ModelCard, tier: str, blocks: Sequence[Block], fingerprint: str
) -> None:
    """Draw the tier's blocks, then the interactive tools that go with it, then what changed.

    The leaflet is drawn by sections, each only when opened (ui/leaflet_view.py); its "Update
    history" carries every change notice, so this version's notice is not drawn a second time.
    """
    if tier == "leaflet":
        history = {"update-history": lambda: changes.differences(catalog, card, fingerprint)}
        leaflet_view(card, blocks, after=history)
        changes.changed_since(catalog, card)
        return
    render.render(blocks, key=tier, styled=True)
    # Interactive tools: they take the reader's input, so they are not part of the printable blocks.
    if tier == "back":
        pointofcare.applicability_check(card)
    if tier == "front":  # the glance is read first; its files follow it
        downloads(card, tier, fingerprint)
    changes.changed_since(catalog, card)
    changes.what_changed(catalog, card, fingerprint)


@st.cache_resource(max_entries=32, show_spinner=False)
def _cached_blocks(
    key: tuple[str, str, str, str], _inputs: tuple[Catalog, ModelCard, VersionFacts]
) -> tuple[Block, ...]:
    # `key` is (device, version, tier, catalog fingerprint). Two parameters, not seven: Streamlit
    # inspects the function's signature once per argument on every call, a tenth of a warm rerun.
    # Building Plotly figures is ~80% of a leaflet rerun (template deep copies in update_layout);
    # the blocks depend only on the card files, so they are keyed on the catalog's fingerprint.
    # Shared across sessions: renderers only read blocks, and a figure is built once (a race
    # builds it twice, harmlessly). `prepare` also keeps each figure's serialised form and each
    # table's Arrow form, which Streamlit would otherwise recompute on every rerun.
    device_id, _, tier, _ = key
    catalog, card, facts = _inputs
    return render.prepare(tier_blocks(card, tier, facts, catalog.history(device_id)))
