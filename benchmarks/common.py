"""Shared benchmark tools: interleaved timing with medians, and a description of the machine."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Figure:
    """One line of the results table: a measured value, its floor and the target, if any."""

    name: str
    ours: float
    floor: float | None
    unit: str
    floor_name: str = ""
    target: str = ""
    met: bool | None = None
    notes: list[str] = field(default_factory=list)
    median_ratio: float | None = None
    """The median of per-repetition ratios, when each repetition timed both sides."""

    @property
    def ratio(self) -> float | None:
        if self.median_ratio is not None:
            return self.median_ratio
        return self.ours / self.floor if self.floor else None

    def line(self) -> str:
        ratio = f"{self.ratio:.2f}x" if self.ratio is not None else "-"
        floor = f"{self.floor:,.1f} {self.unit}" if self.floor is not None else "-"
        verdict = {True: "met", False: "NOT met", None: "-"}[self.met]
        return (
            f"{self.name}: {self.ours:,.1f} {self.unit} vs {self.floor_name or 'floor'} {floor}"
            f" = {ratio} (target {self.target or 'none'}: {verdict})"
        )


def interleaved(
    sides: dict[str, Callable[[], object]], reps: int, clock: Callable[[], float] = time.perf_counter
) -> dict[str, list[float]]:
    """Time every side `reps` times, rotating the order each round, so drift hits all sides alike.

    The machine is shared and noisy: interleaving keeps one side from getting all the quiet
    moments, and callers report medians.
    """
    names = list(sides)
    times: dict[str, list[float]] = {name: [] for name in names}
    for rep in range(reps):
        shift = rep % len(names)
        for name in names[shift:] + names[:shift]:
            start = clock()
            sides[name]()
            times[name].append(clock() - start)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            kb = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
        return f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration, ValueError):
        return "unknown"


def _chromium(path: str) -> str:
    try:
        return (
            subprocess.run(
                [path, "--version"], capture_output=True, text=True, timeout=30, check=False
            ).stdout.strip()
            or "not found"
        )
    except OSError:
        return "not found"


def machine(chromium: str = "/usr/bin/chromium") -> dict[str, str]:
    """What the figures depend on: CPU, cores, memory, load, Python and library versions."""

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    import yaml  # here, not at the top: only this needs to know whether libyaml is compiled in

    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": _memory_gb(),
        "load average at start": " ".join(f"{x:.2f}" for x in load),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "streamlit": version("streamlit"),
        "pydantic": version("pydantic"),
        "PyYAML": f"{version('PyYAML')} (libyaml {'yes' if yaml.__with_libyaml__ else 'no'})",
        "SQLAlchemy": version("SQLAlchemy"),
        "playwright": version("playwright"),
        "Chromium": _chromium(chromium),
    }
