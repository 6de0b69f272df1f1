"""Figure 1: cold load and validation of a whole catalog, against PyYAML's C loader alone.

Both sides read the same files. The floor is `yaml.load(text, Loader=yaml.CSafeLoader)` on every
file, called as any program would (the garbage collector on); ours is `Catalog.load`, which also
reads the bytes, hashes them, refuses duplicates, aliases and tags, validates every card with
pydantic, cross-checks each version's change notice against the previous version and keeps a
summary. Devices are split into chunks, and each chunk is timed on every side in rotating order,
so load spikes from other work on the machine hit all sides alike; we report the median of the
per-chunk ratios and the totals. CPU time of this process is the clock: wall time on a shared
2-core machine mostly measures the neighbours.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks.common import Figure, median
from gmlp_cards.cards.catalog import CARD_GLOB, Catalog

TARGET = 1.5


def _floor(texts: list[str]) -> Callable[[], object]:
    return lambda: [yaml.load(text, Loader=yaml.CSafeLoader) for text in texts]


def _floor_gc_paused(texts: list[str]) -> Callable[[], object]:
    def run() -> None:
        gc.disable()
        try:
            for text in texts:
                yaml.load(text, Loader=yaml.CSafeLoader)
        finally:
            gc.enable()

    return run


def run(root: Path, chunks: int = 20, reps: int = 1) -> list[Figure]:
    paths = sorted(root.glob(CARD_GLOB))
    devices = sorted({p.parent.name for p in paths})
    size = max(1, len(devices) // chunks)
    groups = [set(devices[i : i + size]) for i in range(0, len(devices), size)]
    sides = ("ours", "floor", "floor, GC paused")
    totals = dict.fromkeys(sides, 0.0)
    ratios: dict[str, list[float]] = {"floor": [], "floor, GC paused": []}
    problems = 0
    for rep in range(reps):
        for index, group in enumerate(groups):
            chunk = [p for p in paths if p.parent.name in group]
            texts = [p.read_text(encoding="utf-8") for p in chunk]  # I/O outside the clocks
            calls = {
                "ours": lambda chunk=chunk: Catalog.load(root, chunk),
                "floor": _floor(texts),
                "floor, GC paused": _floor_gc_paused(texts),
            }
            shift = (rep * len(groups) + index) % len(sides)
            spent: dict[str, float] = {}
            for name in sides[shift:] + sides[:shift]:
                gc.collect()  # start every side from the same heap
                start = time.process_time()
                result = calls[name]()
                spent[name] = time.process_time() - start
                if name == "ours":
                    problems += len(result.problems)  # type: ignore[attr-defined]
                del result
            for name in sides:
                totals[name] += spent[name]
            for name in ratios:
                ratios[name].append(spent["ours"] / spent[name])
    if problems:
        raise RuntimeError(f"the benchmark catalog has {problems} problems; it must be valid")
    n = len(paths)
    main = Figure(
        "1. cold load + validation",
        totals["ours"] / reps,
        totals["floor"] / reps,
        "s CPU",
        floor_name="CSafeLoader alone",
        target=f"<= {TARGET}x",
    )
    med = median(ratios["floor"])
    main.median_ratio, main.met = med, med <= TARGET
    main.notes += [
        f"{n} files, {sum(p.stat().st_size for p in paths) / 1e6:.0f} MB; median of "
        f"{len(ratios['floor'])} per-chunk ratios {med:.2f}x; ratio of the totals "
        f"{main.ours / main.floor:.2f}x",
        f"like for like (the floor with the garbage collector paused too, as ours pauses it "
        f"while it parses a card): median {median(ratios['floor, GC paused']):.2f}x, floor "
        f"{totals['floor, GC paused'] / reps:.1f} s CPU",
        f"{main.ours / n * 1000:.1f} ms CPU per card (ours), {main.floor / n * 1000:.1f} ms (floor)",
    ]
    return [main, restart(root, totals["floor"] / reps)]


def restart(root: Path, floor: float) -> Figure:
    """Figure 1b: a restart once the catalog index exists (cards/index.py), against the same floor.

    The index is built first (a cold load that records its verdicts, as the portal's first start or
    `gmlp-cards index` does); then a new load with it is timed, and the memory it keeps is traced.
    """
    from gmlp_cards.cards.index import CardIndex

    paths = sorted(root.glob(CARD_GLOB))
    disk = sum(p.stat().st_size for p in paths)
    gc.collect()
    start = time.process_time()
    Catalog.load(root, index=CardIndex.open(root))
    build = time.process_time() - start
    gc.collect()
    start = time.process_time()
    catalog = Catalog.load(root, index=CardIndex.open(root))
    spent = time.process_time() - start
    del catalog
    gc.collect()
    tracemalloc.start()  # a second restart, traced: the tracer slows what it watches
    catalog = Catalog.load(root, index=CardIndex.open(root))
    kept, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if catalog.problems:
        raise RuntimeError(f"the benchmark catalog has {len(catalog.problems)} problems; it must be valid")
    figure = Figure(
        "1b. restart with the catalog index",
        spent,
        floor,
        "s CPU",
        floor_name="CSafeLoader alone",
        target="-",
    )
    figure.notes += [
        f"{len(paths)} files; the cold load that built the index took {build:.1f} s CPU, so the "
        f"restart is {spent / build:.3f}x of it; memory kept by the catalog "
        f"{kept / len(paths) / 1024:.1f} KB per card for {disk / len(paths) / 1024:.1f} KB of card "
        f"file"
    ]
    return figure
