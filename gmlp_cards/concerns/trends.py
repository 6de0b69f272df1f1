"""Signals over time: a week with more reports for a device version than its recent past explains.

The rule (a Poisson upper control limit): for each week, the expected count is the mean of the
BASELINE_WEEKS weeks before it (weeks without reports count as 0), never taken below
FLOOR_PER_WEEK so a quiet history does not make one report a signal. The week signals when at
least MIN_REPORTS arrived and a count this high or higher would happen by chance with
probability below ALPHA if reports kept arriving at the expected rate. Weeks are ISO weeks
(Monday, UTC), as in the desk's chart. A signal is a prompt to look, not a finding.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .assessment import Category, RecordedAssessment
from .stats import week_start
from .store import StoredReport

BASELINE_WEEKS = 8
MIN_BASELINE_WEEKS = 4  # fewer weeks of history than this: no expectation yet, no signal
FLOOR_PER_WEEK = 0.5
MIN_REPORTS = 3
ALPHA = 0.01


def poisson_tail(count: int, expected: float) -> float:
    """P(X >= count) for X ~ Poisson(expected)."""
    if count <= 0:
        return 1.0
    term = math.exp(-expected)  # P(X = 0)
    below = term
    for i in range(1, count):
        term *= expected / i
        below += term
    return max(0.0, 1.0 - below)


@dataclass(frozen=True)
class Signal:
    """One week of one device version above its control limit, and what the reports were about."""

    device_id: str
    card_version: str
    week: date
    reports: int
    expected: float  # reports per week the baseline weeks give
    baseline_weeks: int
    p_value: float
    categories: tuple[tuple[Category, int], ...]  # assessed categories of the week's reports
    codes: tuple[tuple[str, int], ...]  # their IMDRF codes, most frequent first
    unassessed: int  # reports of the week nobody has assessed yet

    @property
    def series(self) -> str:
        """E.g. "retina-screen 2.1.0", as the desk's chart names it."""
        return f"{self.device_id} {self.card_version}"


def weekly_series(reports: Iterable[StoredReport], until: date) -> dict[tuple[str, str], dict[date, int]]:
    """Per (device, version): reports per week from its first week to the week of `until`, zeros kept."""
    counts: dict[tuple[str, str], Counter[date]] = {}
    for s in reports:
        key = (s.report.device_id, s.report.card_version)
        counts.setdefault(key, Counter())[week_start(s.received_at.date())] += 1
    last = week_start(until)
    series: dict[tuple[str, str], dict[date, int]] = {}
    for key, per_week in sorted(counts.items()):
        week, filled = min(per_week), {}
        while week <= max(last, max(per_week)):
            filled[week] = per_week.get(week, 0)
            week += timedelta(days=7)
        series[key] = filled
    return series


def signals(
    reports: Iterable[StoredReport], current: Mapping[int, RecordedAssessment], until: date
) -> list[Signal]:
    """Every week that signals, per device version, oldest first (see the module's rule)."""
    reports = list(reports)
    found: list[Signal] = []
    for (device, version), weeks in weekly_series(reports, until).items():
        ordered = sorted(weeks)
        for i, week in enumerate(ordered):
            history = [weeks[w] for w in ordered[max(0, i - BASELINE_WEEKS) : i]]
            count = weeks[week]
            if len(history) < MIN_BASELINE_WEEKS or count < MIN_REPORTS:
                continue
            expected = max(sum(history) / len(history), FLOOR_PER_WEEK)
            p_value = poisson_tail(count, expected)
            if p_value >= ALPHA:
                continue
            behind = [
                s
                for s in reports
                if (s.report.device_id, s.report.card_version) == (device, version)
                and week_start(s.received_at.date()) == week
            ]
            assessed = [current[s.id].assessment for s in behind if s.id in current]
            categories = Counter(a.category for a in assessed)
            codes = Counter(c for a in assessed for c in a.codes)
            found.append(
                Signal(
                    device,
                    version,
                    week,
                    count,
                    expected,
                    len(history),
                    p_value,
                    tuple(sorted(categories.items(), key=lambda kv: (-kv[1], kv[0].value))),
                    tuple(sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))),
                    len(behind) - len(assessed),
                )
            )
    return found
