"""Where the portal's pages live on its server: the path prefix every in-app address starts with."""

from __future__ import annotations

import streamlit as st


def path_prefix() -> str:
    """`/<server.baseUrlPath>` without a trailing slash, or "" when the portal is served at the root.

    A plain link to another page (`<a href>` in sanitised HTML, where st.page_link cannot go) starts
    with it, so a portal served under /cards links to /cards/device?..., not to another site's page.
    """
    prefix = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}" if prefix else ""
