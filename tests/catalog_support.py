"""Read the catalog page's entries under AppTest: one sanitised HTML element lists a page of them.

Importable from every test folder (`from catalog_support import catalog_entries`): tests/ is on
sys.path because of tests/conftest.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from streamlit.testing.v1 import AppTest


@dataclass
class Entry:
    """One catalog entry as a reader sees it: texts with their character references undone."""

    name: str = ""
    badges: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    """(text, href) of every link in the entry, the card summary's own links included."""


class _EntryReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []
        self._text: list[str] | None = None
        self._href = ""
        self._in_list = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("class") or ""
        if tag == "ul" and kind == "gc-catalog":
            self._in_list = True
        elif not self._in_list:
            return
        elif tag == "li" and kind == "":
            self.entries.append(Entry())
        elif tag in ("h3", "a") or (tag, kind) in (("span", "gc-badge"), ("p", "gc-note")):
            self._text, self._href = [], dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if self._text is None or not self.entries:
            return
        text, entry = "".join(self._text), self.entries[-1]
        if tag == "h3":
            entry.name = text
        elif tag == "a":
            entry.links.append((text, self._href))
        elif tag == "span":
            entry.badges.append(text)
        elif tag == "p":
            entry.notes.append(text)
        else:
            return
        self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def entries_in(body: str) -> list[Entry]:
    """The entries of the catalog list in this HTML (ui/catalog.entries_html)."""
    reader = _EntryReader()
    reader.feed(body)
    return reader.entries


def catalog_entries(at: AppTest) -> list[Entry]:
    """The entries the catalog page lists, in page order."""
    return [entry for element in at.get("html") for entry in entries_in(element.proto.body)]


def entry_names(at: AppTest) -> list[str]:
    return [entry.name for entry in catalog_entries(at)]
