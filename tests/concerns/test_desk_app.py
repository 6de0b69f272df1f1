"""AppTest of /desk: nothing without login, everything after, same answer for wrong user or password."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from apptest_helpers import app_store, kinds, page_dump
from apptest_support import open_page
from concern_helpers import make_report, new_submission_id
from streamlit.runtime import context as streamlit_context
from streamlit.testing.v1 import AppTest
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from gmlp_cards.concerns import ConcernStore, Status, Transition
from gmlp_cards.concerns.access import hash_password

PAGE = "desk"
PASSWORD = "correct horse battery staple"
SECRET_TEXT = "NARRATIVE-ONLY-FOR-DESK-EYES the flag stayed green"
HIDDEN_EMAIL = "hidden.reporter@example.org"
SHOWN_EMAIL = "shown.reporter@example.org"
USERS = {"desk_users": {"alice": hash_password(PASSWORD, n=2**10)}}


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConcernStore]:
    monkeypatch.delenv("GMLP_CARDS_DESK_USERS", raising=False)
    with app_store(tmp_path, monkeypatch) as store:
        store.submit(make_report(narrative=SECRET_TEXT), new_submission_id())
        store.submit(
            make_report(contact_email=HIDDEN_EMAIL, contact_consent=True, withhold_identity=True),
            new_submission_id(),
        )
        store.submit(
            make_report(contact_email=SHOWN_EMAIL, contact_consent=True, card_version="2.0.0"),
            new_submission_id(),
        )
        yield store


def log_in(at: AppTest, user: str = "alice", password: str = PASSWORD) -> AppTest:
    at.text_input(key="gc_login_user").input(user)
    at.text_input(key="gc_login_password").input(password)
    return at.button[0].click().run()


def assert_shows_nothing(at: AppTest) -> None:
    dump = page_dump(at)
    assert "NARRATIVE-ONLY-FOR-DESK-EYES" not in dump
    assert "GC-" not in dump
    assert not {"download_button", "plotly_chart", "dataframe"} & kinds(at)
    assert not any(r.key and r.key.startswith("gc_triage") for r in at.radio)


def test_without_configuration_the_desk_explains_setup_and_shows_nothing() -> None:
    at = open_page(PAGE)
    assert any("hash-password" in i.value and "desk_users" in i.value for i in at.info)
    assert_shows_nothing(at)
    assert not at.text_input


def test_a_session_without_login_sees_no_report_export_or_triage() -> None:
    at = open_page(PAGE, secrets=USERS)
    assert at.text_input(key="gc_login_user")
    assert_shows_nothing(at)


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer() -> None:
    wrong = log_in(open_page(PAGE, secrets=USERS), password="not the password")
    unknown = log_in(open_page(PAGE, secrets=USERS), user="mallory")
    assert [e.value for e in wrong.error] == [e.value for e in unknown.error]
    assert [e.value for e in wrong.error] == ["Wrong user name or password."]
    assert_shows_nothing(wrong)
    assert_shows_nothing(unknown)


def test_repeated_failures_lock_the_login_even_for_the_right_password() -> None:
    at = open_page(PAGE, secrets=USERS)
    for _ in range(3):
        at = log_in(at, password="wrong guess")
    at = log_in(at)
    assert any("Too many failed attempts" in e.value for e in at.error)
    assert_shows_nothing(at)


def test_after_login_the_desk_shows_reports_exports_chart_and_triage() -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    oldest = at.selectbox(key="gc_desk_open").options[-1]
    at.selectbox(key="gc_desk_open").set_value(oldest).run()
    assert any(t.value == SECRET_TEXT for t in at.text)  # shown as plain text, not Markdown
    assert {"download_button", "plotly_chart", "dataframe"} <= kinds(at)
    assert at.radio(key=f"gc_triage_to_{oldest}")


def test_the_desk_offers_a_csv_and_a_json_export_side_by_side() -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    buttons = [e.proto for e in at.get("download_button") if e.proto.label.startswith("Export")]
    assert [b.label for b in buttons] == ["Export CSV", "Export JSON"]
    assert [b.id.rsplit("-", 1)[-1] for b in buttons] == ["gc_export_csv", "gc_export_json"]
    assert [b.url.rsplit(".", 1)[-1] for b in buttons] == ["csv", "json"]
    assert not any(b.disabled for b in buttons)


def test_desk_users_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GMLP_CARDS_DESK_USERS", f"bob:{hash_password(PASSWORD, n=2**10)}")
    at = log_in(open_page(PAGE), user="bob")
    assert any(c.value == "Signed in as bob" for c in at.caption)


def test_contact_details_are_hidden_where_the_reporter_asked() -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    for receipt in at.selectbox(key="gc_desk_open").options:
        at.selectbox(key="gc_desk_open").set_value(receipt).run()
        assert HIDDEN_EMAIL not in page_dump(at)


def test_a_shown_contact_appears_where_the_reporter_agreed() -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    assert "GC-" in at.selectbox(key="gc_desk_open").value
    found = False
    for receipt in at.selectbox(key="gc_desk_open").options:
        at.selectbox(key="gc_desk_open").set_value(receipt).run()
        found = found or SHOWN_EMAIL in page_dump(at)
    assert found


def test_triage_from_the_desk_is_stored_with_the_user_as_actor(database: ConcernStore) -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    receipt = at.selectbox(key="gc_desk_open").value
    at.radio(key=f"gc_triage_to_{receipt}").set_value(Status.UNDER_REVIEW)
    at.text_area(key=f"gc_triage_note_{receipt}").input("Looking into it.")
    at.button(key=f"FormSubmitter:gc_triage_{receipt}-Save").click().run()
    steps = database.history(receipt)
    assert (steps[-1].actor, steps[-1].to_status, steps[-1].note) == (
        "alice",
        Status.UNDER_REVIEW,
        "Looking into it.",
    )


def test_closing_without_a_resolution_is_explained_not_stored(database: ConcernStore) -> None:
    receipt = database.reports()[0].receipt
    database.transition(receipt, Transition(Status.UNDER_REVIEW, "alice"), expected=Status.NEW)
    at = log_in(open_page(PAGE, secrets=USERS))
    at.selectbox(key="gc_desk_open").set_value(receipt).run()
    at.text_area(key=f"gc_triage_note_{receipt}").input("Done.")
    at.button(key=f"FormSubmitter:gc_triage_{receipt}-Save").click().run()
    assert any("needs a resolution" in e.value for e in at.error)
    stored = database.get(receipt)
    assert stored is not None and stored.status is Status.UNDER_REVIEW


def test_the_trend_chart_counts_reports_per_device_version() -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = sorted(trace["name"] for trace in figure["data"])
    assert names == ["retina-screen 2.0.0", "retina-screen 2.1.0"]


def test_logging_out_hides_everything_again() -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    at = at.button(key="gc_desk_logout").click().run()
    assert_shows_nothing(at)


def test_a_user_removed_from_the_configuration_loses_access() -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    at.secrets["desk_users"] = {"carol": hash_password(PASSWORD, n=2**10)}
    assert_shows_nothing(at.run())


OIDC = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "desk",
        "client_secret": "s",
        "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
    },
    "desk_oidc": {"emails": ["Carol@Maker.example"]},
}


def test_single_sign_on_users_on_the_allow_list_see_the_desk() -> None:
    at = open_page(PAGE, secrets=OIDC, user={"is_logged_in": True, "email": "carol@maker.example"})
    assert {"download_button", "plotly_chart"} <= kinds(at)


def test_single_sign_on_users_off_the_allow_list_see_nothing() -> None:
    at = open_page(PAGE, secrets=OIDC, user={"is_logged_in": True, "email": "eve@example.org"})
    assert any("not allowed" in e.value for e in at.error)
    assert_shows_nothing(at)


def test_single_sign_on_without_login_offers_the_login_button_only() -> None:
    at = open_page(PAGE, secrets=OIDC, user={"is_logged_in": False})
    assert any("single sign-on" in b.label for b in at.button)
    assert_shows_nothing(at)


def test_after_the_database_file_is_deleted_the_desk_says_so_instead_of_listing_nothing(
    database: ConcernStore,
) -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    database_path = str(database.url.database)
    for path in (database_path, f"{database_path}-wal", f"{database_path}-shm"):
        Path(path).unlink(missing_ok=True)
    at.run()
    assert any("concern database is not reachable" in e.value for e in at.error)
    assert not any(s.value.startswith("Reports (") for s in at.subheader)


@dataclass
class FakeClient:
    """What Streamlit's websocket handler records about a connection (st.context reads it)."""

    remote_ip: str | None = "198.51.100.20"
    cookies: dict[str, str] = field(default_factory=dict)
    headers: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> FakeClient:
    # AppTest has no websocket client, so st.context would answer with mocks: stand one in.
    fake = FakeClient(cookies={"_streamlit_xsrf": generate_xsrf_token_string(b"maker-browser-16", 1)})
    monkeypatch.setattr(streamlit_context, "_get_client_context", lambda: fake)
    return fake


def test_an_attacker_locking_their_own_address_does_not_lock_the_maker_out(client: FakeClient) -> None:
    client.remote_ip = "203.0.113.7"
    at = open_page(PAGE, secrets=USERS)
    for _ in range(4):
        at = log_in(at, password="wrong guess")
    assert any("Too many failed attempts" in e.value for e in at.error)
    client.remote_ip = "198.51.100.20"
    at = log_in(open_page(PAGE, secrets=USERS))
    assert any(c.value == "Signed in as alice" for c in at.caption)


def test_a_forwarded_header_is_ignored_unless_a_trusted_proxy_is_configured(
    client: FakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GMLP_CARDS_TRUSTED_PROXY", raising=False)
    client.remote_ip = "10.0.0.2"  # the proxy: every client arrives from it
    client.headers = [("X-Forwarded-For", "203.0.113.7")]
    at = open_page(PAGE, secrets=USERS)
    for _ in range(4):
        at = log_in(at, password="wrong guess")
    client.headers = [("X-Forwarded-For", "198.51.100.20")]  # a forged header changes nothing
    at = log_in(open_page(PAGE, secrets=USERS))
    assert any("Too many failed attempts" in e.value for e in at.error)


def test_behind_a_trusted_proxy_clients_are_told_apart_by_its_header(
    client: FakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GMLP_CARDS_TRUSTED_PROXY", "X-Forwarded-For")
    client.remote_ip = "10.0.0.2"
    client.headers = [("X-Forwarded-For", "203.0.113.7")]
    at = open_page(PAGE, secrets=USERS)
    for _ in range(4):
        at = log_in(at, password="wrong guess")
    client.headers = [("X-Forwarded-For", "198.51.100.20")]
    at = log_in(open_page(PAGE, secrets=USERS))
    assert any(c.value == "Signed in as alice" for c in at.caption)


def test_a_session_continued_with_another_browsers_xsrf_cookie_is_signed_out(client: FakeClient) -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    assert any(c.value == "Signed in as alice" for c in at.caption)
    client.cookies = {"_streamlit_xsrf": generate_xsrf_token_string(b"attacker-browser", 1)}
    at.run()
    assert_shows_nothing(at)
    assert any("signed out" in w.value for w in at.warning)
    assert at.text_input(key="gc_login_user")


def test_a_session_continued_without_the_xsrf_cookie_is_signed_out(client: FakeClient) -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    client.cookies = {}
    assert_shows_nothing(at.run())


def test_a_session_continued_from_another_address_is_signed_out(client: FakeClient) -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    client.remote_ip = "203.0.113.7"
    assert_shows_nothing(at.run())


def test_a_signed_in_session_stays_signed_in_when_streamlit_re_masks_its_cookie(
    client: FakeClient,
) -> None:
    at = log_in(open_page(PAGE, secrets=USERS))
    client.cookies = {"_streamlit_xsrf": generate_xsrf_token_string(b"maker-browser-16", 1)}
    at.run()
    assert any(c.value == "Signed in as alice" for c in at.caption)


def test_without_the_database_nobody_can_sign_in(database: ConcernStore) -> None:
    database.close()
    database_path = Path(str(database.url.database))
    for path in (database_path, Path(f"{database_path}-wal"), Path(f"{database_path}-shm")):
        path.unlink(missing_ok=True)
    at = log_in(open_page(PAGE, secrets=USERS))  # the failure counts cannot be read: fail closed
    assert any("cannot check sign-ins" in e.value for e in at.error)
    assert_shows_nothing(at)
