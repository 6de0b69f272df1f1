"""A deep link that is the first request after a start (a QR label scanned) gets the real app.

Streamlit 1.67 treats a `pages/` folder beside the entry point as file-based pages: such a first
request skipped app.py and left every session with a file-name menu. Our pages live in views/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from apptest_support import ENGLISH_MENU as TITLES
from browser_support import ROOT, StreamlitServer, open_app


def test_first_request_to_a_deep_link_runs_the_app_and_its_navigation(
    start_server: Callable[[Path], StreamlitServer], page: Any
) -> None:
    server = start_server(ROOT / "model_cards")  # a fresh process: nothing has been served yet
    query = urlencode({"device": "lumen-cxr-triage", "version": "1.0.0", "tier": "front"})
    open_app(page, f"{server.url}/device?{query}")
    page.get_by_role("heading", name="Lumen CXR Triage 1.0.0").wait_for()
    links = page.locator("[data-testid=stSidebarNav] a").all_inner_texts()
    assert [t for t in TITLES if any(t in link for link in links)] == TITLES, links
    assert not any(link.strip() == "app" for link in links), links
    assert "Lumen CXR Triage 1.0.0" in page.title()
