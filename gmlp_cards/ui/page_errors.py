"""An unexpected error on a page: a short apology with an error id for the reader, the traceback for
the operator's log under the same id. `app.py` runs every page through `run_page`.

Readers never see tracebacks (they can name files, settings and card text): `.streamlit/config.toml`
sets `client.showErrorDetails = "none"` for what Streamlit handles itself (widget callbacks), and
`run_page` catches what a page raises, so the reader gets something to quote instead.
"""

from __future__ import annotations

import logging
import secrets

import streamlit as st
from streamlit.errors import FragmentHandledException
from streamlit.navigation.page import StreamlitPage

log = logging.getLogger("gmlp_cards.pages")

APOLOGY = (
    "Sorry, this page could not be shown because of an error on our side. Please try again "
    "later. If it keeps happening, tell the portal's operator and quote error id `{error_id}`."
)
_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def new_error_id() -> str:
    """Short enough to read out over the phone, random enough never to repeat in one log."""
    return secrets.token_hex(6)


def _ensure_log_handler() -> None:
    # Streamlit configures only its own `streamlit` logger. Without a handler of ours, Python's
    # last-resort handler would print the record without a time; an operator's own logging setup
    # (a handler on the root logger) is left as it is.
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_LOG_FORMAT))
        log.addHandler(handler)


def run_page(page: StreamlitPage) -> None:
    """Run `page`; an unexpected error shows an apology with an id and logs the traceback with it.

    Streamlit's control flow (`st.stop`, `st.rerun`, `st.switch_page`) raises ScriptControlException,
    a BaseException, which `except Exception` lets through untouched; so does a fragment's signal
    that it has already shown its own error.
    """
    try:
        page.run()
    except FragmentHandledException:
        raise
    except Exception:
        error_id = new_error_id()
        _ensure_log_handler()
        log.exception("error id %s: page /%s failed", error_id, page.url_path)
        st.error(APOLOGY.format(error_id=error_id), icon=":material/warning:")
