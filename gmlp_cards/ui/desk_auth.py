"""Who may use the manufacturer desk: password login (scrypt) or st.login, checked every rerun.

A password sign-in is kept in the Streamlit session, whose id a second client can present to take
the session over. So the sign-in is bound to the browser's XSRF token and the client address, and
a rerun from a client with a different binding is signed out.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
from collections.abc import Mapping
from typing import Any

import streamlit as st

from gmlp_cards import config
from gmlp_cards.concerns import STORE_ERRORS
from gmlp_cards.concerns.access import (
    ENV_DESK_USERS,
    DeskAuthenticator,
    Lockout,
    Outcome,
    PasswordHash,
    client_address,
    parse_desk_users,
    xsrf_token,
)
from gmlp_cards.concerns.login_ledger import LoginLedger
from gmlp_cards.ui.concern_store import get_store

log = logging.getLogger(__name__)

_USER = "gc_desk_user"
_BINDING = "gc_desk_binding"
XSRF_COOKIE = "_streamlit_xsrf"  # set by Streamlit on every page while server.enableXsrfProtection
SIGNED_OUT_ELSEWHERE = (
    "You were signed out because this desk session was continued from a "
    "different browser or network address. Please log in again."
)
LOGIN_UNAVAILABLE = (
    "The desk cannot check sign-ins right now because the concern database is "
    "not reachable. Please try again later."
)
SETUP_HELP = (
    "The manufacturer desk is not set up, so it shows nothing.\n\n"
    "1. Make a password hash: `gmlp-cards hash-password` (it asks for the password).\n"
    "2. Put it in `.streamlit/secrets.toml`:\n\n"
    '   ```\n   [desk_users]\n   alice = "scrypt$..."\n   ```\n\n'
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
    users = parse_desk_users(config.desk_users_env())
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


@st.cache_resource(show_spinner=False, max_entries=4)
def _authenticator(_users: dict[str, PasswordHash], fingerprint: str) -> DeskAuthenticator:
    # Keyed by the configuration's fingerprint so an edited secrets file takes effect. Failure
    # counts are not in this object but in the concern database, shared by every replica.
    return DeskAuthenticator(_users, Lockout(LoginLedger(get_store())))


def _fingerprint(users: Mapping[str, PasswordHash]) -> str:
    digest = hashlib.sha256()
    for name in sorted(users):
        digest.update(f"{name}\0{users[name].encode()}\n".encode())
    return digest.hexdigest()


def _text(value: object) -> str | None:
    # st.context promises str or None; Streamlit's test runtime answers with mock objects.
    return value if isinstance(value, str) else None


def request_client() -> str:
    """This request's client address: from the trusted proxy's header when one is configured.

    The desk binds sign-ins to it and the public form counts reports by it (its rate limit).
    """
    proxy = config.trusted_proxy()
    socket_address = _text(st.context.ip_address)
    if proxy is None:
        return client_address([], None, socket_address)
    header, hops = proxy
    forwarded = [v for v in st.context.headers.get_all(header) if isinstance(v, str)]
    return client_address(forwarded, hops, socket_address)


def binding_of(xsrf_cookie: str | None, client: str) -> str:
    """What ties a sign-in to the client that made it: the token in its XSRF cookie, its address."""
    return hashlib.sha256(f"{xsrf_token(xsrf_cookie)}\0{client}".encode()).hexdigest()


def signed_in_state(user: str, *, xsrf_cookie: str | None = None, client: str = "unknown") -> dict[str, str]:
    """The session state a successful sign-in of `user` from that client leaves behind."""
    return {_USER: user, _BINDING: binding_of(xsrf_cookie, client)}


def _xsrf_cookie() -> str | None:
    return _text(st.context.cookies.get(XSRF_COOKIE))


def require_desk_user() -> str | None:
    """The signed-in desk user, or None after drawing the login (or the setup help)."""
    try:
        users = configured_users()
        client = request_client()
    except ValueError as error:  # AuthConfigError, or a bad proxy setting
        st.error(f"The desk login is misconfigured: {error}")
        return None
    oidc = _oidc_emails()
    signed_in = st.session_state.get(_USER)
    if signed_in and signed_in in users:
        bound = str(st.session_state.get(_BINDING, ""))
        if hmac.compare_digest(bound, binding_of(_xsrf_cookie(), client)):
            return str(signed_in)
        log.warning("desk session of %r continued from another client (%s): signed out", signed_in, client)
        st.warning(SIGNED_OUT_ELSEWHERE)
    log_out()  # also: a user removed from the configuration loses access
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
        _password_form(users, client)
    return None


def _password_form(users: dict[str, PasswordHash], client: str) -> None:
    with st.form("gc_desk_login", clear_on_submit=False):
        name = st.text_input("User name", key="gc_login_user", autocomplete="username")
        password = st.text_input(
            "Password", type="password", key="gc_login_password", autocomplete="current-password"
        )
        submitted = st.form_submit_button("Log in")
    if not submitted:
        return
    try:  # the store is opened only now: the form itself needs no database
        result = _authenticator(users, _fingerprint(users)).login(name, password, client=client)
    except STORE_ERRORS as error:  # fail closed: without the failure counts, nobody signs in
        log.error("desk login unavailable: %s: %s", type(error).__name__, error)
        st.error(LOGIN_UNAVAILABLE)
        return
    if result.outcome is Outcome.OK:
        st.session_state.update(signed_in_state(name.strip(), xsrf_cookie=_xsrf_cookie(), client=client))
        st.rerun()
    elif result.outcome is Outcome.LOCKED:
        st.error(f"Too many failed attempts. Try again in {math.ceil(result.retry_after)} seconds.")
    else:
        st.error("Wrong user name or password.")


def log_out() -> None:
    """Forget the desk user of this session."""
    st.session_state.pop(_USER, None)
    st.session_state.pop(_BINDING, None)
