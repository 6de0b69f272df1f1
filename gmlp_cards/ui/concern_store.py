"""The one ConcernStore of this server process, shared by every Streamlit session."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from gmlp_cards.concerns import STORE_ERRORS, ConcernStore, TriageError

log = logging.getLogger(__name__)

UNAVAILABLE = (
    "The concern database is not reachable right now, so reports cannot be sent or read. "
    "Please try again later."
)


@st.cache_resource(show_spinner=False)
def get_store() -> ConcernStore:
    """Open (and migrate) the database named by the environment once per process."""
    # ConcernStore is thread-safe: every call uses its own pooled connection.
    return ConcernStore.from_env()


def explain_unavailable(error: BaseException) -> None:
    """Tell the reader the database failed (never why: paths stay in the server log)."""
    log.error("concern database unavailable: %s: %s", type(error).__name__, error)
    st.error(UNAVAILABLE)
    st.caption(f"Details for the operator: {type(error).__name__} (see the server log)")


def store_or_explain() -> ConcernStore | None:
    """The shared store, or None after telling the user the database is unreachable."""
    try:
        return get_store()
    except STORE_ERRORS as error:  # failures are not cached: the next run retries
        explain_unavailable(error)
        return None


def save_then_rerun(save: Callable[[], object]) -> None:
    """Run one desk write; a refusal or an unreachable database is said and the form kept, else rerun.

    A refusal (`TriageError`: a stale status, an unknown code) names what to fix; the page reruns
    only after a write that landed, so what the desk shows next is what the database holds.
    """
    try:
        save()
    except TriageError as error:
        st.error(f"Not saved: {error}")
        return
    except STORE_ERRORS as error:
        explain_unavailable(error)
        return
    st.rerun()
