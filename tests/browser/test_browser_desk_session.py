"""A desk sign-in in Chromium survives its own reruns (the binding to the browser holds).

A replayed session id is signed out: tests/concerns/test_desk_app.py checks that with another XSRF
cookie, no cookie and another address. A Chromium replay of the id from a second context passed
alone but could not connect within 90 s inside the whole suite, so it is not kept here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import ROOT, StreamlitServer, sign_in

from gmlp_cards.concerns import ConcernStore, parse_report
from gmlp_cards.concerns.access import hash_password

PASSWORD = "correct horse battery staple"


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


def _signed_in(page: Any, server: StreamlitServer) -> None:
    sign_in(page, server.url, "alice", PASSWORD)
    page.get_by_text("Signed in as alice").wait_for()


def test_the_makers_own_reruns_keep_the_desk_signed_in(desk_server: StreamlitServer, page: Any) -> None:
    _signed_in(page, desk_server)
    page.get_by_text("Reports (1 of 1)").wait_for()
    page.get_by_role("combobox", name="Status").click()  # a filter: a new run in the same session
    page.get_by_role("option", name="Closed", exact=True).click()
    page.get_by_text("Reports (0 of 1)").wait_for()  # the script ran again with the filter
    assert page.get_by_text("Signed in as alice").count() == 1
