"""The desk's triage assessment: the urgent list at the top, and per report category, codes, reportability."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd
import streamlit as st

from gmlp_cards.concerns import ConcernStore, StoredReport, imdrf
from gmlp_cards.concerns import labels as wording
from gmlp_cards.concerns.assessment import Assessment, Category, RecordedAssessment, default_aware_on
from gmlp_cards.concerns.assessment_store import AssessmentLog
from gmlp_cards.concerns.attention import Attention, Urgency, needs_attention
from gmlp_cards.concerns.clocks import CRITERIA, Clock, Jurisdiction
from gmlp_cards.ui.concern_store import save_then_rerun

_ANSWERS: list[bool | None] = [None, True, False]


def _days(n: int) -> str:
    return f"{abs(n)} day" + ("" if abs(n) == 1 else "s")


def _attention_line(item: Attention) -> str:
    where = wording.JURISDICTION_LABELS[item.jurisdiction] if item.jurisdiction else "any jurisdiction"
    maybe = " (provisional: some criteria not answered)" if item.provisional else ""
    if item.urgency is Urgency.OVERDUE:
        return (
            f"{item.receipt}: report to {where} overdue since {item.due_on} ({_days(item.days_left)}){maybe}"
        )
    if item.urgency is Urgency.DUE_SOON:
        return f"{item.receipt}: report to {where} due {item.due_on} ({_days(item.days_left)} left){maybe}"
    return (
        f"{item.receipt}: possible health impact, not assessed yet. Assess it today: a report to an "
        f"authority could be due as early as {item.due_on}."
    )


def render_attention(store: ConcernStore, reports: Sequence[StoredReport]) -> dict[int, RecordedAssessment]:
    """The overdue, due-soon and unassessed-harm lines at the top of the desk; returns the assessments."""
    current = AssessmentLog(store).current()
    items = needs_attention(reports, current, store.now().date())
    if items:
        st.subheader(f"Needs attention ({len(items)})")
    for item in items:
        show = st.error if item.urgency is Urgency.OVERDUE else st.warning
        show(_attention_line(item))
    return current


def _clock_table(clocks: Sequence[Clock], today: date) -> pd.DataFrame:
    rows = []
    for c in clocks:
        left = c.days_left(today)
        rows.append(
            {
                "Jurisdiction": wording.JURISDICTION_LABELS[c.jurisdiction],
                "Reportability": wording.REPORTABILITY_LABELS[c.status]
                + (" (provisional)" if c.provisional else ""),
                "Deadline": c.deadline.words if c.deadline else "",
                "Due": c.due_on.isoformat() if c.due_on else "",
                "Filed": c.filed_on.isoformat() if c.filed_on else "",
                "Days left": "" if left is None else ("overdue" if left < 0 else str(left)),
            }
        )
    return pd.DataFrame(rows)


def render_assessment(
    store: ConcernStore, stored: StoredReport, user: str, current: Mapping[int, RecordedAssessment]
) -> None:
    """The current assessment of a report, its clocks, and the form that records a new one."""
    st.markdown("**Assessment**")
    recorded = current.get(stored.id)
    if recorded is None:
        st.caption("Not assessed yet.")
    else:
        a = recorded.assessment
        st.text(
            "\n".join(
                [
                    f"Category:     {wording.CATEGORY_LABELS[a.category]}",
                    f"Aware since:  {a.aware_on.isoformat()}",
                    f"By:           {recorded.actor}, {recorded.at:%Y-%m-%d %H:%M} UTC",
                    "IMDRF codes:  " + ("; ".join(_code_label(c) for c in a.codes) or "none"),
                ]
            )
        )
        st.dataframe(_clock_table(a.clocks(), store.now().date()), hide_index=True, width="stretch")
    _assessment_form(store, stored, user, recorded.assessment if recorded else None)


def _code_label(code: str) -> str:
    try:
        return imdrf.term(code).label
    except imdrf.UnknownCode:  # stored under an older list: keep showing the code itself
        return code


def _assessment_form(store: ConcernStore, stored: StoredReport, user: str, was: Assessment | None) -> None:
    key = f"gc_assess_{stored.receipt}"
    categories = list(Category)
    with st.form(key, clear_on_submit=False):
        category = st.selectbox(
            "Category",
            categories,
            index=categories.index(was.category) if was else None,
            format_func=wording.CATEGORY_LABELS.__getitem__,
            key=f"{key}_category",
        )
        codes = st.multiselect(
            f"IMDRF codes ({imdrf.TERMINOLOGY})",
            [t.code for t in imdrf.TERMS],
            default=[c for c in (was.codes if was else ()) if c in {t.code for t in imdrf.TERMS}],
            format_func=_code_label,
            key=f"{key}_codes",
        )
        aware_on = st.date_input(
            "Aware since (the day the manufacturer learnt of it; every clock starts here)",
            value=was.aware_on if was else default_aware_on(stored.received_at),
            key=f"{key}_aware",
        )
        answers: dict[Jurisdiction, dict[str, bool]] = {}
        filed: dict[Jurisdiction, date] = {}
        for j in Jurisdiction:
            st.markdown(f"*{wording.JURISDICTION_LABELS[j]}*")
            given: dict[str, bool] = {}
            for criterion in CRITERIA[j]:
                previous = (was.answers.get(j, {}) if was else {}).get(criterion.key)
                answer = st.radio(
                    f"{criterion.question} ({criterion.source})",
                    _ANSWERS,
                    index=_ANSWERS.index(previous),
                    horizontal=True,
                    format_func=wording.ANSWER_LABELS.__getitem__,
                    key=f"{key}_{j.value}_{criterion.key}",
                )
                if answer is not None:
                    given[criterion.key] = answer
            answers[j] = given
            filed_on = st.date_input(
                f"Filed with the authority on ({j.value.upper()}, leave empty until filed)",
                value=was.filed_on.get(j) if was else None,
                key=f"{key}_{j.value}_filed",
            )
            if isinstance(filed_on, date):
                filed[j] = filed_on
        note = st.text_area("Assessment note", key=f"{key}_note", max_chars=5000)
        submitted = st.form_submit_button("Save assessment")
    if not submitted:
        return
    if category is None or not isinstance(aware_on, date):
        st.error("Not saved: choose a category and the awareness date.")
        return
    assessment = Assessment(category, aware_on, tuple(codes), answers, filed, note)
    save_then_rerun(lambda: AssessmentLog(store).record(stored.receipt, assessment, actor=user))
