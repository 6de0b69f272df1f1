"""QR labels for the stable deep link of a card tier, as PNG and SVG (segno; the PNG's text by Pillow)."""

from __future__ import annotations

import io
import textwrap
from urllib.parse import urlencode

import segno
from lxml import etree

from gmlp_cards.config import base_url_problem, public_base_url
from gmlp_cards.model import ModelCard

_SVG = "http://www.w3.org/2000/svg"

INK, WARNING = "#000000", "#b00020"
"""Label text colours: black, and a dark red (6.5:1 on white) for a warning."""

ERROR_LEVEL = "m"
"""Level M (15% recovery): survives a scuffed printed label and still gives a small code for our URLs."""


def deep_link(device_id: str, version: str, tier: str = "front", base: str | None = None) -> str:
    """The stable address of one tier of one card version: `<base>/device?device=..&version=..&tier=..`.

    The patient view is its own page (`/patient?device=..&version=..`), so its label points there.
    """
    root = (base or public_base_url()).rstrip("/")
    if tier == "patient":
        return f"{root}/patient?{urlencode({'device': device_id, 'version': version})}"
    query = urlencode({"device": device_id, "version": version, "tier": tier})
    return f"{root}/device?{query}"


def _code(url: str) -> segno.QRCode:
    # boost_error=False keeps the declared level, so the same URL always gives the same symbol.
    return segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)


def _label_lines(url: str, title: str | None, per_line: int) -> list[tuple[str, str]]:
    """What a label says under its code, (line, colour): the device and version, the URL, and in
    red why the URL would not open elsewhere (config.base_url_problem), for SVG and PNG alike."""
    lines = [(line, INK) for line in textwrap.wrap(title or "", per_line)]
    lines += [(url[i : i + per_line], INK) for i in range(0, len(url), per_line)]
    problem = base_url_problem(url)
    if problem is not None:
        lines += [(line, WARNING) for line in textwrap.wrap(f"Not for print: {problem}", per_line)]
    return lines


def _text_layout(code: segno.QRCode, scale: int) -> tuple[int, int, int]:
    """(width and height of the code, text size in px), shared by both kinds of label."""
    width, height = code.symbol_size(scale=scale, border=4)
    size = max(10, scale * 3 // 2)  # text of about a third of a code's module row per line
    return int(width), int(height), size


def _per_line(width: int, size: int, scale: int) -> int:
    # Within the code's width less its left quiet zone; sans-serif runs at about 0.55 em a character.
    return max(16, int((width - 4 * scale) / (size * 0.55)))


def label_title(card: ModelCard) -> str:
    """What a label names above its address: the device and the card version."""
    return f"{card.identity.device_name} {card.version}"


def qr_png(url: str, title: str | None = None, scale: int = 8) -> bytes:
    """A PNG label: the code and, drawn under it, the same text as the SVG label (`_label_lines`);
    the lines are also stored as the PNG's Title and Description, for software that reads them."""
    from PIL import Image, ImageDraw, ImageFont, PngImagePlugin  # only when a PNG label is made

    code = _code(url)
    symbol = io.BytesIO()
    code.save(symbol, kind="png", scale=scale, border=4)
    width, height, size = _text_layout(code, scale)
    lines = _label_lines(url, title, _per_line(width, size, scale))
    total = height + size // 2 + len(lines) * (size + 4)
    label = Image.new("RGB", (width, total), "#ffffff")
    label.paste(Image.open(symbol).convert("RGB"), (0, 0))
    draw = ImageDraw.Draw(label)
    font = ImageFont.load_default(size=size)  # Pillow's own scalable font: no system font needed
    for number, (line, colour) in enumerate(lines):
        draw.text((4 * scale, height + (number + 1) * (size + 4)), line, fill=colour, font=font, anchor="ls")
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Title", title or "QR code")
    info.add_itxt("Description", "\n".join(line for line, _ in lines))
    out = io.BytesIO()
    label.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def qr_svg(url: str, title: str | None = None, scale: int = 8) -> bytes:
    """An SVG label: the code, and under it in text the device and version (`title`) and the URL.

    A label is read by people too: the text says what the code opens when no phone is at hand,
    and a label whose link works only on the portal's own machine says so in red (the base URL
    is still localhost: config.base_url_problem). Title and description serve screen readers.
    """
    code = _code(url)
    width, height, size = _text_layout(code, scale)
    lines = _label_lines(url, title, _per_line(width, size, scale))
    total = height + size // 2 + len(lines) * (size + 4)
    svg = etree.Element(
        f"{{{_SVG}}}svg",
        nsmap={None: _SVG},
        width=str(width),
        height=str(total),
        viewBox=f"0 0 {width} {total}",
        role="img",
    )
    etree.SubElement(svg, f"{{{_SVG}}}title").text = title or "QR code"
    etree.SubElement(svg, f"{{{_SVG}}}desc").text = url
    etree.SubElement(svg, f"{{{_SVG}}}rect", width=str(width), height=str(total), fill="#fff")
    symbol = io.BytesIO()
    code.save(symbol, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, nl=False)
    svg.append(etree.fromstring(symbol.getvalue()))
    for number, (line, colour) in enumerate(lines):
        text = etree.SubElement(
            svg,
            f"{{{_SVG}}}text",
            x=str(4 * scale),
            y=str(height + (number + 1) * (size + 4)),
            fill=colour,
            style=f"font-family:sans-serif;font-size:{size}px",
        )
        text.text = line  # lxml escapes it: a device name cannot inject markup
    return etree.tostring(svg, xml_declaration=True, encoding="utf-8")
