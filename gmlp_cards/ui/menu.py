"""The portal's pages, declared once: script, menu title, icon and URL path; and every link to them.

The URL paths are a public contract: clinicians paste them into protocols and QR labels.
The page scripts live in views/, not pages/: with a pages/ folder beside the entry point, Streamlit
1.67 serves a deep link that is the first request after a start (a scanned QR label) as a bare
file-based page, skipping app.py, and then shows its file-name menu to every session.
A flat list: Streamlit's sectioned sidebar markup fails axe's list rules (STREAMLIT_NOTES.md).
Titles in the interface language the address asks for (`?lang=ko` on a patient page), English
otherwise (tiers/patient_words.py; a language without them falls back to English).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from gmlp_cards.tiers.patient_words import text
from gmlp_cards.ui.session import once_per_session

CATALOG_PAGE = "views/catalog.py"
DEVICE_PAGE = "views/device.py"
PATIENT_PAGE = "views/patient.py"
COMPARE_PAGE = "views/compare.py"
REPORT_PAGE = "views/report.py"
DESK_PAGE = "views/desk.py"
PUBLISH_PAGE = "views/publish.py"


@dataclass(frozen=True)
class PortalPage:
    script: str
    title: str  # a key of tiers/patient_words, in the reader's language
    icon: str
    url_path: str  # "" for the default page, "/"


MENU = (
    PortalPage(CATALOG_PAGE, "nav_catalog", ":material/list:", ""),
    PortalPage(DEVICE_PAGE, "nav_device", ":material/description:", "device"),
    PortalPage(PATIENT_PAGE, "nav_patient", ":material/person:", "patient"),
    PortalPage(COMPARE_PAGE, "nav_compare", ":material/compare_arrows:", "compare"),
    PortalPage(REPORT_PAGE, "nav_report", ":material/mail:", "report"),
    PortalPage(DESK_PAGE, "nav_desk", ":material/inventory_2:", "desk"),
    PortalPage(PUBLISH_PAGE, "nav_publish", ":material/publish:", "publish"),
)
_REGISTERED = "gc-menu-pages"  # this run's pages by script, for page_link


def pages(lang: str) -> list[StreamlitPage]:
    """The pages for st.navigation, titled in `lang`; made once per session and language."""
    made = once_per_session(f"menu-{lang}", lambda: [_page(entry, lang) for entry in MENU])
    st.session_state[_REGISTERED] = {entry.script: page for entry, page in zip(MENU, made, strict=True)}
    return made


def _page(entry: PortalPage, lang: str) -> StreamlitPage:
    title = text(lang, entry.title)
    if not entry.url_path:
        return st.Page(entry.script, title=title, icon=entry.icon, default=True)
    return st.Page(entry.script, title=title, icon=entry.icon, url_path=entry.url_path)


def page_link(script: str, *, label: str, icon: str, query_params: Mapping[str, str] | None = None) -> None:
    """A link to the page of `script`, by the page object this session registered when there is one:
    Streamlit resolves a script path on disk for every link it draws (20 a catalog page), not a page."""
    target = st.session_state.get(_REGISTERED, {}).get(script, script)
    st.page_link(target, label=label, icon=icon, query_params=dict(query_params or {}))
