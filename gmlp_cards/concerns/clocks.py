"""Reportability to the authorities per jurisdiction, and the reporting clock it starts (pure functions).

Each jurisdiction asks a few yes/no questions (its criteria); the answers decide whether a report
must be filed and by when, counted from the day the manufacturer became aware:

- US, 21 CFR 803.50(a): a death or serious injury the device may have caused or contributed to, or
  a malfunction likely to cause or contribute to one if it recurred, is reported within 30 calendar
  days; 21 CFR 803.53(a): within 5 work days when remedial action is needed to prevent an
  unreasonable risk of substantial harm to the public health.
- EU, MDR (EU) 2017/745 Art. 87: a serious incident with a causal relationship established or
  reasonably possible, within 15 days (87(3)); 10 days for a death or an unanticipated serious
  deterioration in health (87(5)); 2 days for a serious public health threat (87(4)).
- UK (Great Britain), UK MDR 2002 Part 4A as inserted by SI 2024/1368, in force 16 June 2025, and
  MHRA "Vigilance reporting requirements" (gov.uk, updated 16 June 2025): a serious incident within
  15 days (30 before that date); 10 days for a death or unanticipated serious deterioration; 2 days
  for a serious public health threat. Northern Ireland follows the EU MDR.

Calendar days count every day; work days skip Saturdays and Sundays. Public holidays are not
modelled: a work-day deadline that crosses one is a day later in law than shown here, so the date
shown is never later than the real one. A deadline falls on the day shown (in time on that day,
overdue the day after).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

DUE_SOON_DAYS = 3  # the desk lists a report whose deadline is this close at the top


class Jurisdiction(StrEnum):
    """Where a report may have to be filed, and under which law (the module docstring has the rules)."""

    US = "us"
    """FDA medical device reporting, 21 CFR 803."""
    EU = "eu"
    """EU MDR 2017/745 vigilance, Art. 87 (Northern Ireland included)."""
    UK = "uk"
    """Great Britain: UK MDR 2002 Part 4A, with the MHRA's vigilance guidance."""


class Reportability(StrEnum):
    """What the answers so far decide in one jurisdiction (`reportability`).

    UNDETERMINED while a deciding question is unanswered; the clock still runs then, provisionally,
    when the desk has filed the report as a possible health impact or any answer is yes (`clock`).
    """

    REPORTABLE = "reportable"
    NOT_REPORTABLE = "not_reportable"
    UNDETERMINED = "undetermined"


@dataclass(frozen=True)
class Criterion:
    """One yes/no question of a jurisdiction, with where it comes from."""

    key: str
    question: str
    source: str


@dataclass(frozen=True)
class Deadline:
    """How long a jurisdiction allows, in calendar or work days, and the rule that says so."""

    days: int
    work_days: bool
    source: str

    @property
    def words(self) -> str:
        """E.g. "5 work days (21 CFR 803.53(a))"."""
        unit = "work days" if self.work_days else "calendar days"
        return f"{self.days} {unit} ({self.source})"


_US_DEATH = Criterion(
    "death_or_serious_injury",
    "Does the information reasonably suggest the device may have caused or contributed to a "
    "death or serious injury?",
    "21 CFR 803.50(a)(1)",
)
_US_MALFUNCTION = Criterion(
    "malfunction_likely_to_harm",
    "Did the device malfunction in a way likely to cause or contribute to a death or serious "
    "injury if it recurred?",
    "21 CFR 803.50(a)(2)",
)
_US_REMEDIAL = Criterion(
    "remedial_action_needed",
    "Is remedial action needed to prevent an unreasonable risk of substantial harm to the public health?",
    "21 CFR 803.53(a)",
)


def _serious_incident_criteria(regulation: str) -> tuple[Criterion, ...]:
    # The EU MDR and the GB rules ask the same four questions; only the citation differs.
    return (
        Criterion(
            "serious_incident",
            "Did the incident directly or indirectly lead, or might it have led or might it lead, "
            "to a death, a serious deterioration in health or a serious public health threat?",
            regulation,
        ),
        Criterion(
            "causal_relationship",
            "Is a causal relationship with the device established, or reasonably possible?",
            regulation,
        ),
        Criterion(
            "death_or_unanticipated_deterioration",
            "Did a death or an unanticipated serious deterioration in a person's health occur?",
            regulation,
        ),
        Criterion("serious_public_health_threat", "Is it a serious public health threat?", regulation),
    )


CRITERIA: dict[Jurisdiction, tuple[Criterion, ...]] = {
    Jurisdiction.US: (_US_DEATH, _US_MALFUNCTION, _US_REMEDIAL),
    Jurisdiction.EU: _serious_incident_criteria("MDR Art. 87"),
    Jurisdiction.UK: _serious_incident_criteria("UK MDR 2002 Part 4A"),
}

_BASE: dict[Jurisdiction, Deadline] = {
    Jurisdiction.US: Deadline(30, False, "21 CFR 803.50(a)"),
    Jurisdiction.EU: Deadline(15, False, "MDR Art. 87(3)"),
    Jurisdiction.UK: Deadline(15, False, "UK MDR 2002 Part 4A; MHRA guidance of 16 June 2025"),
}
# Criteria that shorten the deadline when answered yes, strictest first.
_SHORTER: dict[Jurisdiction, tuple[tuple[str, Deadline], ...]] = {
    Jurisdiction.US: (("remedial_action_needed", Deadline(5, True, "21 CFR 803.53(a)")),),
    Jurisdiction.EU: (
        ("serious_public_health_threat", Deadline(2, False, "MDR Art. 87(4)")),
        ("death_or_unanticipated_deterioration", Deadline(10, False, "MDR Art. 87(5)")),
    ),
    Jurisdiction.UK: (
        ("serious_public_health_threat", Deadline(2, False, "UK MDR 2002 Part 4A")),
        ("death_or_unanticipated_deterioration", Deadline(10, False, "UK MDR 2002 Part 4A")),
    ),
}

Answers = Mapping[str, bool]  # criterion key -> yes (True) / no (False); unanswered keys absent


def add_work_days(start: date, days: int) -> date:
    """The day `days` work days (Monday to Friday) after `start`; public holidays are not modelled."""
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def due_date(aware_on: date, deadline: Deadline) -> date:
    """The last day to file: `deadline.days` calendar or work days after the day of awareness."""
    if deadline.work_days:
        return add_work_days(aware_on, deadline.days)
    return aware_on + timedelta(days=deadline.days)


def reportability(jurisdiction: Jurisdiction, answers: Answers) -> Reportability:
    """Whether the answers make the event reportable in `jurisdiction`, rule it out, or not yet either."""
    if jurisdiction is Jurisdiction.US:
        # Either kind of event is reportable (803.50(a)(1) or (a)(2)).
        triggers = [answers.get(_US_DEATH.key), answers.get(_US_MALFUNCTION.key)]
        if True in triggers:
            return Reportability.REPORTABLE
        return Reportability.NOT_REPORTABLE if triggers == [False, False] else Reportability.UNDETERMINED
    # A serious incident is reported once a causal relationship is established or reasonably possible.
    both = [answers.get("serious_incident"), answers.get("causal_relationship")]
    if both == [True, True]:
        return Reportability.REPORTABLE
    return Reportability.NOT_REPORTABLE if False in both else Reportability.UNDETERMINED


def deadline(jurisdiction: Jurisdiction, answers: Answers) -> tuple[Deadline, bool]:
    """The deadline the answers give, and whether it is provisional.

    An unanswered question that would shorten the deadline is taken as yes until it is answered
    (provisional), so the date shown is never later than the one the answers could still give.
    """
    provisional = False
    for key, shorter in _SHORTER[jurisdiction]:
        answer = answers.get(key)
        if answer is True:
            return shorter, provisional
        if answer is None:
            return shorter, True
    return _BASE[jurisdiction], provisional


@dataclass(frozen=True)
class Clock:
    """The reporting clock of one report in one jurisdiction."""

    jurisdiction: Jurisdiction
    status: Reportability
    deadline: Deadline | None  # None when there is nothing to file
    due_on: date | None
    provisional: bool  # some answer still unknown could make it due sooner or not at all
    filed_on: date | None = None

    def days_left(self, today: date) -> int | None:
        """Days until the due date (0 on the day, negative once overdue); None when nothing is due."""
        if self.due_on is None or self.filed_on is not None:
            return None
        return (self.due_on - today).days

    def overdue(self, today: date) -> bool:
        """True from the day after the due date until the report is filed."""
        left = self.days_left(today)
        return left is not None and left < 0

    def due_soon(self, today: date) -> bool:
        """True when the due date is at most DUE_SOON_DAYS away and nothing is filed yet."""
        left = self.days_left(today)
        return left is not None and 0 <= left <= DUE_SOON_DAYS

    @property
    def filed_late(self) -> bool:
        """True when the report was filed after its due date."""
        return self.filed_on is not None and self.due_on is not None and self.filed_on > self.due_on


def clock(
    jurisdiction: Jurisdiction,
    answers: Answers,
    aware_on: date,
    *,
    filed_on: date | None = None,
    possible_health_impact: bool = False,
) -> Clock:
    """The clock the answers start, counted from `aware_on`.

    A reportable event is due by its deadline. An undetermined one runs a provisional clock when
    it may well be reportable (some answer is yes, or the report was triaged as a possible health
    impact), so a report is never left without a date only because nobody has answered yet.
    """
    status = reportability(jurisdiction, answers)
    runs = status is Reportability.REPORTABLE or (
        status is Reportability.UNDETERMINED and (possible_health_impact or True in answers.values())
    )
    if not runs:
        return Clock(jurisdiction, status, None, None, status is Reportability.UNDETERMINED, filed_on)
    rule, provisional = deadline(jurisdiction, answers)
    provisional = provisional or status is Reportability.UNDETERMINED
    return Clock(jurisdiction, status, rule, due_date(aware_on, rule), provisional, filed_on)
