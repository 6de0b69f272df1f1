"""Triage assessments in the concern database: appended, never edited, the newest one current."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, func, select

from . import schema
from .assessment import Assessment, Category, RecordedAssessment, check_assessment
from .clocks import Jurisdiction
from .imdrf import in_list_order
from .store import ConcernStore, UnknownReport, locate

_A = schema.assessments
_CODES = schema.assessment_codes
_ANSWERS = schema.assessment_answers
_FILINGS = schema.assessment_filings


class AssessmentLog:
    """Record and read the assessments of a ConcernStore's reports (tables concern_assessment*).

    Each save is a new row with its codes, answers and filings, in one transaction: an earlier
    decision is never overwritten, so the record shows who decided what, and when.
    """

    def __init__(self, store: ConcernStore) -> None:
        self.store = store

    def record(self, receipt: str, assessment: Assessment, *, actor: str) -> RecordedAssessment:
        """Check and store a new assessment of the report with this receipt; return it as stored."""
        now = self.store.now()
        checked = check_assessment(assessment, actor=actor, today=now.date())
        with self.store.transaction(write=True) as conn:
            row = locate(conn, receipt)
            if row is None:
                raise UnknownReport(f"no report has receipt {receipt!r}")
            new_id = conn.execute(
                _A.insert()
                .values(
                    report_id=row.id,
                    at=now,
                    actor=actor.strip(),
                    category=checked.category.value,
                    aware_on=checked.aware_on,
                    note=checked.note,
                )
                .returning(_A.c.id)
            ).scalar_one()
            if checked.codes:
                conn.execute(_CODES.insert(), [{"assessment_id": new_id, "code": c} for c in checked.codes])
            answers = [
                {"assessment_id": new_id, "jurisdiction": j.value, "criterion": k, "answer": v}
                for j, given in checked.answers.items()
                for k, v in sorted(given.items())
            ]
            if answers:
                conn.execute(_ANSWERS.insert(), answers)
            filings = [
                {"assessment_id": new_id, "jurisdiction": j.value, "filed_on": d}
                for j, d in checked.filed_on.items()
            ]
            if filings:
                conn.execute(_FILINGS.insert(), filings)
        return RecordedAssessment(at=now, actor=actor.strip(), assessment=checked)

    def history(self, receipt: str) -> list[RecordedAssessment]:
        """Every assessment of a report, oldest first (empty for an unknown receipt)."""
        with self.store.transaction(write=False) as conn:
            row = locate(conn, receipt)
            if row is None:
                return []
            ids = conn.execute(select(_A.c.id).where(_A.c.report_id == row.id).order_by(_A.c.id)).scalars()
            loaded = _load(conn, list(ids))
        return [loaded[i][1] for i in sorted(loaded)]

    def current(self) -> dict[int, RecordedAssessment]:
        """The newest assessment of every assessed report, keyed by report id."""
        newest = select(func.max(_A.c.id)).group_by(_A.c.report_id)
        with self.store.transaction(write=False) as conn:
            loaded = _load(conn, list(conn.execute(newest).scalars()))
        return dict(loaded.values())


def _load(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[int, RecordedAssessment]]:
    """{assessment id: (report id, assessment)} for these ids, with codes, answers and filings."""
    wanted = list(ids)
    if not wanted:
        return {}
    codes: dict[int, list[str]] = defaultdict(list)
    for r in conn.execute(select(_CODES).where(_CODES.c.assessment_id.in_(wanted))):
        codes[r.assessment_id].append(r.code)
    answers: dict[int, dict[Jurisdiction, dict[str, bool]]] = defaultdict(dict)
    for r in conn.execute(select(_ANSWERS).where(_ANSWERS.c.assessment_id.in_(wanted))):
        answers[r.assessment_id].setdefault(Jurisdiction(r.jurisdiction), {})[r.criterion] = bool(r.answer)
    filed: dict[int, dict[Jurisdiction, date]] = defaultdict(dict)
    for r in conn.execute(select(_FILINGS).where(_FILINGS.c.assessment_id.in_(wanted))):
        filed[r.assessment_id][Jurisdiction(r.jurisdiction)] = r.filed_on
    result: dict[int, tuple[int, RecordedAssessment]] = {}
    for r in conn.execute(select(_A).where(_A.c.id.in_(wanted))):
        assessment = Assessment(
            category=Category(r.category),
            aware_on=r.aware_on,
            codes=in_list_order(codes[r.id]),
            answers=answers[r.id],
            filed_on=filed[r.id],
            note=r.note,
        )
        result[r.id] = (r.report_id, RecordedAssessment(at=r.at, actor=r.actor, assessment=assessment))
    return result
