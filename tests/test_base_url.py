"""A base URL that only the portal's own machine can open is named as such on labels and PDFs."""

from __future__ import annotations

import pytest

from gmlp_cards.config import base_url_problem


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8501",
        "http://127.0.0.1:8501/",
        "http://127.1.2.3",
        "http://[::1]:8501",
        "http://0.0.0.0:8501",
        "http://portal.localhost",
        "http://LOCALHOST:8501",
    ],
)
def test_local_addresses_are_named(url: str) -> None:
    problem = base_url_problem(url)
    assert problem is not None
    assert "GMLP_CARDS_BASE_URL" in problem


@pytest.mark.parametrize(
    "url", ["https://cards.example.org", "https://10.1.2.3:8443", "http://localhost.example.org"]
)
def test_addresses_other_machines_can_open_pass(url: str) -> None:
    assert base_url_problem(url) is None
