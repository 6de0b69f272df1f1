"""What one reader's session builds once and keeps: objects Streamlit would otherwise rebuild per rerun."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

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


def last_for_key(name: str, key: Hashable, build: Callable[[], T]) -> T:
    """What this session's last call under `name` returned, when it had the same `key`; else `build()`.

    For lookups in Streamlit's shared caches that every rerun of a page repeats with the same key
    (the catalog of this fingerprint, the blocks of this card): Streamlit's lookup inspects the
    cached function's signature once per argument and hashes every argument on each call, several
    per cent of a warm rerun. The object is held by weak reference where it allows one, so a session
    never keeps alive what the shared cache has let go (a catalog is tens of MB).
    """
    slot = _PREFIX + name
    held: tuple[Hashable, Any] | None = st.session_state.get(slot)
    if held is not None and held[0] == key:
        value = held[1]() if isinstance(held[1], weakref.ref) else held[1]
        if value is not None:
            return cast(T, value)
    value = build()
    try:
        st.session_state[slot] = (key, weakref.ref(value))
    except TypeError:  # a tuple or a str: no weak reference; small, and replaced on the next key
        st.session_state[slot] = (key, value)
    return value
