"""The pool of driver connections reports are written on: one thread per connection, a bound on how
many are open, and a connection that failed never handed out again."""

from __future__ import annotations

import threading

import pytest

from gmlp_cards.concerns import STORE_ERRORS
from gmlp_cards.concerns.driver_pool import DriverConnection, DriverPool


class FakeDriver:
    """Records what the pool does to a connection."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.calls: list[str] = []

    def rollback(self) -> None:
        self.calls.append("rollback")

    def close(self) -> None:
        self.calls.append("close")


class FakeCursor:
    def __init__(self, driver: FakeDriver) -> None:
        self.driver = driver

    def close(self) -> None:
        self.driver.calls.append("cursor closed")


class Opener:
    """Opens numbered fake connections and keeps every one it opened."""

    def __init__(self) -> None:
        self.opened: list[FakeDriver] = []

    def __call__(self) -> DriverConnection:
        driver = FakeDriver(len(self.opened) + 1)
        self.opened.append(driver)
        return DriverConnection(driver, FakeCursor(driver))


def test_a_connection_given_back_is_the_next_one_handed_out() -> None:
    opener = Opener()
    pool = DriverPool(opener)
    with pool.connection() as first:
        pass
    with pool.connection() as second:
        pass
    assert second is first and len(opener.opened) == 1
    assert first.driver.calls == []


def test_a_connection_whose_block_raised_is_rolled_back_closed_and_not_reused() -> None:
    opener = Opener()
    pool = DriverPool(opener)
    with pytest.raises(ValueError, match="mid-report"), pool.connection() as failed:
        raise ValueError("mid-report")
    assert failed.driver.calls == ["cursor closed", "rollback", "close"]
    with pool.connection() as fresh:
        pass
    assert fresh is not failed and [d.number for d in opener.opened] == [1, 2]


def test_closing_a_dead_connection_still_closes_it() -> None:
    class DeadDriver(FakeDriver):
        def rollback(self) -> None:
            raise OSError("the server closed the connection")

    driver = DeadDriver(1)
    DriverConnection(driver, FakeCursor(driver)).close()
    assert driver.calls == ["cursor closed", "close"]


def test_only_keep_connections_stay_open_while_idle() -> None:
    opener = Opener()
    pool = DriverPool(opener, keep=1, limit=3)
    with pool.connection(), pool.connection(), pool.connection():
        pass  # three in use at once
    assert [driver.calls for driver in opener.opened].count(["cursor closed", "rollback", "close"]) == 2


def test_at_the_limit_a_thread_waits_for_a_connection_given_back() -> None:
    opener = Opener()
    pool = DriverPool(opener, limit=1)
    waiting, served = threading.Event(), []

    def report() -> None:
        waiting.set()
        with pool.connection() as held:
            served.append(held)

    with pool.connection() as first:
        thread = threading.Thread(target=report)
        thread.start()
        waiting.wait()
        assert served == []  # it cannot have one while this block holds the only one
    thread.join()
    assert served == [first] and len(opener.opened) == 1


def test_no_connection_free_within_the_wait_is_a_store_error() -> None:
    pool = DriverPool(Opener(), limit=1, wait_seconds=0)
    with (
        pool.connection(),
        pytest.raises(STORE_ERRORS, match="no concern database connection came free"),
        pool.connection(),
    ):
        pass


def test_discarding_the_idle_connections_closes_them_and_opens_new_ones() -> None:
    opener = Opener()
    pool = DriverPool(opener)
    with pool.connection(), pool.connection():
        pass
    pool.discard_idle()
    assert [driver.calls[-1] for driver in opener.opened] == ["close", "close"]
    with pool.connection() as fresh:
        pass
    assert fresh.driver is opener.opened[2]


def test_a_connection_given_back_after_the_pool_closed_is_closed() -> None:
    opener = Opener()
    pool = DriverPool(opener)
    with pool.connection() as held:
        pool.close()
    assert held.driver.calls[-1] == "close"
