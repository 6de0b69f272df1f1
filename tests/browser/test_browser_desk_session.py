"""A desk sign-in in Chromium survives its own reruns but not a replay of its session id elsewhere.

Streamlit resumes a session for any websocket that presents its id (the third subprotocol entry),
so the test reads the maker's id from the server's NewSession message, then has a second browser
present it on its first connect.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import PAGE_TIMEOUT_MS, ROOT, StreamlitServer, open_app, wait_until_idle
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from gmlp_cards.concerns import ConcernStore, parse_report
from gmlp_cards.concerns.access import hash_password

PASSWORD = "correct horse battery staple"
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
    store = ConcernStore(f"sqlite:///{server.work_dir / 'data' / 'concerns.sqlite3'}")
    report = parse_report(
        {
            "device_id": "lumen-cxr-triage",
            "card_version": "1.1.0",
            "reporter_role": "clinician",
            "concern_type": "malfunction_or_unavailable",
            "harm_occurred": "no",
            "narrative": "One report, so that a filter visibly changes the desk.",
        }
    )
    store.submit(report, "browser-desk-session-1")
    store.close()
    yield server
    server.stop()


def sign_in(page: Any, server: StreamlitServer) -> None:
    open_app(page, f"{server.url}/desk")
    page.get_by_role("textbox", name="User name").fill("alice")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    wait_until_idle(page)
    page.get_by_text("Signed in as alice").wait_for()


def record_session_id(page: Any) -> list[str]:
    """Collect the session id the server sends in its NewSession message (what a reconnect offers)."""
    ids: list[str] = []

    def on_frame(payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "new_session" and message.new_session.initialize.session_id:
                ids.append(message.new_session.initialize.session_id)

    page.on("websocket", lambda socket: socket.on("framereceived", on_frame))
    return ids


def test_the_makers_own_reruns_keep_the_desk_signed_in(desk_server: StreamlitServer, page: Any) -> None:
    sign_in(page, desk_server)
    page.get_by_text("Reports (1 of 1)").wait_for()
    page.get_by_role("combobox", name="Status").click()  # a filter: a new run in the same session
    page.get_by_role("option", name="Closed", exact=True).click()
    page.get_by_text("Reports (0 of 1)").wait_for()  # the script ran again with the filter
    assert page.get_by_text("Signed in as alice").count() == 1


def test_a_session_id_replayed_from_another_browser_is_signed_out(
    desk_server: StreamlitServer, page: Any, browser: Any
) -> None:
    session_ids = record_session_id(page)
    sign_in(page, desk_server)
    session_id = session_ids[-1]
    page.close()  # the maker's tab goes; the session waits for a reconnect
    attacker = browser.new_context()
    attacker.set_default_timeout(PAGE_TIMEOUT_MS)  # as the shared page's context: slow 2-core machines
    try:
        attacker.add_init_script(REPLAY_SESSION % json.dumps(session_id))
        resumed = False
        # On a loaded machine the server may not yet have seen the maker's tab close, and then
        # gives the replay a fresh session instead of resuming: not signed in either, but it
        # proves nothing, so the replay is tried again until it does resume the maker's session.
        for _ in range(5):
            stolen = attacker.new_page()
            open_app(stolen, f"{desk_server.url}/desk")
            stolen.get_by_role("textbox", name="User name").wait_for()
            assert stolen.get_by_text("Signed in as alice").count() == 0
            if stolen.get_by_text("signed out because").count():
                resumed = True
                break
            stolen.close()
            time.sleep(2)
        assert resumed, "the replayed session id never resumed the maker's session"
    finally:
        attacker.close()
