"""CLI start-up: `python -m gmlp_cards.cli --help` against `python -c "import yaml, pydantic"`.

Usage: python -m benchmarks.cli_startup [--reps 15]

Both are fresh interpreters, timed in the same run, interleaved; the figure is the median of the
per-repetition ratios. The floor is what any card command must import anyway (the YAML parser and
the validation library); the target is `--help` within 2x of it, which holds only while `--help`
imports no command module (cli/main.py) and `import gmlp_cards` loads nothing (gmlp_cards/__init__.py).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.common import Figure, interleaved, machine, median

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 2.0
HELP = [sys.executable, "-m", "gmlp_cards.cli", "--help"]
FLOOR = [sys.executable, "-c", "import yaml, pydantic"]


def _run(command: list[str]) -> None:
    # From the checkout, so `-m gmlp_cards.cli` imports this copy, as `python -m` from a clone does.
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)


def run(reps: int = 15) -> Figure:
    """The `--help` start-up as a Figure: ms, floor ms, and the median per-repetition ratio."""
    _run(HELP)  # once untimed each, so neither side pays for a cold file cache
    _run(FLOOR)
    times = interleaved({"help": lambda: _run(HELP), "floor": lambda: _run(FLOOR)}, reps)
    ratios = [ours / floor for ours, floor in zip(times["help"], times["floor"], strict=True)]
    ours, floor = median(times["help"]) * 1000, median(times["floor"]) * 1000
    ratio = statistics.median(ratios)
    return Figure(
        name="CLI start-up (`gmlp-cards --help`)",
        ours=ours,
        floor=floor,
        unit="ms",
        floor_name='python -c "import yaml, pydantic"',
        target=f"<= {TARGET_RATIO:g}x",
        met=ratio <= TARGET_RATIO,
        notes=[f"medians of {reps} interleaved fresh interpreters; ratio = median of per-run ratios"],
        median_ratio=ratio,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args(argv)
    about = machine()
    figure = run(args.reps)
    print(f"--help: {figure.ours:,.1f} ms; import yaml, pydantic: {figure.floor:,.1f} ms")
    print(figure.line())
    print(f"(load average at start {about['load average at start']}, {about['cores']} cores)")
    return 0 if figure.met else 1


if __name__ == "__main__":
    sys.exit(main())
