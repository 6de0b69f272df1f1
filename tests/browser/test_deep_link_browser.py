"""A page's own URL (a QR label, a catalog entry) connects at once (gmlp_cards/ui/page_head.py): the
front end asks the server's health once, at the server's base, never at the page's path, and fetches
the code of the card text's element while it connects, not after."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from browser_support import StreamlitServer, open_app

pytestmark = pytest.mark.browser

FRONT = "/device?device=lumen-cxr-triage&version=1.1.0&tier=front"


def _requests_while_opening(page: Any, url: str) -> list[str]:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlparse(request.url).path))
    open_app(page, url)
    page.locator("ul.gc-list li").first.wait_for(state="visible")  # the first top warning
    return asked


@pytest.mark.parametrize("served", ["app_server", "prefixed_server"])
def test_a_deep_link_asks_the_health_once_at_the_servers_base(
    served: str, page: Any, request: pytest.FixtureRequest
) -> None:
    server: StreamlitServer = request.getfixturevalue(served)
    asked = _requests_while_opening(page, server.url + FRONT)
    base = server.path  # "" or "/cards"
    assert [p for p in asked if p.endswith("/_stcore/health")] == [f"{base}/_stcore/health"], asked
    assert not [p for p in asked if "/device/" in p], asked  # no guess at the page's own path
    assert page.get_by_role("heading", level=1).first.inner_text() == "Lumen CXR Triage 1.1.0"


def test_the_card_texts_element_code_is_fetched_before_the_app_connects(
    app_server: StreamlitServer, page: Any
) -> None:
    asked = _requests_while_opening(page, app_server.url + FRONT)
    health = asked.index("/_stcore/health")
    modules = [p.rsplit("/", 1)[-1].split(".", 1)[0] for p in asked[:health] if p.endswith(".js")]
    assert {"Html", "PageLink", "purify"} <= set(modules), modules
