"""Streamlit renderers for the other formats: download buttons, the HTI-1 table, the imported-draft banner."""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from gmlp_cards.formats.chai.export import export_chai
from gmlp_cards.formats.chai.guard import xml_problem
from gmlp_cards.formats.fhir import FHIR_MIME
from gmlp_cards.formats.hti1 import hti1_attributes
from gmlp_cards.formats.pdf import unavailable_reason
from gmlp_cards.formats.qr import deep_link, label_title, qr_png, qr_svg
from gmlp_cards.model import ModelCard
from gmlp_cards.render.safe_markdown import escape_markdown
from gmlp_cards.tiers.facts import TIER_LABELS
from gmlp_cards.ui.nav import reader_base_url

IMPORTED_DRAFT = (
    "Imported draft — converted from {source}. It is not a published card: "
    "{gaps} fields are still missing or assumed, and it cannot be published until they are filled."
)


@st.cache_data(max_entries=32, show_spinner="Printing the PDF…")
def _pdf(device_id: str, version: str, tier: str, base_url: str) -> bytes:
    # Deferred and cached: printing takes Chromium a few seconds, so only on request and only once
    # per base URL (readers reaching the portal by two addresses get links to the one they used).
    from gmlp_cards.formats.pdf import tier_pdf
    from gmlp_cards.ui.data import get_catalog

    catalog = get_catalog()
    return tier_pdf(catalog, catalog.card(device_id, version), tier, base_url=base_url)


@st.cache_data(max_entries=32, show_spinner="Building the FHIR Bundle…")
def _fhir(device_id: str, version: str, fingerprint: str) -> bytes:
    # Deferred and cached like the PDF: the Bundle carries the leaflet HTML with its charts (seconds).
    # Keyed on the card folder's fingerprint too, so an edited draft is exported afresh.
    from gmlp_cards.formats.fhir import export_fhir
    from gmlp_cards.ui.data import get_catalog

    catalog = get_catalog()
    return export_fhir(catalog, catalog.card(device_id, version))


def _fhir_now(card: ModelCard) -> bytes:
    from gmlp_cards.ui.data import get_catalog_and_fingerprint

    return _fhir(card.device_id, card.version, get_catalog_and_fingerprint()[1])


@st.cache_resource(max_entries=64, show_spinner=False)
def _chai_problem(device_id: str, version: str, fingerprint: str, _card: ModelCard) -> str | None:
    # Checking every card string for characters XML cannot carry was a fifth of a leaflet rerun; the
    # answer depends only on the card files, so it is keyed on the catalog's fingerprint.
    return xml_problem(_card)


def render_downloads(
    card: ModelCard, tier: str = "front", fingerprint: str | None = None, base_url: str | None = None
) -> None:
    """Download buttons for CHAI XML, HTI-1 JSON, the FHIR R4 Bundle, the tier as PDF, and its QR label
    (PNG, SVG), one per line and full width (the device page puts them in its one download menu).
    With the catalog's fingerprint, what is checked once per card file is not checked on every rerun.
    The PDF's links and the label's URL start with `base_url` (ui/nav.reader_base_url by default)."""
    stem = f"{card.device_id}-{card.version}"
    base = base_url or reader_base_url()
    url = deep_link(card.device_id, card.version, tier, base)
    title = label_title(card)
    buttons: list[tuple[str, Callable[[], str | bytes], str, str, str]] = [
        ("CHAI model card (XML)", lambda: export_chai(card), f"{stem}.chai.xml", "application/xml", "chai"),
        (
            "HTI-1 source attributes (JSON)",
            lambda: json.dumps(hti1_attributes(card), indent=2, ensure_ascii=False) + "\n",
            f"{stem}.hti1.json",
            "application/json",
            "hti1",
        ),
        (
            "FHIR R4 Bundle (JSON)",
            lambda: _fhir_now(card),
            f"{stem}.fhir.json",
            FHIR_MIME,
            "fhir",
        ),
        (
            f"{TIER_LABELS[tier]} (PDF)",
            lambda: _pdf(card.device_id, card.version, tier, base),
            f"{stem}-{tier}.pdf",
            "application/pdf",
            f"pdf-{tier}",
        ),
        (
            "QR label (PNG)",
            lambda: qr_png(url, title=title),
            f"{stem}-{tier}-qr.png",
            "image/png",
            f"qr-png-{tier}",
        ),
        (
            "QR label (SVG)",
            lambda: qr_svg(url, title=title),
            f"{stem}-{tier}-qr.svg",
            "image/svg+xml",
            f"qr-svg-{tier}",
        ),
    ]
    no_pdf = unavailable_reason()
    no_chai = (
        xml_problem(card)
        if fingerprint is None
        else _chai_problem(card.device_id, card.version, fingerprint, card)
    )
    for label, data, name, mime, key in buttons:
        # Say why instead of offering a button that would fail on click.
        if key.startswith("pdf-") and no_pdf is not None:
            st.caption(f"PDF printing is not available on this server: {no_pdf}.")
            continue
        if key == "chai" and no_chai is not None:
            st.caption(escape_markdown(f"CHAI XML is not available for this card: {no_chai}."))
            continue
        st.download_button(
            label,
            data=data,
            file_name=name,
            mime=mime,
            icon=":material/download:",
            on_click="ignore",
            key=f"dl-{key}",
            width="stretch",
        )


def imported_draft_notice(card: ModelCard) -> bool:
    """A warning on a card imported from another format; True when one was shown."""
    provenance = card.identity.provenance
    if provenance is None:
        return False
    # The source file name is whatever the import was given (or the card file says): card text.
    notice = IMPORTED_DRAFT.format(source=provenance.source_file, gaps=len(provenance.gaps))
    st.warning(escape_markdown(notice), icon=":material/move_to_inbox:")
    return True
