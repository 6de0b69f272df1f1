"""Who may use the manufacturer desk: password login (scrypt) or st.login, checked every rerun."""

from __future__ import annotations

import hashlib
import math
import os
import secrets
from collections.abc import Mapping
from typing import Any

import streamlit as st

from gmlp_cards.auth import (
    ENV_DESK_USERS,
    AuthConfigError,
    DeskAuthenticator,
    Lockout,
    Outcome,
    PasswordHash,
    parse_desk_users,
)

_USER = "gc_desk_user"
_SESSION_KEY = "gc_desk_session"
SETUP_HELP = (
    "The manufacturer desk is not set up, so it shows nothing.\n\n"
    "1. Make a password hash: `gmlp-cards hash-password` (it asks for the password).\n"
    "2. Put it in `.streamlit/secrets.toml`:\n\n"
    "   ```\n   [desk_users]\n   alice = \"scrypt$...\"\n   ```\n\n"
    f"   or in the environment: `{ENV_DESK_USERS}=alice:scrypt$...` (comma-separated).\n"
    "3. Or configure single sign-on (`[auth]` for `st.login`) and list the allowed addresses "
    "under `[desk_oidc] emails = [...]`."
)


def _secret(name: str) -> Any:
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning None
        return None


def configured_users() -> dict[str, PasswordHash]:
    """Desk users from secrets [desk_users] and the GMLP_CARDS_DESK_USERS variable."""
    users = parse_desk_users(os.environ.get(ENV_DESK_USERS, ""))
    table = _secret("desk_users")
    if isinstance(table, Mapping):
        users |= parse_desk_users(dict(table))
    return users


def _oidc_emails() -> set[str] | None:
    if not isinstance(_secret("auth"), Mapping):
        return None
    table = _secret("desk_oidc")
    emails = table.get("emails", []) if isinstance(table, Mapping) else []
    return {str(e).strip().casefold() for e in emails}


@st.cache_resource(show_spinner=False)
def _lockout() -> Lockout:
    # One per process, shared by all sessions (Lockout is thread-safe).
    return Lockout()


@st.cache_resource(show_spinner=False, max_entries=4)
def _authenticator(_users: dict[str, PasswordHash], fingerprint: str) -> DeskAuthenticator:
    # Keyed by the configuration's fingerprint so an edited secrets file takes effect.
    return DeskAuthenticator(_users, _lockout())


def _fingerprint(users: Mapping[str, PasswordHash]) -> str:
    digest = hashlib.sha256()
    for name in sorted(users):
        digest.update(f"{name}\0{users[name].encode()}\n".encode())
    return digest.hexdigest()


def _client_keys() -> list[str]:
    if _SESSION_KEY not in st.session_state:
        st.session_state[_SESSION_KEY] = secrets.token_hex(8)
    keys = [f"session:{st.session_state[_SESSION_KEY]}"]
    address = getattr(st.context, "ip_address", None)
    if address:
        keys.append(f"address:{address}")
    return keys


def require_desk_user() -> str | None:
    """The signed-in desk user, or None after drawing the login (or the setup help)."""
    try:
        users = configured_users()
    except AuthConfigError as error:
        st.error(f"The desk login is misconfigured: {error}")
        return None
    oidc = _oidc_emails()
    signed_in = st.session_state.get(_USER)
    if signed_in and signed_in in users:
        return str(signed_in)
    st.session_state.pop(_USER, None)  # a user removed from the configuration loses access
    if oidc is not None and st.user.is_logged_in:
        email = str(st.user.get("email") or "").casefold()
        if email and email in oidc:
            return email
        st.error("Your account is not allowed to use the manufacturer desk.")
        st.button("Log out", on_click=st.logout)
        return None
    if not users and not oidc:
        st.title("Manufacturer desk")
        st.info(SETUP_HELP)
        return None
    st.title("Manufacturer desk")
    if oidc:
        st.button("Log in with single sign-on", on_click=st.login)
    if users:
        _password_form(users)
    return None


def _password_form(users: dict[str, PasswordHash]) -> None:
    authenticator = _authenticator(users, _fingerprint(users))
    with st.form("gc_desk_login", clear_on_submit=False):
        name = st.text_input("User name", key="gc_login_user", autocomplete="username")
        password = st.text_input(
            "Password", type="password", key="gc_login_password", autocomplete="current-password"
        )
        submitted = st.form_submit_button("Log in")
    if not submitted:
        return
    result = authenticator.login(name, password, client_keys=_client_keys())
    if result.outcome is Outcome.OK:
        st.session_state[_USER] = name.strip()
        st.rerun()
    elif result.outcome is Outcome.LOCKED:
        st.error(f"Too many failed attempts. Try again in {math.ceil(result.retry_after)} seconds.")
    else:
        st.error("Wrong user name or password.")


def log_out() -> None:
    """Forget the desk user of this session."""
    st.session_state.pop(_USER, None)
