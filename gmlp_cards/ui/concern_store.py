"""The one ConcernStore of this server process, shared by every Streamlit session."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from gmlp_cards.concerns import ConcernStore


@st.cache_resource(show_spinner=False)
def get_store() -> ConcernStore:
    """Open (and migrate) the database named by the environment once per process."""
    # ConcernStore is thread-safe: every call uses its own pooled connection.
    return ConcernStore.from_env()


def store_or_explain() -> ConcernStore | None:
    """The shared store, or None after telling the user the database is unreachable."""
    try:
        return get_store()
    except (SQLAlchemyError, OSError) as error:  # failures are not cached: the next run retries
        st.error("The concern database is not reachable right now, so reports cannot be "
                 "sent or read. Please try again later.")
        st.caption(f"Details for the operator: {type(error).__name__}")
        return None
