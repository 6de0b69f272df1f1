"""The Streamlit settings shipped in .streamlit/config.toml (the browser tests override some by flag)."""

from __future__ import annotations

import tomllib
from pathlib import Path

SETTINGS = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_readers_browsers_send_no_usage_statistics() -> None:
    # Streamlit's default makes every reader's browser report to data.streamlit.io on each page.
    # The browser tests run on the shipped file, and their request checks would see the statistics host.
    settings = tomllib.loads(SETTINGS.read_text(encoding="utf-8"))
    assert settings["browser"]["gatherUsageStats"] is False
