"""Links on downloads follow the address the reader's browser used (issue 15, ui/nav.reader_base_url).

Without GMLP_CARDS_BASE_URL, a portal reached as https://cards.example.org prints that address on its
QR labels and in its HTML and PDF files; one reached on localhost still warns on each of them. The
files are built by the download buttons' own deferred callables, captured as the page registers them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from apptest_support import APP, MENU_OPEN
from lxml import etree
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from gmlp_cards.formats import pdf
from gmlp_cards.ui import formats as ui_formats

DEVICE, VERSION = "dermasensor", "1.0.0"
STEM = f"{DEVICE}-{VERSION}-front"


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """file name -> the callable that builds it, for every deferred download button a page shows.
    The PDF printer returns the HTML it was given, so no Chromium is needed to read the PDF's links.
    GMLP_CARDS_BASE_URL is unset unless a test sets it."""
    monkeypatch.delenv("GMLP_CARDS_BASE_URL", raising=False)
    found: dict[str, Callable[[], Any]] = {}
    register = MediaFileManager.add_deferred

    def keep(self: MediaFileManager, data: Callable[[], Any], *args: Any, **kwargs: Any) -> str:
        found[kwargs["file_name"]] = data
        return register(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    monkeypatch.setattr(ui_formats, "unavailable_reason", lambda: None)
    monkeypatch.setattr(pdf, "html_to_pdf", lambda document, title: document.encode())
    return found


def open_front(url: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.context["url"] = url
    for key, value in MENU_OPEN.items():
        at.session_state[key] = value
    at.query_params.update({"device": DEVICE, "version": VERSION, "tier": "front"})
    at.switch_page("views/device.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def label_text(svg: str) -> str:
    """The label's lines under its code, joined (the URL is cut into lines of a fixed width)."""
    root = etree.fromstring(svg.encode())
    return "".join("".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text"))


def _text(data: str | bytes) -> str:
    return data.decode() if isinstance(data, bytes) else data


def label_and_pdf(downloads: dict[str, Callable[[], Any]], url: str) -> tuple[str, str]:
    """The QR label's text and the PDF's HTML, as the front page reached at `url` offers them."""
    open_front(url)
    return label_text(_text(downloads[f"{STEM}-qr.svg"]())), _text(downloads[f"{STEM}.pdf"]())


def test_a_public_address_goes_on_the_label_the_pdf_and_the_html(
    downloads: dict[str, Callable[[], Any]],
) -> None:
    label, printed = label_and_pdf(downloads, "https://cards.example.org/device")
    assert "https://cards.example.org/device?device=dermasensor&version=1.0.0&tier=front" in label
    assert "Not for print" not in label
    report = 'href="https://cards.example.org/report?device=dermasensor&amp;version=1.0.0"'
    assert report in printed and "Not for distribution" not in printed
    assert "localhost" not in printed
    assert report in _text(downloads[f"{STEM}.html"]())


def test_a_local_address_is_used_and_still_warned_about(downloads: dict[str, Callable[[], Any]]) -> None:
    label, printed = label_and_pdf(downloads, "http://localhost:8600/device")
    assert "http://localhost:8600/device?device=dermasensor&version=1.0.0&tier=front" in label
    assert "Not for print" in label
    assert "Not for distribution" in printed
    assert 'href="http://localhost:8600/report?device=dermasensor&amp;version=1.0.0"' in printed


def test_the_configured_address_wins_over_the_request(
    downloads: dict[str, Callable[[], Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GMLP_CARDS_BASE_URL", "https://cards.hospital.example/")
    label, printed = label_and_pdf(downloads, "http://10.0.0.5:8501/device")
    assert "https://cards.hospital.example/device?device=dermasensor&version=1.0.0&tier=front" in label
    assert "10.0.0.5" not in label
    assert 'href="https://cards.hospital.example/report?' in printed


@pytest.mark.parametrize(
    "url",
    [
        'https://cards.example.org"><script>x()</script>/device',
        "https://reader:secret@cards.example.org/device",
    ],
)
def test_an_address_that_is_not_a_plain_host_is_not_printed(
    downloads: dict[str, Callable[[], Any]], url: str
) -> None:
    # The browser's address is the reader's to choose: markup or user info never reach a label.
    label, printed = label_and_pdf(downloads, url)
    assert "http://localhost:8501/device?device=dermasensor&version=1.0.0&tier=front" in label
    assert "cards.example.org" not in label and "cards.example.org" not in printed
    assert "Not for print" in label
