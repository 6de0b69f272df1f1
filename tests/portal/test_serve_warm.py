"""`python -m gmlp_cards.ui.serve` (the README's way to start the portal) loads the catalog before the
first reader asks (issue 17): the reader's page is served from what the warm-up loaded."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from apptest_support import open_page, page_titles

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.ui import serve


def test_the_first_page_after_a_warm_start_loads_no_card(
    examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GMLP_CARDS_DIR", str(examples))
    serve.warm()

    def refuse(*args: object, **kwargs: object) -> Catalog:
        raise AssertionError("the catalog was loaded again for the first reader")

    monkeypatch.setattr(Catalog, "load", refuse)
    at = open_page("device", device="lumen-cxr-triage", version="1.1.0", tier="front")
    assert page_titles(at)[0].startswith("Lumen")
    catalog = open_page("catalog")
    assert any("Showing" in c.value for c in catalog.caption)


def test_a_failed_warm_up_is_logged_and_leaves_the_server_running(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> Catalog:
        raise OSError("card folder unreadable")

    monkeypatch.setattr(Catalog, "load", broken)
    with caplog.at_level(logging.ERROR, logger="gmlp_cards.ui.serve"):
        serve.warm()  # returns: a thread's exception would only be printed, and lost
    assert "warming the portal failed" in caplog.text
