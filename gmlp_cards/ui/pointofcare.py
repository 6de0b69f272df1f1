"""At the point of care: "is the evidence about my patient?", predictive values, and icon arrays."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gmlp_cards.checks.cautions import subgroup_cautions
from gmlp_cards.evidence.applicability import Applicability, Fit, assess, dimension_choices
from gmlp_cards.evidence.predictive import (
    for_study,
    metric_proportion,
    prevalence_differs,
    setting_prevalence,
    study_prevalence,
)
from gmlp_cards.model import EstimateMetric, MetricName, ModelCard
from gmlp_cards.model.formatting import interval_text, shortest
from gmlp_cards.render.safe_markdown import escape_markdown as esc
from gmlp_cards.tiers.patient import icon_array_blocks
from gmlp_cards.ui.render import render

NOT_KNOWN = "Not known / not relevant"
ANOTHER = "Another group (not listed)"
PRIVACY = (
    "Nothing you choose here is stored or sent to anyone: it is used only to filter this "
    "page, and it is gone when you leave or reload."
)
METHOD = (
    "Bounds: PPV and NPV evaluated at the lower ends and at the upper ends of the sensitivity "
    "and specificity intervals together (interval arithmetic). Both are monotone in each, so "
    "the range holds every combination of the two intervals; it is conservative, not a joint "
    "95% interval."
)


def _pct(value: float) -> str:
    return f"{value:.1%}"


def applicability_check(card: ModelCard) -> None:
    """Back of pack: the reader describes a patient; we show what the card's evidence says about them."""
    st.subheader("Is the evidence about a patient like mine?", anchor="applicability")
    st.caption(PRIVACY)
    choices = dimension_choices(card)
    if not choices:
        st.info("This card reports no subgroups or population criteria to check a patient against.")
        return
    columns = st.columns(min(3, len(choices)))
    patient = {}
    for index, (dimension, groups) in enumerate(choices.items()):
        with columns[index % len(columns)]:
            pick = st.selectbox(
                dimension.label,
                [NOT_KNOWN, *groups, ANOTHER],
                key=f"poc-{card.device_id}-{card.version}-{dimension.value}",
            )
        if pick != NOT_KNOWN:
            patient[dimension] = pick
    if not patient:
        st.info("Choose what you know about the patient to see the evidence that applies.")
        return
    result = assess(card, patient)
    _verdict(result.population_fit, [c for c in result.criteria if c.fit is Fit.outside])
    for criterion in result.criteria:
        if criterion.statement and criterion.fit is Fit.inside:
            st.write(
                f"✓ {criterion.dimension.label} {esc(criterion.group)}: inside — “{esc(criterion.statement)}”"
            )
    if result.rows:
        st.markdown("**Results reported for groups that match this patient**")
        st.dataframe(rows_frame(result), hide_index=True)
    matched = {(m.row.dimension, m.row.group) for m in result.rows}
    for caution in subgroup_cautions(card):
        if (caution.dimension, caution.group) in matched:
            st.warning(f"{esc(caution.group_label)} — {esc(caution.message)}", icon=":material/warning:")
    for dimension, group in result.no_evidence:
        st.warning(
            f"No evidence reported for {dimension.label.lower()} “{esc(group)}”: the card has no "
            "results for this group.",
            icon=":material/help:",
        )


def _verdict(fit: Fit, outside: list) -> None:
    if fit is Fit.outside:
        reasons = "; ".join(
            f"{c.dimension.label} {esc(c.group)}: the card says “{esc(c.statement)}”" for c in outside
        )
        st.error(f"Outside the intended population — {reasons}", icon=":material/block:")
    elif fit is Fit.inside:
        st.success(
            "Inside the intended population on every criterion the card states for what you entered.",
            icon=":material/check_circle:",
        )
    else:
        st.info(
            "The card states no population criterion for what you entered; see the evidence below.",
            icon=":material/info:",
        )


def rows_frame(result: Applicability) -> pd.DataFrame:
    """The subgroup rows that match what the reader entered, one line per estimate."""
    records = []
    for matched in result.rows:
        row = matched.row
        for metric in row.metrics:
            if not isinstance(metric, EstimateMetric):
                continue
            factor = metric.scale.factor
            show = (lambda v, f=factor: _pct(v / f)) if metric.is_proportion else shortest
            records.append(
                {
                    "Study": matched.study_id,
                    "Group": row.title,
                    "n": row.size,
                    "Metric": metric.title,
                    "Estimate": show(metric.estimate),
                    "Interval": interval_text(metric.lower, metric.upper, metric.level, show),
                }
            )
    return pd.DataFrame.from_records(records)


def predictive_values(card: ModelCard) -> None:
    """Leaflet: PPV and NPV at a prevalence the clinician chooses, with propagated bounds."""
    study = card.performance.primary
    if (
        metric_proportion(study, MetricName.sensitivity) is None
        or metric_proportion(study, MetricName.specificity) is None
    ):
        return
    st.subheader("Predictive values in your setting", anchor="predictive-values")
    studied = study_prevalence(study)
    start, source = setting_prevalence(card)
    if start is None:
        st.caption(
            "The card states no prevalence for its intended population and its study gives none, "
            "so no starting value is assumed: enter the prevalence in your setting."
        )
    entered = st.number_input(
        "Prevalence in your setting (%)",
        min_value=0.0,
        max_value=100.0,
        step=0.5,
        value=None if start is None else round(start * 100, 2),
        key=f"prev-{card.device_id}-{card.version}",
        help=None if start is None else f"Starts at the {source} prevalence stated by the card.",
    )
    if entered is None:
        return
    chosen = entered / 100
    values = for_study(study, chosen)
    if values is None:
        return
    left, right = st.columns(2)
    for column, label, value in (
        (left, "Positive predictive value", values.ppv),
        (right, "Negative predictive value", values.npv),
    ):
        with column:
            if value is None:
                st.metric(label, "undefined")
                st.caption("Nobody would get this result at this prevalence.")
            else:
                st.metric(label, _pct(value.estimate))
                st.caption(f"Range {_pct(value.lower)} to {_pct(value.upper)}")
    if studied is not None and prevalence_differs(chosen, studied):
        st.warning(
            f"Your setting's prevalence ({_pct(chosen)}) differs from the study's "
            f"({_pct(studied)}, study “{esc(study.title)}”): predictive values move with "
            "prevalence, and sensitivity and specificity may also differ in a different "
            "setting.",
            icon=":material/warning:",
        )
    st.caption(METHOD)


def icon_array(card: ModelCard, lang: str) -> None:
    """Leaflet: out of 1,000 (or 100) people like me, what happens, drawn and in words; the same
    blocks the patient view shows (gmlp_cards.tiers.patient)."""
    render(icon_array_blocks(card, lang), key=f"icons-{card.device_id}-{card.version}-{lang}")
