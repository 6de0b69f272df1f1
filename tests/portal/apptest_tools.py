"""Helpers to read what portal pages show under AppTest (apptest_support.open_page opens them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from gmlp_cards.cards.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = ROOT / "model_cards"


def example_versions() -> list[tuple[str, str]]:
    """(device, version) of every public example card, discovered when tests are collected."""
    catalog = Catalog.load(EXAMPLES_DIR)
    return [(d, v) for d in catalog.device_ids() for v in catalog.versions(d)]


def example_devices() -> list[str]:
    return Catalog.load(EXAMPLES_DIR).device_ids()


def elements(at: AppTest, kind: str) -> list[Any]:
    return list(at.get(kind))


def html_bodies(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
"""The elements that show text and read it as Markdown."""


def texts(at: AppTest, *kinds: str) -> list[str]:
    """Values of text elements (title, header, markdown, caption, info, warning, error, ...)."""
    kinds = kinds or TEXT_ELEMENTS
    return [str(e.value) for kind in kinds for e in at.get(kind)]


def all_text(at: AppTest) -> str:
    return "\n".join(texts(at)) + "\n" + html_bodies(at)


def page_links(at: AppTest) -> list[tuple[str, str, str]]:
    """(page, label, query string) of every st.page_link."""
    return [(e.proto.page, e.proto.label, e.proto.query_string) for e in at.get("page_link")]


def dataframes(at: AppTest) -> list[Any]:
    return [e.value for e in at.get("dataframe")]
