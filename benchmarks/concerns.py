"""Figure 6: accepted concern reports per second, against a bare driver insert loop (same durability).

The measuring itself is benchmarks/concern_throughput.py (alternating chunks of our store's
`submit` and a bare insert, each committed); this wraps its numbers as figures.
"""

from __future__ import annotations

import os

from benchmarks.common import Figure
from benchmarks.concern_throughput import run_postgres, run_sqlite

TARGET = 0.5  # issue 17: at least half the rate of a bare driver loop of the same durability


def run(n: int = 2000, pg_url: str | None = None) -> list[Figure]:
    figures = []
    pg_url = pg_url if pg_url is not None else os.environ.get("GMLP_CARDS_TEST_DATABASE_URL")
    backends = [("SQLite", lambda: run_sqlite(n))]
    if pg_url:
        backends.append(("PostgreSQL", lambda: run_postgres(pg_url, n)))
    for name, measure in backends:
        try:
            ours, bare = measure()
        except Exception as error:  # a database that is down must not lose the other figures
            if name == "SQLite":
                raise
            figures[0].notes.append(f"PostgreSQL not measured: {str(error).splitlines()[0]}")
            continue
        figure = Figure(
            f"6. concern submissions ({name})",
            ours,
            bare,
            "reports/s",
            floor_name="bare driver inserts/s",
            target=f">= {TARGET}x",
        )
        figure.met = ours / bare >= TARGET
        figure.notes.append(f"n={n} each, every insert committed; higher is better")
        figures.append(figure)
    if not pg_url:
        figures[0].notes.append("PostgreSQL skipped: GMLP_CARDS_TEST_DATABASE_URL unset")
    return figures
