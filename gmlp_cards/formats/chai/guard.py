"""What a CHAI file or card must be for import and export to succeed, and the one-line refusals when not.

Import refuses, and never truncates: a file over the size limit (checked before it is read), a DTD or
an entity reference (`&ent;` would otherwise vanish from the text, since the parser never expands
entities), and a text longer than our card's text fields hold (the message names the element and its
line). Export refuses a card holding a character XML 1.0 cannot carry, naming the card field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from pydantic import ValidationError

from gmlp_cards.cards.loader import MAX_CARD_BYTES
from gmlp_cards.model import ModelCard

MAX_CHAI_BYTES = MAX_CARD_BYTES
"""Largest CHAI file `import chai` reads. Its draft is a card file, which must fit within the card's
own byte limit; XML carries more markup than our YAML, so a larger source could not become a valid card.
Checked on the file's size before a byte is read (a 4.8 MB file took 36 s and 636 MB to parse)."""

# XML 1.0 `Char`: tab, newline, carriage return, and everything from U+0020 except surrogates,
# U+FFFE and U+FFFF. Anything else cannot be written, not even as a character reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def size_problem(size: int) -> str | None:
    """Why a source of `size` bytes is not read; None when it is within the limit."""
    if size <= MAX_CHAI_BYTES:
        return None
    return (
        f"{size:,} bytes is over the {MAX_CHAI_BYTES:,}-byte limit for a CHAI file (the limit of a "
        "card file); not read"
    )


def element_path(element: etree._Element) -> str:
    """`ModelSummary/Summary`: the element's local names below the root, as the import report names them."""
    names = [
        etree.QName(e).localname for e in (element, *element.iterancestors()) if e.getparent() is not None
    ]
    return "/".join(reversed(names)) or etree.QName(element).localname


def entity_problem(root: etree._Element) -> str | None:
    """A DTD or entity reference, which the parser keeps unexpanded, so text after it would be lost."""
    for entity in root.iter(etree.Entity):
        parent = entity.getparent()
        where = element_path(parent) if parent is not None else "the document"
        return (
            f"line {entity.sourceline}: the entity reference {entity.text} in {where} is not "
            "allowed (entities are never expanded, so its text would be lost); write the text itself"
        )
    if root.getroottree().docinfo.internalDTD is not None:
        return "a DOCTYPE with its own declarations (DTD) is not allowed in a CHAI card; remove it"
    return None


def _holding(root: etree._Element, text: str) -> etree._Element | None:
    """The element whose text the too-long value came from (whole, stripped, or a part of it)."""
    needle = text.strip()
    for element in root.iter(etree.Element):
        if element.text and needle in element.text:
            return element
    return None


def too_long_problem(error: ValidationError, root: etree._Element) -> str | None:
    """For a source text over a card field's limit: which element, its line, its length and the limit."""
    for detail in error.errors():
        value = detail.get("input")
        if detail["type"] != "string_too_long" or not isinstance(value, str):
            continue
        limit = int(detail.get("ctx", {}).get("max_length", 0))
        element = _holding(root, value)
        where = (
            f"line {element.sourceline}: {element_path(element)}"
            if element is not None
            else ".".join(map(str, detail["loc"]))
        )
        return (
            f"{where} has a text of {len(value):,} characters, over the {limit:,} a card text "
            "holds; shorten it in the source (nothing is cut on import)"
        )
    return None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def xml_problem(card: ModelCard) -> str | None:
    """The first card field holding a character XML 1.0 cannot carry (a control character), if any."""
    bad = [
        (path, match.group())
        for path, text in _strings(card.model_dump(mode="json"), "")
        if (match := _NOT_XML.search(text))
    ]
    if not bad:
        return None
    path, char = bad[0]
    more = f" (and {len(bad) - 1} more field{'s' if len(bad) > 2 else ''})" if len(bad) > 1 else ""
    return (
        f"{path} holds U+{ord(char):04X}, a control character XML 1.0 cannot carry{more}; "
        "remove it from the card to export CHAI XML"
    )
