"""In Chromium: Markdown typed into a page's URL shows as text; its image is never fetched.

The payloads point at a listener on loopback, so any fetch the page makes would be counted there
(nothing leaves the machine). The AppTest counterpart (tests/portal/test_portal_url_injection.py)
checks the Markdown source of every element; this checks what a reader's browser does with it.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from browser_support import StreamlitServer, open_app

pytestmark = pytest.mark.browser

LUMEN = "lumen-cxr-triage"


class _Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]]  # each listener's subclass gets its own list

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it gets."""
    hits: list[str] = []
    handler = type("Counter", (_Counter,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def payloads(base: str) -> dict[str, str]:
    return {"link": f"[Your session expired - log in again]({base}/login)", "image": f"![x]({base}/t.png)"}


def pages(base: str) -> list[tuple[str, dict[str, str]]]:
    link, image = payloads(base)["link"], payloads(base)["image"]
    return [
        ("device", {"device": link + " " + image}),
        ("device", {"device": LUMEN, "version": link + " " + image}),
        ("patient", {"device": LUMEN, "version": link + " " + image}),
        ("patient", {"device": LUMEN, "lang": link + " " + image}),
        ("compare", {"device": LUMEN, "from": link + " " + image}),
    ]


@pytest.mark.parametrize(
    "index", range(5), ids=["device", "device-version", "patient-version", "patient-lang", "compare-from"]
)
def test_markdown_in_a_url_parameter_shows_as_text_and_fetches_nothing(
    app_server: StreamlitServer, page: Any, listener: tuple[str, list[str]], index: int
) -> None:
    base, hits = listener
    path, params = pages(base)[index]
    before = len(hits)
    open_app(page, f"{app_server.url}/{path}?{urllib.parse.urlencode(params)}")
    alert = page.locator("[data-testid=stAlert]").first
    assert "[Your session expired - log in again](" in alert.inner_text()  # shown as typed
    assert "![x](" in alert.inner_text()
    disguised = page.locator("a", has_text="log in again")
    assert disguised.count() == 0
    # Not even a bare, undisguised link to the attacker's host (safe_markdown.escape_markdown).
    assert page.locator(f"a[href^='{base}']").count() == 0
    assert page.locator(f"img[src^='{base}']").count() == 0
    page.wait_for_timeout(500)  # let any late image request arrive before counting
    assert hits[before:] == []
