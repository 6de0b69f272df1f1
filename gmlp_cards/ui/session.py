"""What one reader's session builds once and keeps: objects Streamlit would otherwise rebuild per rerun."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import streamlit as st

T = TypeVar("T")
_PREFIX = "gc-session-"


def once_per_session(name: str, build: Callable[[], T]) -> T:
    """`build()` on this session's first run, the same object on every later run of the session.

    For objects that must not be shared between sessions but need not be rebuilt per rerun: the
    portal's pages (st.Page checks its script file on disk when made, and st.navigation marks the
    page it returns, so one list for every session would race), a seventh of a warm rerun.
    A session runs its script one run at a time, so nothing here needs a lock.
    """
    key = _PREFIX + name
    if key not in st.session_state:
        st.session_state[key] = build()
    return cast(T, st.session_state[key])
