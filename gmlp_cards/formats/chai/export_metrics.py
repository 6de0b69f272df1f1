"""CHAI KeyMetrics written from a card's studies: a block per study, each row's results as labelled parts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree

from gmlp_cards.formats.chai import field_labels, overall_parts
from gmlp_cards.formats.chai.export_trust import distribution_shares
from gmlp_cards.formats.chai.metrics import chai_label_and_unit, to_value_json
from gmlp_cards.formats.chai.xml_build import NOT_IN_CARD, sub_element, text_element, yes_no
from gmlp_cards.formats.md_parts import Part, compose
from gmlp_cards.model import ModelCard
from gmlp_cards.model.formatting import period_text
from gmlp_cards.model.performance import Study
from gmlp_cards.model.results import ResultRow


def _labels(study: Study, row: ResultRow, suffix: str, many: bool) -> list[str]:
    where = f" ({study.id})" if many else ""
    return [f"{chai_label_and_unit(m)[0]}{suffix}{where}" for m in row.metrics]


def _per_study(
    headings: list[tuple[str, Study]],
    parts: Callable[[Study], Sequence[Part]],
    lead: Callable[[Study], str | None] = lambda _: None,
) -> str:
    """One block per study under its heading: the `lead`, then the labelled `parts` (compose)."""
    return "\n\n".join(f"{heading}\n\n" + compose(lead(study), parts(study)) for heading, study in headings)


def _row_results(
    parent: etree._Element, study: Study, row: ResultRow, context: dict[str, Any], suffix: str, many: bool
) -> None:
    # The overall row is described in the study's CHAI texts (overall_parts); other rows in `gmlp`.
    described = context.get("row") == "overall"
    context = {"study": study.id, **context, "row_n": row.size}
    if row.counts is not None and not described:
        context["counts"] = row.counts.model_dump()
    for metric, label in zip(row.metrics, _labels(study, row, suffix, many), strict=True):
        result = sub_element(parent, "MetricResult")
        text_element(result, "Label", label)
        text_element(result, "ValueJson", to_value_json(metric, context, described=described))


def _study_heading(study: Study) -> str:
    return f"#### {study.title} ({study.id})"


def _key_metric(
    parent: etree._Element,
    name: str,
    goal: str,
    fill: Any,
    interpretation: str,
    test_type: str,
    data_text: str,
    validation: str,
) -> None:
    block = sub_element(parent, name)
    text_element(block, "MetricGoal", goal)
    results = sub_element(block, "Results")
    fill(results)
    text_element(block, "Interpretation", interpretation)
    text_element(block, "TestType", test_type)
    text_element(block, "TestingDataDescription", data_text)
    text_element(block, "ValidationProcessAndJustification", validation)


def _none_reported(results: etree._Element, label: str) -> None:
    """CHAI requires at least one result: one that says plainly there are none, inventing no number
    (the count of such results is 0). The importer skips it by its label."""
    result = sub_element(results, "MetricResult")
    text_element(result, "Label", label)
    text_element(result, "ValueJson", '{"kind":"single","value":0}')


def key_metrics(root: etree._Element, card: ModelCard) -> None:
    studies = card.performance.studies
    many = len(studies) > 1
    metrics = sub_element(root, "KeyMetrics")

    def overall(results: etree._Element) -> None:
        for study in studies:
            _row_results(results, study, study.overall, {"row": "overall"}, "", many)
            for point in study.by_operating_point:
                _row_results(
                    results,
                    study,
                    point,
                    {"row": "operating_point", "operating_point": point.operating_point},
                    f" at {point.operating_point}",
                    many,
                )
            for band in study.risk_bands:
                result = sub_element(results, "MetricResult")
                text_element(
                    result, "Label", f"Event rate in risk band {band.band} ({band.events} of {band.n})"
                )
                text_element(result, "ValueJson", field_labels.risk_band_json(study.id, band))
        if not len(results):
            _none_reported(results, field_labels.NO_OVERALL)

    def subgroups(results: etree._Element) -> None:
        for study in studies:
            for row in study.subgroups:
                context = {"row": "subgroup", "dimension": row.dimension.value, "group": row.group}
                if row.operating_point:
                    context["operating_point"] = row.operating_point
                _row_results(results, study, row, context, f" — {row.dimension.label}: {row.group}", many)
        if not len(results):
            _none_reported(results, field_labels.NO_SUBGROUPS)

    def monitored(results: etree._Element) -> None:
        for watched in card.monitoring.metrics:
            result = sub_element(results, "MetricResult")
            text_element(
                result,
                "Label",
                f"Monitoring threshold: {watched.metric.label} "
                f"{'≥' if watched.direction.value == 'at_least' else '≤'} "
                f"{watched.threshold:g} ({watched.frequency})",
            )
            text_element(result, "ValueJson", field_labels.monitor_json(watched))
        for snapshot in card.monitoring.snapshots:
            result = sub_element(results, "MetricResult")
            text_element(
                result,
                "Label",
                f"Real-world {snapshot.metric.label}, period ending {snapshot.period_end.isoformat()}",
            )
            text_element(result, "ValueJson", field_labels.snapshot_json(snapshot))
        if not len(results):
            _none_reported(results, field_labels.NO_MONITORING)

    headings = [(_study_heading(s), s) for s in studies]
    _key_metric(
        metrics,
        "UsefulnessUsabilityEfficacy",
        "\n\n".join(
            f"{h}\n\n"
            + compose(
                None, [(field_labels.ENDPOINTS, [field_labels.endpoint_line(e) for e in s.endpoints])]
            ).strip()
            or f"{h}\n\nNo pre-specified endpoints are stated."
            for h, s in headings
        ),
        overall,
        _per_study(
            headings,
            lambda s: [
                (overall_parts.NOTES, overall_parts.note_lines(s.overall, _labels(s, s.overall, "", many)))
            ],
            lead=field_labels.endpoint_verdicts,
        ),
        _per_study(
            headings,
            lambda s: [
                (field_labels.DESIGN, s.design.value),
                (field_labels.PRIMARY, yes_no(s.primary)),
                (field_labels.UNIT, s.unit_of_analysis.value),
                (field_labels.CONDUCTED_BY, s.conducted_by),
            ],
        ),
        _per_study(
            headings,
            lambda s: [
                (field_labels.SITES, s.sites),
                (field_labels.COUNTRIES, s.countries),
                (field_labels.DATES, period_text(s.start_date, s.end_date)),
                (field_labels.INCLUSION, s.inclusion),
                (field_labels.EXCLUSION, s.exclusion),
                (field_labels.PATIENTS, None if s.n_patients is None else str(s.n_patients)),
                (field_labels.UNITS_TESTED, None if s.overall.size is None else str(s.overall.size)),
                (overall_parts.COUNTS, overall_parts.counts_text(s.overall)),
            ],
        ),
        _per_study(
            headings,
            lambda s: [
                (field_labels.REFERENCE_STANDARD, s.reference_standard.description),
                (field_labels.HOW_ESTABLISHED, s.reference_standard.how_established),
                (field_labels.REFERENCE_LIMITS, s.reference_standard.limitations),
                (field_labels.INDEPENDENCE, s.independence),
                (field_labels.REPEATABILITY, s.repeatability),
                (
                    overall_parts.INTERVAL_METHODS,
                    overall_parts.method_lines(s.overall, _labels(s, s.overall, "", many)),
                ),
            ],
        ),
    )
    dimensions = sorted({r.dimension.label for s in studies for r in s.subgroups})
    _key_metric(
        metrics,
        "FairnessEquity",
        "Performance per subgroup"
        + (f" ({', '.join(dimensions)})" if dimensions else "")
        + ", with n and 95% intervals, to show where evidence is weaker.",
        subgroups,
        field_labels.subgroup_verdicts(card),
        "Subgroup analysis of the studies under UsefulnessUsabilityEfficacy.",
        compose(
            None,
            [
                (
                    field_labels.DEMOGRAPHICS,
                    [
                        f"{d.name}: {line}"
                        for d in card.data.test
                        for line in distribution_shares(d.demographics)
                    ],
                )
            ],
        )
        or NOT_IN_CARD,
        "Subgroups use the reference standard and methods of their study; each estimate states its "
        "interval method.",
    )
    _key_metric(
        metrics,
        "SafetyReliability",
        "Real-world performance against the thresholds of post-market monitoring.",
        monitored,
        field_labels.monitoring_verdicts(card),
        "Post-market monitoring",
        f"Real-world use at deployed sites; {len(card.monitoring.snapshots)} monitored periods reported.",
        card.monitoring.process,
    )
