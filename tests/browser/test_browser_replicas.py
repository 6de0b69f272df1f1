"""Two replicas of the portal on one PostgreSQL and one card folder behave as one portal.

The app keeps no state of its own beside the database and the cards: reports sent to either replica
reach one desk, a triage on one is what the other shows, and failed sign-ins count on both.
Behind a load balancer each reader's websocket stays on one replica (sticky sessions); nothing
else needs to.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from browser_support import ROOT, StreamlitServer, choose, open_app, send_concern, sign_in, wait_until_idle
from sqlalchemy import create_engine, text

from gmlp_cards.cards.index import INDEX_NAME
from gmlp_cards.concerns.access import hash_password

PASSWORD = "correct horse battery staple"
PG_ENV = "GMLP_CARDS_TEST_DATABASE_URL"
RECEIPT = re.compile(r"GC-\d{4}-\d{6}")

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def shared_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema, and the app's database URL that puts its tables there."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{PG_ENV} is not set; the two-replica test needs PostgreSQL")
        pytest.skip(f"{PG_ENV} is not set")
    schema = f"gc_replicas_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        # libpq's `options` sets the search path for every connection either replica opens.
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def replicas(
    shared_schema: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[StreamlitServer, StreamlitServer]]:
    cards = tmp_path_factory.mktemp("shared") / "model_cards"
    shutil.copytree(ROOT / "model_cards", cards, ignore=shutil.ignore_patterns(INDEX_NAME + "*"))
    servers = tuple(
        StreamlitServer(cards, tmp_path_factory.mktemp(f"replica-{name}"), database_url=shared_schema)
        for name in "ab"
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GMLP_CARDS_DESK_USERS", f"alice:{hash_password(PASSWORD, n=2**10)}")
        for server in servers:
            server.start()
    try:
        yield servers  # type: ignore[misc]
    finally:
        for server in servers:
            server.stop()


def _report(page: Any, server: StreamlitServer, narrative: str) -> str:
    query = urlencode({"device": "lumen-cxr-triage", "version": "1.1.0"})
    open_app(page, f"{server.url}/report?{query}")
    send_concern(page, narrative)
    receipt = page.get_by_text(RECEIPT).first
    receipt.wait_for()
    found = RECEIPT.search(receipt.inner_text())
    assert found is not None
    return found.group(0)


def _open_report(page: Any, receipt: str) -> None:
    choose(page, "Open a report", receipt)
    wait_until_idle(page)
    page.get_by_text(f"Report {receipt}").wait_for()


def test_two_replicas_share_one_desk(replicas: tuple[StreamlitServer, StreamlitServer], browser: Any) -> None:
    a, b = replicas
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(3)]
    try:
        reader, desk_b, desk_a = (context.new_page() for context in contexts)
        for page in (reader, desk_b, desk_a):
            page.set_default_timeout(90_000)
        sent_to_a = _report(reader, a, "Sent to replica A: the flag stayed off on a portable image.")
        sent_to_b = _report(reader, b, "Sent to replica B: the flag came on for a normal image.")
        assert sent_to_a != sent_to_b  # one receipt sequence in the shared database

        sign_in(desk_b, b.url, "alice", PASSWORD)
        desk_b.get_by_text("Signed in as alice").wait_for()
        desk_b.get_by_text("Reports (2 of 2)").wait_for()
        _open_report(desk_b, sent_to_a)
        desk_b.get_by_role("radiogroup", name="Move to").get_by_text("Start review").click()
        desk_b.get_by_role("textbox", name="Note", exact=True).fill("Triaged on replica B.")
        desk_b.get_by_role("button", name="Save", exact=True).click()
        wait_until_idle(desk_b)

        sign_in(desk_a, a.url, "alice", PASSWORD)
        desk_a.get_by_text("Signed in as alice").wait_for()
        desk_a.get_by_text("Reports (2 of 2)").wait_for()
        _open_report(desk_a, sent_to_a)
        desk_a.get_by_text(re.compile(r"Status:\s+Under review")).wait_for()
        # The history table is drawn on a canvas; its cells are in the page for assistive technology.
        desk_a.get_by_text("Triaged on replica B.").first.wait_for(state="attached")
    finally:
        for context in contexts:
            context.close()


def test_failed_sign_ins_count_on_every_replica(
    replicas: tuple[StreamlitServer, StreamlitServer], browser: Any
) -> None:
    a, b = replicas
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        sign_in(page, a.url, "alice", "wrong password on A")
        page.get_by_text("Wrong user name or password").first.wait_for()
        sign_in(page, b.url, "alice", "wrong password on B")
        page.get_by_text("Wrong user name or password").first.wait_for()
    finally:
        context.close()
    assert a.database_url is not None
    engine = create_engine(a.database_url)
    try:
        with engine.connect() as conn:
            failures = dict(conn.execute(text("SELECT key, failures FROM desk_login_failures")).all())
    finally:
        engine.dispose()
    # Every key (this user from this client, this client, everyone) counted both replicas' failures.
    assert failures and set(failures.values()) == {2}, failures
