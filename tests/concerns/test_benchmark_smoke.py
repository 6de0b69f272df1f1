"""The throughput benchmark runs end to end on a tiny size and prints a ratio per backend."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_concern_throughput_benchmark_prints_ratios() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/concern_throughput.py", "--n", "20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"^sqlite: n=20 accepted reports/s=\d+ .* ratio=\d+\.\d\d$", result.stdout, re.MULTILINE)
    if os.environ.get("GMLP_CARDS_TEST_DATABASE_URL"):
        assert re.search(r"^postgresql: n=20 .* ratio=\d+\.\d\d$", result.stdout, re.MULTILINE)
