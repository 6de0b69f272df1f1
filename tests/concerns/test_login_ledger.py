"""Failed desk logins live in the concern database: every replica on it throttles with the same counts."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import func, select

from gmlp_cards.concerns import ConcernStore
from gmlp_cards.concerns import schema as schema_module
from gmlp_cards.concerns.access import DeskAuthenticator, Lockout, Outcome, hash_password, parse_desk_users
from gmlp_cards.concerns.login_ledger import LoginLedger

PASSWORD = "correct horse battery staple"
NOW = 1_800_000_000.0


def desk_on(store: ConcernStore, clock: Callable[[], float] = lambda: NOW) -> DeskAuthenticator:
    users = parse_desk_users({"alice": hash_password(PASSWORD, n=2**10)})
    return DeskAuthenticator(users, Lockout(LoginLedger(store), clock=clock, sleep=lambda _: None))


def rows(store: ConcernStore) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(schema_module.login_failures)).scalar_one())


def test_a_lock_earned_on_one_replica_holds_on_another(make_store: Callable[..., ConcernStore]) -> None:
    first, second = desk_on(make_store()), desk_on(make_store())
    for _ in range(3):
        first.login("alice", "wrong", client="203.0.113.7")
    assert second.login("alice", PASSWORD, client="203.0.113.7").outcome is Outcome.LOCKED
    assert second.login("alice", PASSWORD, client="198.51.100.20").outcome is Outcome.OK


def test_failures_counted_on_two_replicas_at_once_are_all_counted(
    make_store: Callable[..., ConcernStore],
) -> None:
    ledgers = [LoginLedger(make_store()), LoginLedger(make_store())]
    barrier = threading.Barrier(2)

    def work(ledger: LoginLedger) -> None:
        barrier.wait()
        for _ in range(20):
            ledger.add_failure({"k" * 64: 3600.0}, NOW)

    threads = [threading.Thread(target=work, args=(ledger,)) for ledger in ledgers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ledgers[0].counts(["k" * 64])["k" * 64][0] == 40


def test_a_key_quiet_for_longer_than_its_forget_time_counts_from_one_again(store: ConcernStore) -> None:
    ledger = LoginLedger(store)
    for _ in range(5):
        ledger.add_failure({"a" * 64: 60.0}, NOW)
    ledger.add_failure({"a" * 64: 60.0}, NOW + 61)
    assert ledger.counts(["a" * 64]) == {"a" * 64: (1, NOW + 61)}


def test_rows_nothing_would_count_any_more_are_deleted(store: ConcernStore) -> None:
    ledger = LoginLedger(store)
    for i in range(50):
        ledger.add_failure({f"{i:064d}": 60.0}, NOW)
    ledger.add_failure({"b" * 64: 60.0}, NOW + 61)
    assert rows(store) == 1


def test_typed_user_names_and_addresses_are_never_stored(store: ConcernStore) -> None:
    desk_on(store).login("my-password-typed-as-name", "wrong", client="203.0.113.7")
    with store.engine.connect() as conn:
        keys = conn.execute(select(schema_module.login_failures.c.key)).scalars().all()
    assert len(keys) == 3  # user and client, client, everyone
    assert not any("password" in key or "203.0" in key for key in keys)


def test_a_success_forgets_only_its_own_user_and_client(store: ConcernStore) -> None:
    desk = desk_on(store)
    desk.login("alice", "wrong", client="203.0.113.7")
    desk.login("alice", PASSWORD, client="203.0.113.7")
    assert rows(store) == 2  # the client's and everyone's counts stay
