"""Open a page of the portal under AppTest, the way a visitor lands on it.

Importable from every test folder as `from apptest_support import open_page` (tests/ is on sys.path
because of tests/conftest.py). The Streamlit caches are cleared around every test by tests/conftest.py.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"


ENGLISH_MENU = [
    "Device catalog",
    "Device information",
    "For patients",
    "Compare versions",
    "Report a concern",
    "Manufacturer desk",
    "Publish versions",
]
"""The portal's menu, as an English reader sees it (the sidebar's links, in order)."""

MENU_OPEN = {"download-menu": True}
"""`session_state` that opens the device page's download menu (its buttons are built only when open)."""


def open_page(
    page: str,
    /,
    *,
    timeout: float = 60,
    secrets: dict[str, Any] | None = None,
    user: dict[str, Any] | None = None,
    session_state: dict[str, Any] | None = None,
    **query_params: str | list[str],
) -> AppTest:
    """Run app.py switched to `views/<page>.py` with these query parameters; fail on any exception.

    `secrets`, `user` (what the app reads as st.user) and `session_state` are set before the run.
    """
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    for key, value in (session_state or {}).items():
        at.session_state[key] = value
    for key, value in query_params.items():
        at.query_params[key] = value
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_titles(at: AppTest) -> list[str]:
    """The page's level-1 headings as read: st.title elements (message pages) and the `<h1>` of an
    st.html element (the device page draws its title in one element with its byline)."""
    bodies = [e.proto.body for e in at.get("html")]
    drawn = [html.unescape(h) for body in bodies for h in re.findall(r"<h1[^>]*>(.*?)</h1>", body)]
    return [str(t.value) for t in at.title] + drawn


def headings(at: AppTest, level: int | None = None) -> list[str]:
    """The page's section headings in page order, as read (of `level` 2 or 3 only, when given):
    st.header (2) and st.subheader (3) elements, and the `<h2>`/`<h3>` inside st.html elements, where
    ui/render.py draws a heading with the run of card text it heads."""
    found: list[tuple[int, str]] = []
    for node in _in_page_order(at.main):
        kind = getattr(node, "type", "")
        if kind in ("header", "subheader"):
            found.append((2 if kind == "header" else 3, str(node.value)))
        elif kind == "html":
            tags = re.findall(r"<h([23])[^>]*>(.*?)</h\1>", node.proto.body, flags=re.DOTALL)
            found += [(int(n), html.unescape(text)) for n, text in tags]
    return [text for n, text in found if level in (None, n)]


def _in_page_order(node: Any) -> list[Any]:
    found = []
    for child in getattr(node, "children", {}).values():
        found.append(child)
        found.extend(_in_page_order(child))
    return found
