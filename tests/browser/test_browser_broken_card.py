"""A real server on a card folder with hostile files: the catalog and a device page still load.

Before issue #12 was fixed, a FIFO among the cards left every page on "Loading model cards" for
ever, and a link to /dev/zero grew the server until it died. The folder is model_cards/ plus every
case of tests/hostile_cards.py (tests/ is on sys.path through tests/conftest.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_support import ROOT, StreamlitServer, open_app
from hostile_cards import HOSTILE, write_all_hostile

from gmlp_cards.cards.catalog import Catalog

pytestmark = pytest.mark.browser

EXAMPLES = ROOT / "model_cards"
LOAD_MS = 90_000  # the first request parses the whole folder, on a machine shared with others


@pytest.fixture(scope="module")
def broken_server(
    start_server: Callable[[Path], StreamlitServer], tmp_path_factory: pytest.TempPathFactory
) -> StreamlitServer:
    base = tmp_path_factory.mktemp("broken-cards")
    shutil.copytree(EXAMPLES, base / "cards")
    write_all_hostile(base / "cards", base / "outside")
    return start_server(base / "cards")


def _names() -> dict[str, str]:
    catalog = Catalog.load(EXAMPLES)
    return {device: str(catalog.device_name(device)) for device in catalog.device_ids()}


def test_the_catalog_lists_the_example_devices_and_counts_the_hostile_files(
    broken_server: StreamlitServer, page: Any
) -> None:
    page.set_default_timeout(LOAD_MS)
    open_app(page, broken_server.url)
    main = page.locator("[data-testid=stMain]")
    for name in _names().values():
        main.get_by_text(name, exact=True).first.wait_for(state="visible")
    assert main.get_by_text(f"{len(HOSTILE)} card files could not be shown.").is_visible()
    assert page.locator("[data-testid=stException]").count() == 0


def test_a_device_page_of_that_folder_shows_its_card(broken_server: StreamlitServer, page: Any) -> None:
    page.set_default_timeout(LOAD_MS)
    device, name = next(iter(sorted(_names().items())))
    open_app(page, f"{broken_server.url}/device?device={device}")
    heading = page.locator("[data-testid=stMain] h1").first
    heading.wait_for(state="visible")
    assert heading.inner_text().startswith(name)
    assert page.locator("[data-testid=stException]").count() == 0
