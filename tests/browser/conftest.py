"""Browser fixtures: a real `streamlit run` server per cards folder and a headless Chromium to drive it.

Every test here drives a real browser, so the `browser` mark is added to each of them by path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    StreamlitServer,
    new_screen_context,
    require_browser,
)

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def start_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], StreamlitServer]]:
    """Factory: start a server on a cards folder. Every server started is stopped at session end."""
    servers: list[StreamlitServer] = []

    def start(cards_dir: Path) -> StreamlitServer:
        require_browser()  # no point in starting a server nobody can look at
        server = StreamlitServer(Path(cards_dir).resolve(), tmp_path_factory.mktemp("streamlit"))
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def app_server(start_server: Callable[[Path], StreamlitServer]) -> StreamlitServer:
    """The app serving the shipped example cards."""
    return start_server(ROOT / "model_cards")


@pytest.fixture(scope="session")
def prefixed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    """The example cards served under /cards, as behind a proxy that gives the portal a sub-path."""
    require_browser()
    server = StreamlitServer(
        (ROOT / "model_cards").resolve(),
        tmp_path_factory.mktemp("prefixed"),
        options=("--server.baseUrlPath", "cards"),
        path="/cards",
    )
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # Per module, not per session: a live sync Playwright keeps an asyncio loop on this thread, and
    # later tests that start Playwright themselves (PDF export, the browser benchmark) would fail.
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context per test: no cookies or storage leak from one test to the next."""
    context = new_screen_context(browser, 1280, 900)
    page = context.new_page()
    yield page
    context.close()
