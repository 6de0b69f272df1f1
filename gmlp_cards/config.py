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


def desk_users_env() -> str:
    """Desk users as `name:scrypt$...` pairs, comma-separated (`GMLP_CARDS_DESK_USERS`)."""
    return os.environ.get("GMLP_CARDS_DESK_USERS", "")


def trusted_proxy() -> tuple[str, int] | None:
    """The header a trusted reverse proxy puts the client address in, and how many proxies append.

    `GMLP_CARDS_TRUSTED_PROXY` names the header (e.g. `X-Forwarded-For`);
    `GMLP_CARDS_TRUSTED_PROXY_HOPS` (default 1) is the number of proxies in front of the portal.
    Unset: the header is ignored, because anyone can send it, and the socket address is used.
    """
    header = os.environ.get("GMLP_CARDS_TRUSTED_PROXY", "").strip()
    if not header:
        return None
    hops_text = os.environ.get("GMLP_CARDS_TRUSTED_PROXY_HOPS", "1").strip() or "1"
    if not hops_text.isdigit() or int(hops_text) < 1:
        raise ValueError(
            f"GMLP_CARDS_TRUSTED_PROXY_HOPS must be a whole number of 1 or more, not {hops_text!r}"
        )
    return header, int(hops_text)
