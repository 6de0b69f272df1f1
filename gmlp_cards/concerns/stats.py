"""Counts of reports per device version over time, for the desk's chart and its table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .store import StoredReport


@dataclass(frozen=True)
class WeeklyCount:
    """Reports received for one device version in the week starting `week` (a Monday, UTC)."""

    week: date
    device_id: str
    card_version: str
    reports: int

    @property
    def series(self) -> str:
        """The label that names the device version, e.g. "retina-screen 2.1.0"."""
        return f"{self.device_id} {self.card_version}"


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def weekly_counts(reports: Iterable[StoredReport]) -> list[WeeklyCount]:
    """Reports per (week, device, version), sorted by week, device and version."""
    counts: Counter[tuple[date, str, str]] = Counter(
        (week_start(s.received_at.date()), s.report.device_id, s.report.card_version) for s in reports
    )
    return [WeeklyCount(week, device, version, n) for (week, device, version), n in sorted(counts.items())]
