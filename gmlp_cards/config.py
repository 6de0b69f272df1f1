"""Settings read from the environment, with the embedded defaults the README promises."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


def cards_dir() -> Path:
    """Folder of card files; `GMLP_CARDS_DIR` overrides the shipped `model_cards/`."""
    return Path(os.environ.get("GMLP_CARDS_DIR", "model_cards"))


def data_dir() -> Path:
    """Folder for the embedded SQLite database; `GMLP_CARDS_DATA_DIR` overrides `var/`."""
    return Path(os.environ.get("GMLP_CARDS_DATA_DIR", "var"))


def database_url(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> str:
    """The concern database: `GMLP_CARDS_DATABASE_URL`, else concerns.db in the data dir (`var/` under
    `cwd`, the working folder by default). `environ` stands in for the process environment in tests."""
    env = os.environ if environ is None else environ
    url = env.get("GMLP_CARDS_DATABASE_URL", "").strip()
    if url:
        return url
    folder = Path(env.get("GMLP_CARDS_DATA_DIR", "").strip() or (cwd or Path.cwd()) / "var")
    return f"sqlite:///{(folder / 'concerns.db').resolve()}"


def configured_base_url() -> str | None:
    """The base of deep links the operator set (`GMLP_CARDS_BASE_URL`), or None when it is not set:
    the portal then uses the address the reader's browser used (ui/nav.reader_base_url)."""
    return os.environ.get("GMLP_CARDS_BASE_URL", "").strip().rstrip("/") or None


def public_base_url() -> str:
    """Base of the stable deep links printed on labels and exports (the CLI's, and the portal's when
    it knows no request address)."""
    return configured_base_url() or "http://localhost:8501"


def base_url_problem(url: str) -> str | None:
    """Why links built on `url` would fail a reader on another machine, or None when they would not.

    The default base (`http://localhost:8501`) is right for trying the portal out and wrong on every
    printed label and shared PDF, so those say so visibly instead of pointing nowhere in silence.
    """
    host = (urlsplit(url).hostname or "").lower()
    local = host in {"localhost", "0.0.0.0", "::1"} or host.startswith("127.") or host.endswith(".localhost")
    if not local:
        return None
    base = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    return (
        f"its links point to {base}, which opens only on the computer running the portal; "
        "the portal's operator must set GMLP_CARDS_BASE_URL to its public address"
    )


# A bare DNS name or IPv4 address, lowercase: no scheme, port, path or wildcard, so that one entry means
# exactly one https origin (the same one in the HTML export's Content-Security-Policy).
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*")


def image_hosts() -> frozenset[str]:
    """Hosts whose https images card text may show, from `GMLP_CARDS_IMAGE_HOSTS` (comma-separated).

    Empty by default: a reader's browser then fetches nothing for a card's images. Entries that are
    not a bare host name (`https://x`, `x:8443`, `*.x`) are left out with a warning, never widened.
    """
    return _parse_hosts(os.environ.get("GMLP_CARDS_IMAGE_HOSTS", ""))


@lru_cache(maxsize=8)
def _parse_hosts(raw: str) -> frozenset[str]:
    # Cached per raw value: pages call this on every render, and a bad entry is reported once.
    hosts = set()
    for entry in (part.strip().lower() for part in raw.split(",")):
        if not entry:
            continue
        if _HOST_NAME.fullmatch(entry):
            hosts.add(entry)
        else:
            log.warning("GMLP_CARDS_IMAGE_HOSTS: %r is not a bare host name; ignored", entry)
    return frozenset(hosts)


def chromium_path() -> Path:
    """Chromium that prints PDFs; `GMLP_CARDS_CHROMIUM` overrides Debian's `/usr/bin/chromium`."""
    return Path(os.environ.get("GMLP_CARDS_CHROMIUM", "/usr/bin/chromium"))


CHROMIUM_BASE_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""Flags every headless Chromium we launch shares (the PDF printer, the browser tests, the benchmarks):
--no-sandbox because CI runs as root, where Chromium's sandbox refuses to start; the others keep
Chromium's own background traffic (updates, sync) off. Each launcher adds its own flags after these."""


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
    return header, _whole_number("GMLP_CARDS_TRUSTED_PROXY_HOPS", 1)


def display_available(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether `gmlp-cards preview` may open a browser: always on macOS and Windows, elsewhere only with
    an X or Wayland display (without one, `webbrowser` may start a text browser and hold the terminal)."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if system == "darwin" or system.startswith("win"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def _whole_number(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip() or str(default)
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a whole number of 1 or more, not {text!r}")
    return int(text)


def report_rate_limit() -> tuple[int, int]:
    """How many reports one client may send to the public form, and in how many minutes.

    `GMLP_CARDS_REPORT_LIMIT` (default 5) reports per `GMLP_CARDS_REPORT_LIMIT_MINUTES` (default 10)
    minutes: enough for a clinician reporting several cases in one sitting, too few for a flood.
    The client is the one `trusted_proxy` picks out.
    """
    return _whole_number("GMLP_CARDS_REPORT_LIMIT", 5), _whole_number("GMLP_CARDS_REPORT_LIMIT_MINUTES", 10)
