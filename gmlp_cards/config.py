"""Settings read from the environment, with the embedded defaults the README promises."""

from __future__ import annotations

import os
from pathlib import Path


def cards_dir() -> Path:
    """Folder of card files; `GMLP_CARDS_DIR` overrides the shipped `model_cards/`."""
    return Path(os.environ.get("GMLP_CARDS_DIR", "model_cards"))


def data_dir() -> Path:
    """Folder for the embedded SQLite database; `GMLP_CARDS_DATA_DIR` overrides `var/`."""
    return Path(os.environ.get("GMLP_CARDS_DATA_DIR", "var"))


def public_base_url() -> str:
    """Base of the stable deep links printed on labels and exports."""
    return os.environ.get("GMLP_CARDS_BASE_URL", "http://localhost:8501").rstrip("/")
