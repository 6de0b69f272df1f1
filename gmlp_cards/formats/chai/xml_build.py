"""Building CHAI XML: qualified names, sub-elements with text, yes/no, the not-in-card filler."""

from __future__ import annotations

from lxml import etree

from gmlp_cards.formats.chai.schema import CHAI_NS

NOT_IN_CARD = "Not stated in this card."
"""For elements CHAI requires but our card format has no field for (funding, stakeholders)."""


def qname(name: str) -> str:
    return f"{{{CHAI_NS}}}{name}"


def sub_element(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, qname(name))


def text_element(parent: etree._Element, name: str, text: str) -> etree._Element:
    element = sub_element(parent, name)
    element.text = text
    return element


def yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")
