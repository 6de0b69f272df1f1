"""A desk sign-in in Chromium survives its own reconnect but not a replay of its session id elsewhere.

Streamlit resumes a session for any websocket that presents its id (the third subprotocol entry),
so the test records the maker's ids, then has a second browser present one on its first connect.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import ROOT, StreamlitServer, open_app, wait_until_idle

from gmlp_cards.auth import hash_password

PASSWORD = "correct horse battery staple"
# Records every websocket the app opens and the subprotocols it offers (the session id on reconnect).
RECORD_SOCKETS = """
(() => {
  const Real = window.WebSocket;
  window.__sockets = []; window.__protocols = [];
  window.WebSocket = function (url, protocols) {
    window.__protocols.push(protocols);
    const socket = new Real(url, protocols);
    window.__sockets.push(socket);
    return socket;
  };
  window.WebSocket.prototype = Real.prototype;
  Object.assign(window.WebSocket, Real);
})();
"""
# Presents someone else's session id on the first connect, as a stolen id would be replayed.
REPLAY_SESSION = """
(() => {
  const Real = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    const offered = [...protocols];
    while (offered.length < 3) offered.push("");
    offered[2] = %s;
    return new Real(url, offered);
  };
  window.WebSocket.prototype = Real.prototype;
  Object.assign(window.WebSocket, Real);
})();
"""


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    users = f"alice:{hash_password(PASSWORD, n=2**10)}"
    server = StreamlitServer(ROOT / "model_cards", Path(tmp_path_factory.mktemp("desk")))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GMLP_CARDS_DESK_USERS", users)  # read by the server process it starts
        server.start()
    yield server
    server.stop()


def sign_in(page: Any, server: StreamlitServer) -> None:
    open_app(page, f"{server.url}/desk")
    page.get_by_role("textbox", name="User name").fill("alice")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    wait_until_idle(page)
    page.get_by_text("Signed in as alice").wait_for()


def reconnect(page: Any) -> str:
    """Drop the websocket; the app reconnects with its session id, which is returned."""
    page.evaluate("window.__sockets.forEach(socket => socket.close())")
    page.wait_for_function("window.__protocols.some(p => p.length >= 3 && p[2])")
    wait_until_idle(page)
    return str(page.evaluate("window.__protocols.find(p => p.length >= 3 && p[2])[2]"))


def test_the_makers_own_reconnect_keeps_the_desk_signed_in(desk_server: StreamlitServer, page: Any) -> None:
    page.context.add_init_script(RECORD_SOCKETS)
    sign_in(page, desk_server)
    reconnect(page)
    page.get_by_text("Signed in as alice").wait_for()


def test_a_session_id_replayed_from_another_browser_is_signed_out(
    desk_server: StreamlitServer, page: Any, browser: Any
) -> None:
    page.context.add_init_script(RECORD_SOCKETS)
    sign_in(page, desk_server)
    session_id = reconnect(page)
    page.close()  # the maker's tab goes; the session waits for a reconnect
    attacker = browser.new_context()
    try:
        attacker.add_init_script(REPLAY_SESSION % json.dumps(session_id))
        stolen = attacker.new_page()
        open_app(stolen, f"{desk_server.url}/desk")
        stolen.get_by_text("signed out because").wait_for()  # it did resume the maker's session
        assert stolen.get_by_text("Signed in as alice").count() == 0
        assert stolen.get_by_role("textbox", name="User name").count() == 1
    finally:
        attacker.close()
