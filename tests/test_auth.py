"""Desk login: scrypt hashes, constant-time checks, lockout per (user, client), no default credentials."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from gmlp_cards import config
from gmlp_cards.cli.desk import hash_password_command
from gmlp_cards.concerns import ConcernStore
from gmlp_cards.concerns.access import (
    GLOBAL_SLOWDOWN,
    AuthConfigError,
    Backoff,
    DeskAuthenticator,
    Lockout,
    Outcome,
    PasswordHash,
    client_address,
    hash_password,
    parse_desk_users,
    verify_password,
    xsrf_token,
)
from gmlp_cards.concerns.login_ledger import LoginLedger

FAST = {"n": 2**10, "r": 8, "p": 1}  # cheap parameters keep the suite quick; format is the same
PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0  # wall-clock epoch seconds, as replicas share them

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConcernStore]:
    opened = ConcernStore(f"sqlite:///{tmp_path / 'concerns.db'}")
    yield opened
    opened.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_lockout(store: ConcernStore, clock: Clock, sleeps: list[float]) -> Callable[..., Lockout]:
    def make(**backoffs: Any) -> Lockout:
        return Lockout(LoginLedger(store), clock=clock, sleep=sleeps.append, **backoffs)

    return make


@pytest.fixture
def authenticator(make_lockout: Callable[..., Lockout]) -> Callable[..., DeskAuthenticator]:
    def make(lockout: Lockout | None = None, **users: str) -> DeskAuthenticator:
        hashes = {name: hash_password(pw, **FAST) for name, pw in users.items()}
        return DeskAuthenticator(parse_desk_users(hashes), lockout or make_lockout())

    return make


def test_a_hash_verifies_its_password_only() -> None:
    stored = PasswordHash.parse(hash_password("correct horse battery", **FAST))
    assert verify_password("correct horse battery", stored)
    assert not verify_password("correct horse batterY", stored)


def test_hashes_are_salted_so_the_same_password_hashes_differently() -> None:
    assert hash_password("same password here", **FAST) != hash_password("same password here", **FAST)


def test_the_default_hash_is_scrypt_with_a_slow_cost() -> None:
    stored = PasswordHash.parse(hash_password("correct horse battery"))
    assert stored.n >= 2**14 and len(stored.salt) >= 16


def test_the_text_form_round_trips() -> None:
    text = hash_password("correct horse battery", **FAST)
    assert PasswordHash.parse(text).encode() == text


@pytest.mark.parametrize(
    "bad",
    [
        "plaintext",
        "scrypt$1024$8$1$c2FsdA==",
        "bcrypt$x",
        "scrypt$3$8$1$AAAAAAAAAAA=$AAAA",
        "scrypt$1024$8$1$!!!$AAAA",
        f"scrypt${2**24}$8$1$c2FsdHNhbHQ=$" + "A" * 44,
    ],
)
def test_malformed_or_absurd_hashes_are_configuration_errors(bad: str) -> None:
    with pytest.raises(AuthConfigError):
        PasswordHash.parse(bad)


def test_env_form_lists_several_users() -> None:
    a, b = hash_password("password-number-1", **FAST), hash_password("password-number-2", **FAST)
    assert sorted(parse_desk_users(f"alice:{a}, bob:{b}")) == ["alice", "bob"]


def test_an_env_entry_without_a_colon_is_a_configuration_error() -> None:
    with pytest.raises(AuthConfigError, match="user:hash"):
        parse_desk_users("alice")


def test_no_configuration_means_no_users(authenticator) -> None:
    assert parse_desk_users(None) == {} and parse_desk_users("") == {}
    assert not authenticator().configured


@pytest.mark.parametrize(
    "name, password",
    [("admin", "admin"), ("admin", ""), ("", ""), ("desk", "password"), ("root", "changeme")],
)
def test_no_default_credentials_exist(authenticator, name: str, password: str) -> None:
    assert authenticator().login(name, password, client="c").outcome is Outcome.REFUSED


def test_the_right_password_logs_in(authenticator) -> None:
    assert authenticator(alice=PASSWORD).login("alice", PASSWORD, client="c").outcome is Outcome.OK


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(authenticator) -> None:
    desk = authenticator(alice=PASSWORD)
    assert (
        desk.login("mallory", "guess", client="c").outcome is desk.login("alice", "guess", client="c").outcome
    )


def test_an_unknown_user_runs_the_same_scrypt_work_as_a_known_one(make_lockout) -> None:
    hashes = {"alice": hash_password(PASSWORD, n=2**14, r=8, p=1)}
    never = Backoff(free_attempts=10**6, base_delay=1, max_delay=1, forget_after=3600)
    lockout = make_lockout(per_user_and_client=never, per_client=never, global_slowdown=never)
    desk = DeskAuthenticator(parse_desk_users(hashes), lockout)

    def median(name: str) -> float:
        times = []
        for _ in range(7):
            start = time.perf_counter()
            desk.login(name, "wrong", client="c")
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    known, unknown = median("alice"), median("nobody")
    # Both pay for scrypt (~10 ms at these parameters); a skipped hash would be ~1000x faster.
    assert 0.33 < unknown / known < 3


def test_the_wait_grows_after_repeated_failures() -> None:
    backoff = Backoff(free_attempts=3, base_delay=1.0, max_delay=900, forget_after=3600)
    assert [backoff.delay_for(n) for n in range(1, 8)] == [0, 0, 1, 2, 4, 8, 16]


def test_the_wait_is_capped() -> None:
    assert Backoff(free_attempts=3, base_delay=1.0, max_delay=900, forget_after=3600).delay_for(100) == 900


def fail(desk: DeskAuthenticator, times: int, *, user: str = "alice", client: str = "attacker") -> None:
    for _ in range(times):
        assert desk.login(user, "wrong", client=client).outcome is not Outcome.OK


def test_a_locked_user_is_refused_even_with_the_right_password(authenticator) -> None:
    desk = authenticator(alice=PASSWORD)
    fail(desk, 3)
    result = desk.login("alice", PASSWORD, client="attacker")
    assert result.outcome is Outcome.LOCKED and result.retry_after == pytest.approx(1.0)


def test_the_lock_lifts_after_the_wait(authenticator, clock: Clock) -> None:
    desk = authenticator(alice=PASSWORD)
    fail(desk, 3)
    clock.now += 1.01
    assert desk.login("alice", PASSWORD, client="attacker").outcome is Outcome.OK


def test_an_attackers_client_is_locked_while_the_maker_signs_in_from_another(authenticator) -> None:
    desk = authenticator(alice=PASSWORD)
    fail(desk, 10, client="203.0.113.7")
    assert desk.login("alice", PASSWORD, client="203.0.113.7").outcome is Outcome.LOCKED
    assert desk.login("alice", PASSWORD, client="198.51.100.20").outcome is Outcome.OK


def test_unknown_users_are_locked_out_the_same_way(authenticator) -> None:
    desk = authenticator(alice=PASSWORD)
    fail(desk, 3, user="mallory")
    assert desk.login("mallory", "wrong", client="attacker").outcome is Outcome.LOCKED


def test_user_names_differing_in_case_share_one_count(authenticator) -> None:
    desk = authenticator(alice=PASSWORD)
    fail(desk, 3, user="Alice")
    assert desk.login("alice", PASSWORD, client="attacker").outcome is Outcome.LOCKED


def test_a_client_guessing_many_names_is_locked_for_every_name(authenticator, make_lockout) -> None:
    per_client = Backoff(free_attempts=5, base_delay=1.0, max_delay=900, forget_after=3600)
    desk = authenticator(make_lockout(per_client=per_client), alice=PASSWORD)
    for i in range(5):
        fail(desk, 1, user=f"user{i}")
    assert desk.login("alice", PASSWORD, client="attacker").outcome is Outcome.LOCKED
    assert desk.login("alice", PASSWORD, client="maker").outcome is Outcome.OK


def test_a_success_does_not_reset_the_clients_count(authenticator, make_lockout) -> None:
    # Otherwise an attacker with one account of their own could spray names forever.
    per_client = Backoff(free_attempts=5, base_delay=1.0, max_delay=900, forget_after=3600)
    desk = authenticator(make_lockout(per_client=per_client), alice=PASSWORD, eve=PASSWORD)
    for i in range(4):
        fail(desk, 1, user=f"user{i}")
    assert desk.login("eve", PASSWORD, client="attacker").outcome is Outcome.OK
    fail(desk, 1, user="user9")
    assert desk.login("alice", PASSWORD, client="attacker").outcome is Outcome.LOCKED


def test_success_clears_the_failure_count_of_the_user_and_client(authenticator) -> None:
    desk = authenticator(alice=PASSWORD)
    fail(desk, 2)
    assert desk.login("alice", PASSWORD, client="attacker").outcome is Outcome.OK
    fail(desk, 2)
    assert desk.login("alice", PASSWORD, client="attacker").outcome is Outcome.OK


SPRAY = Backoff(free_attempts=20, base_delay=0.25, max_delay=5.0, forget_after=900)


def test_a_spray_across_users_and_clients_slows_every_attempt_down(
    authenticator, make_lockout, sleeps: list[float]
) -> None:
    desk = authenticator(make_lockout(global_slowdown=SPRAY), alice=PASSWORD)
    for i in range(22):  # each from a fresh client and name: no pair or client lock applies
        fail(desk, 1, user=f"user{i}", client=f"10.0.{i}.1")
    result = desk.login("alice", PASSWORD, client="maker")
    assert result.outcome is Outcome.OK  # slowed down, never locked out
    assert result.slowed_by == 1.0 and sleeps[-1] == 1.0  # 0.25 s doubled twice past 20 failures


def test_below_the_spray_threshold_nothing_is_slowed_down(
    authenticator, make_lockout, sleeps: list[float]
) -> None:
    desk = authenticator(make_lockout(global_slowdown=SPRAY), alice=PASSWORD)
    for i in range(19):
        fail(desk, 1, user=f"user{i}", client=f"10.0.{i}.1")
    assert desk.login("alice", PASSWORD, client="maker").slowed_by == 0
    assert sleeps == []


def test_the_slow_down_ends_after_a_quiet_quarter_hour(
    authenticator, make_lockout, clock: Clock, sleeps: list[float]
) -> None:
    desk = authenticator(make_lockout(global_slowdown=SPRAY), alice=PASSWORD)
    for i in range(30):
        fail(desk, 1, user=f"user{i}", client=f"10.0.{i}.1")
    clock.now += 901
    assert desk.login("alice", PASSWORD, client="maker").slowed_by == 0


def test_the_default_slow_down_stays_at_five_seconds_after_a_million_failures() -> None:
    assert GLOBAL_SLOWDOWN.delay_for(10**6) == 5.0


def test_hash_password_command_reads_stdin_and_prints_a_verifiable_hash() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert hash_password_command(io.StringIO("a long enough password\n"), out, err) == 0
    assert verify_password("a long enough password", PasswordHash.parse(out.getvalue()))
    assert "desk_users" in err.getvalue()


def test_hash_password_command_refuses_short_passwords() -> None:
    out = io.StringIO()
    assert hash_password_command(io.StringIO("short\n"), out, io.StringIO()) != 0
    assert out.getvalue() == ""


def test_the_cli_has_a_hash_password_command_reading_stdin(monkeypatch, capsys) -> None:
    from gmlp_cards.cli.main import main

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    out = io.StringIO()
    assert main(["hash-password"], out=out) == 0
    assert verify_password("a long enough password", PasswordHash.parse(out.getvalue()))


def test_without_a_trusted_proxy_the_socket_address_is_the_client() -> None:
    assert client_address(["198.51.100.9"], None, "203.0.113.7") == "203.0.113.7"


def test_behind_one_trusted_proxy_the_address_it_appended_is_the_client() -> None:
    # The first entry is whatever the client sent: a forged header must not pick the client.
    assert client_address(["1.2.3.4, 198.51.100.9"], 1, "10.0.0.2") == "198.51.100.9"


def test_behind_two_trusted_proxies_the_second_entry_from_the_right_is_the_client() -> None:
    assert client_address(["1.2.3.4, 198.51.100.9", "172.16.0.3"], 2, "10.0.0.2") == "198.51.100.9"


def test_a_forwarded_header_with_too_few_entries_falls_back_to_the_socket() -> None:
    assert client_address([], 1, "10.0.0.2") == "10.0.0.2"
    assert client_address(["198.51.100.9"], 2, None) == "unknown"


def test_the_xsrf_token_is_the_same_under_every_mask_streamlit_puts_on_it() -> None:
    token = bytes(range(16))
    first, second = generate_xsrf_token_string(token, 1), generate_xsrf_token_string(token, 1)
    assert first != second  # Streamlit re-masks the cookie on every page it serves
    assert xsrf_token(first) == xsrf_token(second) == token.hex()
    assert xsrf_token(generate_xsrf_token_string(bytes(16), 1)) != token.hex()


@pytest.mark.parametrize("cookie", [None, "", "2|zz|00|1", "1|00|00|1", "garbage"])
def test_a_missing_or_unreadable_xsrf_cookie_reads_as_no_token(cookie: str | None) -> None:
    assert xsrf_token(cookie) == ""


def test_the_trusted_proxy_is_off_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GMLP_CARDS_TRUSTED_PROXY", raising=False)
    assert config.trusted_proxy() is None
    monkeypatch.setenv("GMLP_CARDS_TRUSTED_PROXY", "X-Forwarded-For")
    assert config.trusted_proxy() == ("X-Forwarded-For", 1)
    monkeypatch.setenv("GMLP_CARDS_TRUSTED_PROXY_HOPS", "2")
    assert config.trusted_proxy() == ("X-Forwarded-For", 2)


@pytest.mark.parametrize("hops", ["0", "-1", "two"])
def test_a_nonsense_proxy_hop_count_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, hops: str
) -> None:
    monkeypatch.setenv("GMLP_CARDS_TRUSTED_PROXY", "X-Forwarded-For")
    monkeypatch.setenv("GMLP_CARDS_TRUSTED_PROXY_HOPS", hops)
    with pytest.raises(ValueError, match="HOPS"):
        config.trusted_proxy()
