"""Shared page furniture: selectors kept in step with the URL, the friendly not-found message, titles."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal, TypeVar
from urllib.parse import urlsplit

import streamlit as st

from gmlp_cards.cards.listing import Lookup
from gmlp_cards.cards.summary import CatalogRow
from gmlp_cards.config import configured_base_url, public_base_url
from gmlp_cards.render.safe_markdown import escape_markdown
from gmlp_cards.ui.app_paths import path_prefix
from gmlp_cards.ui.data import get_catalog_listing
from gmlp_cards.ui.menu import CATALOG_PAGE, DEVICE_PAGE, page_link

T = TypeVar("T", bound=str)

# The browser tab's icon, drawn here: an emoji favicon is a character that shows as an empty box
# without a colour-emoji font (kiosks, hospital PCs), and a ":material/...:" page icon is fetched
# from fonts.gstatic.com. Streamlit sends SVG markup as a data: URL, so the tab icon makes no request.
FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<rect x="4" y="2" width="16" height="20" rx="2" fill="#a8323e"/>'
    '<path d="M8 8h8M8 12h8M8 16h5" stroke="#ffffff" stroke-width="2" stroke-linecap="round"/></svg>'
)


def synced_choice(
    label: str,
    options: Sequence[T],
    url_value: str | None,
    default: T,
    key: str,
    *,
    format_func: Callable[[T], str] = str,
    widget: Literal["select", "segmented"] = "select",
) -> T:
    """A single-choice widget whose value follows the URL when the URL changes, and vice versa.

    The page passes the URL's value in and writes the returned value back to `st.query_params`.
    When the URL value differs from the one seen on the previous run (a pasted link, a page_link,
    browser navigation), it wins over the widget's remembered state; otherwise the widget wins.
    """
    chosen = synced_value(options, url_value, default, key)
    choice_widget(label, options, key, format_func=format_func, widget=widget)
    return chosen


def synced_value(options: Sequence[T], url_value: str | None, default: T, key: str) -> T:
    """The value `synced_choice` returns, without drawing its widget: a page that names the choice
    above the widget (the device page's title) draws it later with `choice_widget` and the same key.

    A widget's value on this run is its session state, set before the script runs; so the state,
    brought in step with the URL here, is what the widget shows when it is drawn.
    """
    wanted: T = next((o for o in options if o == url_value), default)
    seen_key = f"{key}__url"
    if st.session_state.get(seen_key) != url_value or st.session_state.get(key) not in options:
        st.session_state[key] = wanted
    chosen: T = next((o for o in options if o == st.session_state[key]), wanted)
    # Remember the URL as it will be after the page writes `chosen` back, so the next run knows
    # whether a later URL change came from outside.
    st.session_state[seen_key] = chosen
    return chosen


def choice_widget(
    label: str,
    options: Sequence[T],
    key: str,
    *,
    format_func: Callable[[T], str] = str,
    widget: Literal["select", "segmented"] = "select",
) -> None:
    """The widget of a choice that `synced_value` has brought in step with the URL."""
    if widget == "segmented":
        # Segmented-control options are read as Markdown (selectbox options are not): the labels
        # may quote card text or the URL, so they are escaped here, once for every caller.
        st.segmented_control(
            label,
            list(options),
            key=key,
            required=True,
            format_func=lambda o: escape_markdown(format_func(o)),
        )
    else:
        st.selectbox(label, list(options), key=key, format_func=format_func)


def not_found(
    found: Lookup, device_id: str | None, *, page: str = DEVICE_PAGE, extra: dict[str, str] | None = None
) -> None:
    """A friendly message with a way on: to the catalog, and to the latest version when there is one.

    The problem quotes the URL's device and version as typed: it is escaped here, where it enters
    a Markdown-reading element, so `[session expired](http://…)` in a link shows as text.
    """
    st.title("Card not found", anchor=False)
    st.info(escape_markdown(found.problem or "This card could not be found."))
    page_link(CATALOG_PAGE, label="Browse all devices", icon=":material/list:")
    if found.latest and device_id:
        params = {"device": device_id, "version": found.latest, **(extra or {})}
        page_link(
            page,
            label=f"Open the latest version, {escape_markdown(found.latest)}",
            icon=":material/arrow_forward:",
            query_params=params,
        )


CHOOSE_LABEL = "Choose a device"
CHOOSE_PLACEHOLDER = "Type a device or maker name"
BROWSE_LABEL = "Browse and search all devices"
NO_DEVICES = "No device has a published card yet."


def require_device(title: str) -> None:
    """Hold the page behind a device chooser while its URL names no device (its sidebar link).

    Once the reader picks one, the URL gets it and the page runs again as a deep link would.
    """
    if st.query_params.get("device"):
        return
    set_title(f"{title} · GMLP Cards")
    picked = choose_device(get_catalog_listing().rows, title)
    if picked is None:
        st.stop()
    st.query_params["device"] = picked
    st.rerun()


def choose_device(rows: Sequence[CatalogRow], title: str) -> str | None:
    """What a page shows when its URL names no device (its sidebar link): a chooser, not "not found".

    Returns the chosen device id, or None until the reader picks one. Options are plain text in a
    selectbox (Streamlit does not read them as Markdown), so card names need no escaping here.
    """
    st.title(title, anchor=False)
    names = {row.device_id: f"{row.name} — {row.maker}" for row in rows}
    if not names:
        st.info(NO_DEVICES)
    chosen = st.selectbox(
        CHOOSE_LABEL,
        list(names),
        index=None,
        placeholder=CHOOSE_PLACEHOLDER,
        format_func=names.__getitem__,
        key=f"choose-device-{title}",
    )
    page_link(CATALOG_PAGE, label=BROWSE_LABEL, icon=":material/list:")
    return chosen


def set_title(title: str) -> None:
    """The browser tab says where the reader is."""
    st.set_page_config(page_title=title)


def reader_base_url() -> str:
    """The base of the deep links on this reader's QR labels and downloads: GMLP_CARDS_BASE_URL when
    the operator set it, else the scheme and host the reader's browser used (`st.context.url`, then
    the request's Host header) under the server's `server.baseUrlPath`, else config's default.

    The address comes from the request, so a portal reached as https://cards.example.org prints
    that on its labels without any setting; a local one still prints config.base_url_problem's warning.
    """
    configured = configured_base_url()
    if configured is not None:
        return configured
    scheme, host = _request_origin()
    if not host:
        return public_base_url()
    return f"{scheme}://{host}{path_prefix()}"


# A host name or IPv4 address, or a bracketed IPv6 one, and a port: what the browser sends is the
# reader's to choose, so anything else (user info, quotes, markup) is not put on a label.
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")


def _request_origin() -> tuple[str, str]:
    """(scheme, host[:port]) of the address the browser used, or ("", "") when none is known."""
    parts = urlsplit(st.context.url or "")
    if parts.scheme in ("http", "https") and _HOST.fullmatch(parts.netloc):
        return parts.scheme, parts.netloc
    host = st.context.headers.get("Host") or ""
    # Behind a TLS proxy the Host header is the public one and X-Forwarded-Proto says https.
    scheme = st.context.headers.get("X-Forwarded-Proto") or "http"
    if scheme not in ("http", "https") or not _HOST.fullmatch(host):
        return "", ""
    return scheme, host
