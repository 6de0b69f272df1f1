"""Accepted concern reports per second, as a ratio to a bare driver insert loop of equal durability.

Usage: python benchmarks/concern_throughput.py [--n 2000] [--pg-url postgresql+psycopg://...]
Both sides commit every insert; SQLite runs in WAL mode with synchronous=FULL on both sides and
PostgreSQL with the server's synchronous_commit, so the ratio measures our overhead, not fsync.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gmlp_cards.concerns import ConcernStore, parse_report

NARRATIVE = "The referral flag stayed green for an image that was clearly ungradable. " * 4
ROW = ("retina-screen", "2.1.0", "clinician", "wrong_or_misleading_output", "no", NARRATIVE)
BARE_DDL = (
    "CREATE TABLE bare (id INTEGER PRIMARY KEY, submission_id VARCHAR(64) UNIQUE NOT NULL, "
    "device_id TEXT, card_version TEXT, reporter_role TEXT, concern_type TEXT, "
    "harm_occurred TEXT, narrative TEXT)"
)
BARE_INSERT = (
    "INSERT INTO bare (submission_id, device_id, card_version, reporter_role, concern_type, "
    "harm_occurred, narrative) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})"
)


ROUNDS = 10


class Bench:
    """Times two insert loops in alternating chunks, so disk and load drift hit both alike."""

    def __init__(self) -> None:
        self.seconds = {"ours": 0.0, "bare": 0.0}

    def chunk(self, side: str, n: int, one: Callable[[], object]) -> None:
        start = time.perf_counter()
        for _ in range(n):
            one()
        self.seconds[side] += time.perf_counter() - start

    def run(self, n: int, ours: Callable[[], object], bare: Callable[[], object]) -> tuple[float, float]:
        """Reports per second for (ours, bare) over n calls each."""
        size = max(1, n // ROUNDS)
        done = 0
        while done < n:
            step = min(size, n - done)
            first, second = (
                (("ours", ours), ("bare", bare))
                if done // size % 2 == 0
                else (("bare", bare), ("ours", ours))
            )
            self.chunk(first[0], step, first[1])
            self.chunk(second[0], step, second[1])
            done += step
        return n / self.seconds["ours"], n / self.seconds["bare"]


def submitter(store: ConcernStore) -> Callable[[], object]:
    report = parse_report(
        {
            "device_id": ROW[0],
            "card_version": ROW[1],
            "reporter_role": ROW[2],
            "concern_type": ROW[3],
            "harm_occurred": ROW[4],
            "narrative": NARRATIVE,
        }
    )
    return lambda: store.submit(report, uuid.uuid4().hex)


def bare_sqlite(conn: sqlite3.Connection) -> Callable[[], object]:
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")  # the store's setting (see store._sqlite_engine)
    conn.execute(BARE_DDL)
    sql = BARE_INSERT.format(p="?")

    def one() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(sql, (uuid.uuid4().hex, *ROW))
        conn.execute("COMMIT")

    return one


def bare_postgres(conn: Any) -> Callable[[], object]:
    conn.execute(BARE_DDL.replace("INTEGER PRIMARY KEY", "SERIAL PRIMARY KEY"))
    conn.commit()
    sql = BARE_INSERT.format(p="%s")

    def one() -> None:
        conn.execute(sql, (uuid.uuid4().hex, *ROW))
        conn.commit()

    return one


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def run_sqlite(n: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = ConcernStore(f"sqlite:///{Path(folder) / 'store.db'}")
        conn = sqlite3.connect(Path(folder) / "bare.db", isolation_level=None)
        try:
            ours, bare = Bench().run(n, submitter(store), bare_sqlite(conn))
        finally:
            conn.close()
            store.close()
    report("sqlite", n, ours, bare, "sqlite3")
    return ours, bare


def run_postgres(url: str, n: int) -> tuple[float, float]:
    import psycopg

    schemas = [f"bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with psycopg.connect(_libpq(url), autocommit=True) as admin:
        for schema in schemas:
            admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            store = ConcernStore(url, schema_name=schemas[0])
            with psycopg.connect(_libpq(url), options=f"-csearch_path={schemas[1]}") as conn:
                ours, bare = Bench().run(n, submitter(store), bare_postgres(conn))
            store.close()
        finally:
            for schema in schemas:
                admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    report("postgresql", n, ours, bare, "psycopg")
    return ours, bare


def report(backend: str, n: int, ours: float, bare: float, driver: str) -> None:
    print(
        f"{backend}: n={n} accepted reports/s={ours:.0f} bare {driver} inserts/s={bare:.0f} "
        f"ratio={ours / bare:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="reports per backend (default 2000)")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("GMLP_CARDS_TEST_DATABASE_URL"),
        help="PostgreSQL URL (default: $GMLP_CARDS_TEST_DATABASE_URL); omitted = SQLite only",
    )
    args = parser.parse_args(argv)
    run_sqlite(args.n)
    if args.pg_url:
        run_postgres(args.pg_url, args.n)
    else:
        print("postgresql: skipped (no --pg-url and GMLP_CARDS_TEST_DATABASE_URL unset)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
