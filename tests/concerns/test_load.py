"""No loss under load: many threads, and a writer killed with SIGKILL mid-run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from concern_helpers import Target, make_report, new_submission_id

from gmlp_cards.concerns import ConcernStore

THREADS, PER_THREAD = 8, 500
ROOT = Path(__file__).resolve().parents[2]


def test_eight_threads_of_500_submissions_store_4000_distinct_reports(store: ConcernStore) -> None:
    report = make_report()
    receipts: list[list[str]] = [[] for _ in range(THREADS)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def work(slot: int) -> None:
        barrier.wait()
        try:
            for _ in range(PER_THREAD):
                receipts[slot].append(store.submit(report, new_submission_id()).number)
        except BaseException as error:  # surfaced below; a thread must not die silently
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    every = [r for chunk in receipts for r in chunk]
    assert len(every) == THREADS * PER_THREAD
    assert len(set(every)) == THREADS * PER_THREAD
    assert store.count() == THREADS * PER_THREAD


def test_a_killed_writer_loses_no_acknowledged_report(target: Target, store: ConcernStore) -> None:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("_writer.py")), target.url, target.schema or ""],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    acknowledged: list[str] = []
    deadline = time.monotonic() + 30
    while len(acknowledged) < 200 and time.monotonic() < deadline:
        acknowledged.append(child.stdout.readline().strip())
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate(timeout=30)
    acknowledged += [line for line in rest.splitlines() if line.strip()]
    assert child.returncode == -signal.SIGKILL
    assert len(acknowledged) >= 200
    missing = [r for r in acknowledged if store.get(r) is None]
    assert missing == []
