"""Helpers to read what portal pages show under AppTest (apptest_support.open_page opens them)."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
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


def _in_page_order(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _in_page_order(child)


def dataframes(at: AppTest) -> list[Any]:
    """Every table on the page in page order: st.dataframe's frames, and the wrapping HTML tables
    (render/table_html.py) as frames of the text they show."""
    found: list[Any] = []
    for node in _in_page_order(at._tree):
        if getattr(node, "type", None) == "dataframe":
            found.append(node.value)
        elif getattr(node, "type", None) == "html":
            found += _tables_in(node.proto.body)
    return found


def table_captions(at: AppTest) -> list[str]:
    """The caption of every table: a dataframe's bold line above it, an HTML table's <caption>."""
    bold = [text[2:-2] for text in texts(at, "markdown") if text.startswith("**") and text.endswith("**")]
    reader = _TableReader()
    reader.feed(html_bodies(at))
    return bold + reader.captions


class _TableReader(HTMLParser):
    """The cells of every <table class="gc-table"> (render/table_html.py), row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.captions: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "gc-table") in attrs:
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("th", "td", "caption") and self.tables:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._cell is not None:
            self.captions.append("".join(self._cell))
            self._cell = None
        elif tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _tables_in(body: str) -> list[pd.DataFrame]:
    """The tables drawn as wrapping HTML, header row as columns, every cell as its shown text."""
    reader = _TableReader()
    reader.feed(body)
    return [pd.DataFrame(rows[1:], columns=rows[0]) for rows in reader.tables if rows]
