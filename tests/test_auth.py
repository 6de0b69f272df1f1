"""Desk login: scrypt hashes, constant-time checks, growing lockout, no default credentials."""

from __future__ import annotations

import io
import statistics
import time

import pytest

from gmlp_cards.auth import (
    AuthConfigError,
    DeskAuthenticator,
    Lockout,
    Outcome,
    PasswordHash,
    hash_password,
    hash_password_command,
    parse_desk_users,
    verify_password,
)

FAST = {"n": 2**10, "r": 8, "p": 1}  # cheap parameters keep the suite quick; format is the same


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def authenticator(clock: Clock | None = None, **users: str) -> DeskAuthenticator:
    hashes = {name: hash_password(pw, **FAST) for name, pw in users.items()}
    return DeskAuthenticator(parse_desk_users(hashes), Lockout(clock=clock or Clock()))


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
    "bad", ["plaintext", "scrypt$1024$8$1$c2FsdA==", "bcrypt$x", "scrypt$3$8$1$AAAAAAAAAAA=$AAAA",
            "scrypt$1024$8$1$!!!$AAAA", f"scrypt${2**24}$8$1$c2FsdHNhbHQ=$" + "A" * 44],
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


def test_no_configuration_means_no_users() -> None:
    assert parse_desk_users(None) == {} and parse_desk_users("") == {}
    assert not DeskAuthenticator({}, Lockout()).configured


@pytest.mark.parametrize("name, password", [("admin", "admin"), ("admin", ""), ("", ""),
                                            ("desk", "password"), ("root", "changeme")])
def test_no_default_credentials_exist(name: str, password: str) -> None:
    assert DeskAuthenticator({}, Lockout()).login(name, password).outcome is Outcome.REFUSED


def test_the_right_password_logs_in() -> None:
    assert authenticator(alice="correct horse battery").login(
        "alice", "correct horse battery").outcome is Outcome.OK


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password() -> None:
    desk = authenticator(alice="correct horse battery")
    assert desk.login("mallory", "guess").outcome is desk.login("alice", "guess").outcome


def test_an_unknown_user_runs_the_same_scrypt_work_as_a_known_one() -> None:
    hashes = {"alice": hash_password("correct horse battery", n=2**14, r=8, p=1)}
    desk = DeskAuthenticator(parse_desk_users(hashes), Lockout(free_attempts=10**6))

    def median(name: str) -> float:
        times = []
        for _ in range(7):
            start = time.perf_counter()
            desk.login(name, "wrong")
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    known, unknown = median("alice"), median("nobody")
    # Both pay for scrypt (~10 ms at these parameters); a skipped hash would be ~1000x faster.
    assert 0.33 < unknown / known < 3


def test_the_wait_grows_after_repeated_failures() -> None:
    lockout = Lockout(free_attempts=3, base_delay=1.0)
    assert [lockout.delay_for(n) for n in range(1, 8)] == [0, 0, 1, 2, 4, 8, 16]


def test_the_wait_is_capped() -> None:
    assert Lockout(max_delay=900).delay_for(100) == 900


def test_a_locked_user_is_refused_even_with_the_right_password() -> None:
    clock = Clock()
    desk = authenticator(clock, alice="correct horse battery")
    for _ in range(3):
        desk.login("alice", "wrong")
    result = desk.login("alice", "correct horse battery")
    assert result.outcome is Outcome.LOCKED and result.retry_after == pytest.approx(1.0)


def test_the_lock_lifts_after_the_wait() -> None:
    clock = Clock()
    desk = authenticator(clock, alice="correct horse battery")
    for _ in range(3):
        desk.login("alice", "wrong")
    clock.now += 1.01
    assert desk.login("alice", "correct horse battery").outcome is Outcome.OK


def test_unknown_users_are_locked_out_the_same_way() -> None:
    desk = authenticator(alice="correct horse battery")
    for _ in range(3):
        desk.login("mallory", "wrong")
    assert desk.login("mallory", "wrong").outcome is Outcome.LOCKED


def test_a_session_guessing_many_names_is_locked_per_session() -> None:
    desk = authenticator(alice="correct horse battery")
    for i in range(3):
        desk.login(f"user{i}", "wrong", client_keys=["session:s1"])
    assert desk.login("alice", "correct horse battery", client_keys=["session:s1"]).outcome \
        is Outcome.LOCKED
    assert desk.login("alice", "correct horse battery", client_keys=["session:s2"]).outcome \
        is Outcome.OK


def test_success_clears_the_failure_count() -> None:
    clock = Clock()
    desk = authenticator(clock, alice="correct horse battery")
    desk.login("alice", "wrong")
    desk.login("alice", "wrong")
    desk.login("alice", "correct horse battery")
    desk.login("alice", "wrong")
    assert desk.login("alice", "correct horse battery").outcome is Outcome.OK


def test_the_lockout_table_stays_bounded() -> None:
    lockout = Lockout(max_keys=100)
    lockout.failed(f"user:{i}" for i in range(1000))
    assert len(lockout._failures) == 100


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
    from gmlp_cards.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    out = io.StringIO()
    assert main(["hash-password"], out=out) == 0
    assert verify_password("a long enough password", PasswordHash.parse(out.getvalue()))
