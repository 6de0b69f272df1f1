"""One CHAI document being read (`Source`): element access by path plus the import's growing records.

Its own module so that the section readers (sections, context, evidence) take a Source without importing
the orchestrator (`importer`), which imports them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from gmlp_cards.formats.chai.schema import CHAI_NS
from gmlp_cards.model.provenance import NOT_STATED, Gap, GapKind, SourceText

_NONE_LIKE = {
    "",
    "none",
    "n/a",
    "na",
    "none.",
    "n/a.",
    "not applicable",
    "none known.",
    "none known",
    "not stated in this card.",
}


def is_none_like(text: str | None) -> bool:
    return (text or "").strip().lower() in _NONE_LIKE


@dataclass
class Source:
    """Read access to one CHAI document, by element path, plus the import's growing records."""

    root: etree._Element
    release_date: dt.date = dt.date(1970, 1, 1)
    schema: int = 1
    """The card schema of the draft: 2 only for our own export of a schema-2 card."""
    gaps: list[Gap] = field(default_factory=list)
    unmapped: list[SourceText] = field(default_factory=list)

    def element(self, path: str) -> etree._Element | None:
        node: etree._Element | None = self.root
        for name in path.split("/"):
            node = None if node is None else node.find(f"{{{CHAI_NS}}}{name}")
        return node

    def text(self, path: str) -> str | None:
        node = self.element(path)
        text = (node.text or "").strip() if node is not None else ""
        return text or None

    def missing(self, path: str, need: str, placeholder: Any = NOT_STATED) -> Any:
        self.gaps.append(Gap(field=path, kind=GapKind.missing, need=need))
        return placeholder

    def assumed(self, path: str, need: str, value: Any) -> Any:
        self.gaps.append(Gap(field=path, kind=GapKind.assumed, need=need))
        return value

    def keep(self, element: str, text: str | None) -> None:
        """Keep source text we could not place, unless it is empty or our own 'not stated' filler."""
        if text and text.strip() and not is_none_like(text):
            self.unmapped.append(SourceText(element=element, text=text.strip()))

    def keep_elements(self, *elements: str) -> None:
        """Keep each element's own text verbatim (`keep`): elements read only in part, or not at all."""
        for element in elements:
            self.keep(element, self.text(element))
