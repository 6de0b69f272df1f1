"""A long tier cut into its sections: one per section heading (level 2), for contents lists and lazy views.

The leaflet runs to some 150 blocks (31 screens, issue 15). The device page draws each section only
when the reader opens it, and the printable HTML gives every section an anchor; both read the cut
from here so the screen and the file agree on what a section is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from gmlp_cards.render.blocks import Block, Heading


@dataclass(frozen=True)
class Section:
    """`title` is the heading's text (empty for blocks before the first heading); `slug` is unique in
    its tier, made of lowercase ASCII letters, digits and hyphens, and stays the same for the same title."""

    title: str
    slug: str
    blocks: tuple[Block, ...]


def slug_of(text: str) -> str:
    """`Training and test data` -> `training-and-test-data`; accents dropped, never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def heading_slugs(blocks: Sequence[Block]) -> dict[int, str]:
    """The slug of every section heading (level 2), by the heading's index among `blocks`."""
    slugs: dict[int, str] = {}
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level <= 2:
            slug = base = block.anchor or slug_of(block.text)
            count = 1
            while slug in slugs.values():  # two sections of one title keep distinct anchors
                count += 1
                slug = f"{base}-{count}"
            slugs[index] = slug
    return slugs


def sections(blocks: Sequence[Block]) -> list[Section]:
    """Split at every level-2 heading, the heading itself left out of its section's blocks."""
    slugs = heading_slugs(blocks)
    cut: list[tuple[str, str, list[Block]]] = []
    for index, block in enumerate(blocks):
        if index in slugs:
            assert isinstance(block, Heading)
            cut.append((block.text, slugs[index], []))
        elif cut:
            cut[-1][2].append(block)
        else:
            cut.append(("", "", [block]))
    return [Section(title, slug, tuple(items)) for title, slug, items in cut]
