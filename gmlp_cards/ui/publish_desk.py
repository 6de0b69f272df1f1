"""The manufacturer's publishing page: start a draft, check it, preview it in every tier, see its diff
against the latest published version, publish it. Call only after `require_desk_user()`.

The steps are the CLI's (gmlp_cards.cards.publishing), so the page and `gmlp-cards publish` refuse the
same drafts for the same reasons. The page writes to the card folder of this server: it suits a
single authoring instance; replicas that serve readers get their cards from version control.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gmlp_cards.cards.card_file import CardFile
from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.publishing import BUMPS, REFUSALS, blockers, publish, start_draft
from gmlp_cards.cli.new_device import FIRST_VERSION, new_device
from gmlp_cards.model import Status
from gmlp_cards.tiers.facts import TIER_LABELS, TIERS, version_facts
from gmlp_cards.tiers.pages import tier_blocks
from gmlp_cards.ui import changes, findings, formats, render
from gmlp_cards.ui.data import cards_changed

TITLE = "Publish versions"
EVIDENCE_TAB = "Evidence checks"
EVIDENCE_PUBLISHED = "Evidence checks of published versions (GMLP coverage, data, readability)"
NO_DRAFTS = (
    "There is no draft to publish. Start one below (a new version, or a new device), or with "
    "`gmlp-cards new-version DEVICE` or `gmlp-cards new-device ID`, then edit its YAML file."
)
READY = "This draft passes every check and can be published."
NOT_READY = "This draft cannot be published yet:"
PUBLISHED = "Published {device} {version}; its SHA-256 is recorded in the lock ({sha})."
SINGLE_INSTANCE = (
    "Publishing writes to the card folder of this server ({root}). Commit the "
    "changed card and cards.lock.json to version control so every replica serves them."
)


def drafts(catalog: Catalog) -> list[CardFile]:
    """Card files that parsed and say `status: draft`, valid or not, in catalog order."""
    return [
        f for f in catalog.files if f.loaded is not None and f.loaded.card.identity.status is Status.draft
    ]


_FLASH = "gc_publish_flash"


def render_publishing(catalog: Catalog, root: Path, user: str) -> None:
    st.title(TITLE, anchor=False)
    st.caption(render.plain(f"Signed in as {user}. " + SINGLE_INSTANCE.format(root=str(root))))
    if _FLASH in st.session_state:  # the outcome of the step that triggered this rerun
        st.success(render.plain(st.session_state.pop(_FLASH)))
    _start_form(catalog, root)
    _new_device_form(root)
    _published_checks(catalog)
    found = drafts(catalog)
    if not found:
        st.info(NO_DRAFTS)
        return
    labels = {f"{f.device_id} {f.version}": f for f in found}
    choice = st.selectbox("Draft", list(labels), key="gc_publish_draft")
    entry = labels[choice]
    assert entry.loaded is not None
    card = entry.loaded.card

    formats.imported_draft_notice(card)  # a draft imported from CHAI says so, with its gap count
    reasons = blockers(catalog, entry)
    if reasons:
        st.error(NOT_READY)
        st.code("\n".join(reasons), language=None, wrap_lines=True)
    else:
        st.success(READY)

    st.subheader("Preview", anchor=False)
    facts = version_facts(catalog, card)
    history = [*catalog.history(card.device_id), card]
    tabs = st.tabs([*(TIER_LABELS[t] for t in TIERS), EVIDENCE_TAB])
    for tab, tier in zip(tabs, TIERS, strict=False):
        with tab:
            render.render(tier_blocks(card, tier, facts, history), key=f"publish-{tier}")
    with tabs[-1]:
        findings.evidence_detail(card)

    latest = catalog.latest(card.device_id)
    st.subheader("Change notice", anchor=False)
    changes.notice_view(card)
    if latest is not None:
        st.subheader(
            render.plain(f"Differences from the latest published version, {latest.version}"), anchor=False
        )
        changes.diff_view(latest, card)

    if st.button(
        render.plain(f"Publish {choice}"), type="primary", disabled=bool(reasons), key="gc_publish_go"
    ):
        try:
            outcome = publish(root, card.device_id, card.version)
        except REFUSALS as error:
            st.error(NOT_READY)
            st.code("\n".join(getattr(error, "reasons", [str(error)])), language=None, wrap_lines=True)
            return
        cards_changed()  # the catalog is read again at once, whether or not the watcher saw it yet
        st.session_state[_FLASH] = PUBLISHED.format(
            device=card.device_id, version=card.version, sha=outcome.sha256
        )
        st.rerun()


def _published_checks(catalog: Catalog) -> None:
    """The evidence checks of any public version: what `gmlp-cards lint` reports, on screen."""
    versions = [f"{d} {v}" for d in catalog.device_ids() for v in reversed(catalog.versions(d))]
    if not versions:
        return
    with st.expander(EVIDENCE_PUBLISHED):
        choice = st.selectbox("Version", versions, key="gc_publish_checks")
        device_id, version = choice.split(" ", 1)
        findings.evidence_detail(catalog.card(device_id, version))


def _start_form(catalog: Catalog, root: Path) -> None:
    devices = catalog.device_ids()
    if not devices:
        return
    with st.expander("Start a new version", expanded=False), st.form("gc_publish_start"):
        device = st.selectbox("Device", devices, key="gc_publish_device")
        part = st.selectbox("Version bump", BUMPS, index=BUMPS.index("minor"), key="gc_publish_bump")
        if not st.form_submit_button("Start a draft"):
            return
    try:
        outcome = start_draft(root, device, part)
    except REFUSALS as error:
        st.error("\n\n".join(render.plain(r) for r in getattr(error, "reasons", [str(error)])))
        return
    cards_changed()
    st.session_state[_FLASH] = (
        f"Started draft {outcome.version} at {outcome.path}. Edit it, then come back here."
    )
    st.rerun()


def _new_device_form(root: Path) -> None:
    """`gmlp-cards new-device` on the page: a short schema-2 draft 1.0.0 with a TODO in every field."""
    with st.expander("Start a new device", expanded=False), st.form("gc_publish_new_device"):
        device = st.text_input(
            "Device id",
            key="gc_new_device_id",
            placeholder="acme-cxr",
            help="Lower-case letters, digits and hyphens: the folder name, and the id in every link.",
        )
        if not st.form_submit_button("Start its first draft"):
            return
    try:
        path = new_device(root, device.strip())
    except ValueError as error:  # a bad id, a device that exists, a folder we may not write
        st.error(render.plain(str(error)))  # the form keeps what was typed
        return
    cards_changed()
    st.session_state[_FLASH] = (
        f"Started draft {FIRST_VERSION} of {device.strip()} at {path}. "
        "Replace every TODO, then come back here."
    )
    st.rerun()
