"""The server's PDF printer fetches nothing for a card: no image, not even from an allowed host (SSRF).

A loopback listener counts every connection while cards whose text asks for images there, in every
Markdown form and in every kind of field, are printed; it must count none.
"""

from __future__ import annotations

import io
import logging
import os
import unicodedata
from collections.abc import Iterator

import pytest
from pypdf import PdfReader
from remote_images import DEVICE_ID, CountingListener, write_image_cards

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats import pdf
from gmlp_cards.formats.pdf import CHROMIUM, html_to_pdf, tier_html, tier_pdf

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="Debian's chromium is not installed"
)


@pytest.fixture(scope="module")
def listener() -> Iterator[CountingListener]:
    with CountingListener() as running:
        yield running


@pytest.fixture(scope="module")
def image_catalog(listener: CountingListener, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    catalog = Catalog.load(write_image_cards(tmp_path_factory.mktemp("cards"), listener.base))
    assert catalog.versions(DEVICE_ID) == ["1.0.0", "1.1.0"], catalog.problems
    return catalog


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in reader.pages))
    return " ".join(text.split())


# What each tier shows of the image-laden fields: its image must be printed as "Image: <alt>".
SHOWN = {
    "front": "Image: warning inline chart",
    "back": "Image: workflow inline chart",
    "leaflet": "Image: notice-action inline chart",
    "patient": "Image: patient-summary inline chart",
}


@needs_chromium
@pytest.mark.parametrize("tier", list(SHOWN))
def test_printing_a_tier_fetches_none_of_its_images_and_prints_them_as_links(
    image_catalog: Catalog, listener: CountingListener, tier: str
) -> None:
    card = image_catalog.card(DEVICE_ID, "1.1.0")
    before = listener.connections
    text = _text(tier_pdf(image_catalog, card, tier))
    assert listener.connections == before, listener.paths
    assert SHOWN[tier] in text


def _raw_document(base: str, host: str) -> str:
    """HTML the sanitiser would never make (no policy either): every way a page asks for something."""
    return (
        f'<!DOCTYPE html><html><head><link rel="stylesheet" href="{base}/style.css">'
        f'<link rel="preconnect" href="{base}"><link rel="prefetch" href="{base}/prefetch">'
        f'<style>body {{background: url("{base}/background.png")}}'
        f'@font-face {{font-family: x; src: url("{base}/font.woff")}} p {{font-family: x}}</style>'
        f'<script src="{base}/script.js"></script></head><body><p>raw</p>'
        f'<img src="{base}/img.png"><iframe src="{base}/frame"></iframe><object data="{base}/object">'
        f"</object><script>fetch('{base}/fetch').catch(() => 0);"
        f"navigator.sendBeacon('{base}/beacon');"
        f"try {{ new WebSocket('ws://{host}/socket'); }} catch (e) {{}}</script></body></html>"
    )


@needs_chromium
def test_the_printer_reaches_no_address_even_from_html_the_sanitiser_never_made(
    listener: CountingListener,
) -> None:
    before = listener.connections
    assert html_to_pdf(_raw_document(f"http://{listener.base}", listener.base)).startswith(b"%PDF")
    assert listener.connections == before, listener.paths


@needs_chromium
def test_the_printers_routing_alone_refuses_what_the_page_requests(
    listener: CountingListener, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Without the resolver rule only the Playwright routes stand between the page and the listener.
    # What the browser makes itself (prefetch, preconnect, beacons, the early connection for a frame
    # or an object) bypasses them, which is why the rule exists; everything the page requests, the
    # routes must refuse.
    monkeypatch.setattr(pdf, "CHROMIUM_ARGS", [a for a in pdf.CHROMIUM_ARGS if "host-resolver" not in a])
    base = f"http://{listener.base}"
    document = _raw_document(base, listener.base)
    for browser_made in (
        f'<link rel="preconnect" href="{base}"><link rel="prefetch" href="{base}/prefetch">',
        f'<iframe src="{base}/frame"></iframe><object data="{base}/object"></object>',
        f"navigator.sendBeacon('{base}/beacon');",
    ):
        assert browser_made in document
        document = document.replace(browser_made, "")
    before = listener.connections
    with caplog.at_level(logging.WARNING, logger="gmlp_cards.formats.pdf"):
        assert pdf.html_to_pdf(document).startswith(b"%PDF")
    assert listener.connections == before, listener.paths
    refused = caplog.text
    for path in ("/style.css", "/script.js", "/img.png", "/fetch", "/background.png", "/socket"):
        assert f"{listener.base}{path}" in refused, path


def test_an_allowed_image_host_stays_a_link_in_what_the_printer_prints(
    image_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reader's browser may load images from the operator's hosts; the server printing a PDF must
    # not, or card text could make it request any address it can reach.
    monkeypatch.setenv("GMLP_CARDS_IMAGE_HOSTS", "images.example.org")
    card = image_catalog.card(DEVICE_ID, "1.1.0")
    card = card.model_copy(
        update={
            "intended_use": card.intended_use.model_copy(
                update={"summary": "Screening. ![allowed chart](https://images.example.org/c.png)"}
            )
        }
    )
    for tier in ("front", "patient"):
        if tier == "patient":
            words = card.patient.texts["en"].model_copy(
                update={"summary": "![allowed chart](https://images.example.org/c.png)"}
            )
            card = card.model_copy(
                update={"patient": card.patient.model_copy(update={"texts": {"en": words}})}
            )
        document = tier_html(image_catalog, card, tier)
        assert 'src="https://images.example.org' not in document
        assert '<a href="https://images.example.org/c.png"' in document
        assert "img-src data:;" in document  # the printed page's own policy admits no host either
