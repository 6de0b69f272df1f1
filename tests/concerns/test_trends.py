"""The trend rule: a synthetic rise signals, a flat series and a small bump do not."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from concern_helpers import make_report

from gmlp_cards.concerns import Status, StoredReport
from gmlp_cards.concerns.assessment import Assessment, Category, RecordedAssessment
from gmlp_cards.concerns.trends import poisson_tail, signals

MONDAY = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)  # the week of 7 September 2026
_ids = iter(range(1, 10_000))


def reports_per_week(counts: list[int], version: str = "2.1.0") -> list[StoredReport]:
    made = []
    for week, n in enumerate(counts):
        for k in range(n):
            at = MONDAY + timedelta(weeks=week, hours=k)
            i = next(_ids)
            made.append(
                StoredReport(
                    i,
                    f"GC-2026-{i:06d}",
                    f"sub-{i:08d}",
                    at,
                    make_report(card_version=version),
                    Status.NEW,
                    at,
                    None,
                )
            )
    return made


def until(weeks: int) -> date:
    return (MONDAY + timedelta(weeks=weeks - 1)).date()


@pytest.mark.parametrize(
    ("count", "expected", "tail"),
    [(0, 1.0, 1.0), (1, 1.0, 0.632121), (3, 1.0, 0.080301), (9, 1.0, 1.1252e-6)],
)
def test_the_poisson_tail_is_the_chance_of_at_least_that_many(
    count: int, expected: float, tail: float
) -> None:
    assert poisson_tail(count, expected) == pytest.approx(tail, rel=1e-3)


def test_a_flat_series_gives_no_signal() -> None:
    assert signals(reports_per_week([2] * 12), {}, until(12)) == []


def test_a_small_bump_gives_no_signal() -> None:
    assert signals(reports_per_week([1] * 8 + [3]), {}, until(9)) == []


def test_a_synthetic_rise_signals_in_the_week_it_happens() -> None:
    [signal] = signals(reports_per_week([1] * 8 + [9]), {}, until(9))
    assert signal.series == "retina-screen 2.1.0"
    assert signal.week == date(2026, 11, 2)  # 8 weeks after 7 September
    assert (signal.reports, signal.expected, signal.baseline_weeks) == (9, 1.0, 8)
    assert signal.p_value < 1e-5
    assert signal.unassessed == 9


def test_weeks_without_reports_count_as_zero_in_the_baseline() -> None:
    # 1 report in the first week, then silence, then 4: the baseline is 1/8 per week, floored at 0.5.
    [signal] = signals(reports_per_week([1, 0, 0, 0, 0, 0, 0, 0, 4]), {}, until(9))
    assert signal.expected == 0.5


def test_too_short_a_history_gives_no_signal_yet() -> None:
    assert signals(reports_per_week([1, 1, 9]), {}, until(3)) == []


def test_a_signal_names_the_categories_and_codes_behind_it() -> None:
    made = reports_per_week([1] * 8 + [9])
    rise = [s for s in made if s.received_at.date() >= date(2026, 11, 2)]
    at = MONDAY
    current = {
        s.id: RecordedAssessment(
            at, "alice", Assessment(Category.COMPLAINT, at.date(), codes=("A090803", "F13"))
        )
        for s in rise[:4]
    } | {
        rise[4].id: RecordedAssessment(
            at, "alice", Assessment(Category.POSSIBLE_HEALTH_IMPACT, at.date(), codes=("A090803",))
        )
    }
    [signal] = signals(made, current, until(9))
    assert signal.categories == ((Category.COMPLAINT, 4), (Category.POSSIBLE_HEALTH_IMPACT, 1))
    assert signal.codes == (("A090803", 5), ("F13", 4))
    assert signal.unassessed == 4


def test_each_device_version_is_its_own_series() -> None:
    made = reports_per_week([1] * 8 + [9]) + reports_per_week([2] * 9, version="2.0.0")
    assert [s.series for s in signals(made, {}, until(9))] == ["retina-screen 2.1.0"]
