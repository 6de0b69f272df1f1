"""QR labels for the stable deep link of a card tier, as PNG and SVG (segno: pure Python, no Pillow)."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno

from gmlp_cards.config import public_base_url

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


def qr_png(url: str, scale: int = 8) -> bytes:
    """PNG bytes; `scale` pixels per module (8 gives ~3 cm at 300 dpi for our URLs)."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(url: str, title: str | None = None, scale: int = 8) -> bytes:
    """SVG bytes with a title and description for screen readers; scalable for print."""
    buffer = io.BytesIO()
    _code(url).save(
        buffer,
        kind="svg",
        scale=scale,
        border=4,
        xmldecl=True,
        svgns=True,
        title=title or "QR code",
        desc=url,
        unit="px",
    )
    return buffer.getvalue()
