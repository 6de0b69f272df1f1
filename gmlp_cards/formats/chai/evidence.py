"""CHAI key metrics, data, warnings, patient text and resources read into our card (used by `importer`).

Metric rows written by our export carry a `gmlp` object (study, subgroup, n, counts) and are rebuilt
exactly; a vendor's results become one study per CHAI key-metric block, and what such a study lacks
(sites, dates, reference standard, subgroup rows with n) is recorded as gaps.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from pydantic import TypeAdapter, ValidationError

from gmlp_cards.formats.chai import field_labels, overall_parts
from gmlp_cards.formats.chai.maintenance import maintenance
from gmlp_cards.formats.chai.metrics import MetricValueError, from_value_json
from gmlp_cards.formats.chai.source import Source
from gmlp_cards.formats.md_parts import items, sections, split
from gmlp_cards.model.base import schema_of
from gmlp_cards.model.metrics import Metric
from gmlp_cards.model.provenance import NOT_STATED
from gmlp_cards.model.vocabulary import MetricName

_BLOCKS = {
    "UsefulnessUsabilityEfficacy": ("usefulness", "Usefulness, usability and efficacy"),
    "FairnessEquity": ("fairness", "Fairness and equity"),
    "SafetyReliability": ("safety", "Safety and reliability"),
}
_BLOCK_TEXTS = (
    "MetricGoal",
    "Interpretation",
    "TestType",
    "TestingDataDescription",
    "ValidationProcessAndJustification",
)
_METRIC = TypeAdapter(Metric)
_HEADING = re.compile(r"^(?P<title>.+) \((?P<id>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\)$")


def _study_texts(source: Source) -> dict[str, dict[str, str]]:
    """{study id: {CHAI element: section body}} from our export's `#### Title (id)` sections."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for element in _BLOCK_TEXTS:
        for heading, body in sections(source.text(f"KeyMetrics/UsefulnessUsabilityEfficacy/{element}")):
            match = _HEADING.match(heading)
            if match:
                found[match["id"]][element] = body
                found[match["id"]]["title"] = match["title"]
    return found


def _metric(
    source: Source, where: str, label: str, value_json: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    try:
        parsed = from_value_json(label, value_json)
        with schema_of(source.schema):  # checked as the draft's schema (importer.py)
            metric = _METRIC.validate_python(parsed.metric)
    except (MetricValueError, ValidationError) as error:
        message = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error)
        source.keep(where, f"{label}: {value_json}")
        source.missing(
            where,
            f"Metric {label!r} could not be read ({message}); its ValueJson is kept "
            "under identity.provenance.unmapped.",
            None,
        )
        return None
    for note in parsed.assumed:
        source.assumed(where, f"Metric {label!r}: {note}.", None)
    return metric.model_dump(mode="json", exclude_none=True), parsed.context


def _dedupe(metrics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row names each metric once; a vendor's second 'Sensitivity' in a block becomes `other`."""
    seen: set[str] = set()
    for metric in metrics:
        if metric["name"] != MetricName.other.value and metric["name"] in seen:
            metric["label"] = metric.get("label") or MetricName(metric["name"]).label
            metric["name"] = MetricName.other.value
        seen.add(metric["name"])
    return metrics


def _study_n(texts: list[str | None]) -> int | None:
    for text in texts:
        match = re.search(
            r"\b(\d{1,3}(?:,\d{3})+|\d+) (?:cases|scans|patients|exams|studies|subjects)\b", text or ""
        )
        if match:
            return int(match[1].replace(",", ""))
    return None


def performance_and_monitoring(source: Source) -> tuple[dict[str, Any], dict[str, Any]]:
    rows: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = defaultdict(dict)
    thresholds: list[dict[str, Any]] = []
    snapshots: list[dict[str, Any]] = []
    bands: dict[str, list[dict[str, Any]]] = defaultdict(list)
    foreign_blocks: list[str] = []
    texts = _study_texts(source)
    for block, (block_id, _) in _BLOCKS.items():
        results = source.element(f"KeyMetrics/{block}/Results")
        block_is_foreign = False
        labels = [r.findtext("{*}Label", "").strip() for r in ([] if results is None else results)]
        for index, result in enumerate([] if results is None else list(results)):
            label = result.findtext("{*}Label", "").strip()
            value_json = result.findtext("{*}ValueJson", "").strip()
            where = f"KeyMetrics/{block}/Results/MetricResult[{index + 1}]"
            raw = re.search(r'"gmlp":\{[^{}]*"row":"(monitoring_threshold|snapshot|risk_band)"', value_json)
            if raw and raw[1] == "risk_band":
                extension = json.loads(value_json)["gmlp"]
                bands[extension["study"]].append(
                    {
                        "band": extension["band"],
                        "n": json.loads(value_json)["n"],
                        "events": extension["events"],
                    }
                )
                continue
            if raw:
                _monitoring_row(source, where, raw[1], value_json, thresholds, snapshots)
                continue
            if (
                label in (field_labels.NO_SUBGROUPS, field_labels.NO_MONITORING, field_labels.NO_OVERALL)
                and '"gmlp"' not in value_json
            ):
                continue  # our export's honest "none" for a card without subgroups or monitoring
            value_json = overall_parts.merged_json(value_json, label, texts, labels)
            parsed = _metric(source, where, label, value_json)
            if parsed is None:
                continue
            metric, context = parsed
            study = context.get("study") if isinstance(context.get("study"), str) else None
            if study is None:
                study, block_is_foreign = block_id, True
            key = (
                context.get("row", "overall"),
                context.get("dimension"),
                context.get("group"),
                context.get("operating_point"),
            )
            row = rows[study].setdefault(key, {"n": context.get("row_n"), "metrics": []})
            if isinstance(context.get("counts"), dict):
                row["counts"] = context["counts"]
            row["metrics"].append(metric)
        if block_is_foreign:
            foreign_blocks.append(block)
    # Our export heads each study's texts with its id: a study whose rows carry no metric at all is
    # still one of the card's studies, in the card's order.
    rows = {study_id: rows.get(study_id, {}) for study_id in [*texts, *(r for r in rows if r not in texts)]}
    studies = [
        _study(
            source,
            study_id,
            study_rows,
            texts.get(study_id, {}),
            next((b for b in foreign_blocks if _BLOCKS[b][0] == study_id), None),
        )
        | {"risk_bands": bands.get(study_id, [])}
        for study_id, study_rows in rows.items()
    ]
    if not studies:
        studies = [_study(source, "usefulness", {}, {}, "UsefulnessUsabilityEfficacy")]
    if not any(s["subgroups"] for s in studies):
        source.missing(
            "performance.studies[*].subgroups",
            "Results per subgroup (sex, age band, race, "
            "ethnicity, site, acquisition device) with n, counts and 95% intervals; the CHAI "
            "card gives no subgroup rows with n.",
            None,
        )
    return {"studies": studies}, maintenance(source, thresholds, snapshots)


def _monitoring_row(
    source: Source,
    where: str,
    kind: str,
    value_json: str,
    thresholds: list[dict[str, Any]],
    snapshots: list[dict[str, Any]],
) -> None:
    value = json.loads(value_json)
    extension = value["gmlp"]
    if kind == "monitoring_threshold":
        thresholds.append(
            {
                "metric": extension["metric"],
                "threshold": value["value"],
                "direction": extension["direction"],
                "frequency": extension["frequency"],
            }
        )
        return
    snapshot = {
        "period_end": extension["period_end"],
        "metric": extension["metric"],
        "value": value.get("estimate", value.get("value")),
        "n": value["n"],
    }
    if "software_version" in extension:
        snapshot["software_version"] = extension["software_version"]
    snapshot.update({k: value[k] for k in ("lower", "upper") if k in value})
    snapshots.append(snapshot)


def _study(
    source: Source,
    study_id: str,
    rows: dict[tuple[Any, ...], dict[str, Any]],
    texts: dict[str, str],
    foreign_block: str | None,
) -> dict[str, Any]:
    at = f"performance.studies[{study_id}]"
    block_texts = (
        {e: source.text(f"KeyMetrics/{foreign_block}/{e}") for e in _BLOCK_TEXTS} if foreign_block else {}
    )
    for element, text in block_texts.items():
        source.keep(f"KeyMetrics/{foreign_block}/{element}", text)
    _, goal = split(texts.get("MetricGoal"), [field_labels.ENDPOINTS])
    _, kind = split(
        texts.get("TestType"),
        [field_labels.DESIGN, field_labels.PRIMARY, field_labels.UNIT, field_labels.CONDUCTED_BY],
    )
    _, where = split(
        texts.get("TestingDataDescription"),
        [
            field_labels.SITES,
            field_labels.COUNTRIES,
            field_labels.DATES,
            field_labels.INCLUSION,
            field_labels.EXCLUSION,
            field_labels.PATIENTS,
            field_labels.UNITS_TESTED,
            overall_parts.COUNTS,
        ],
    )
    _, how = split(
        texts.get("ValidationProcessAndJustification"),
        [
            field_labels.REFERENCE_STANDARD,
            field_labels.HOW_ESTABLISHED,
            field_labels.REFERENCE_LIMITS,
            field_labels.INDEPENDENCE,
            field_labels.REPEATABILITY,
            overall_parts.INTERVAL_METHODS,
        ],
    )
    design = kind.get(field_labels.DESIGN)
    if design is None:
        test_type = (block_texts.get("TestType") or "").lower()
        design = next((d for d in ("prospective", "retrospective") if d in test_type), None)
        design = design or source.assumed(
            f"{at}.design", "Study design; `retrospective` was assumed.", "retrospective"
        )
    dates = re.fullmatch(r"(\S+) to (\S+)", where.get(field_labels.DATES, ""))
    if dates is None:
        source.assumed(
            f"{at}.start_date",
            "Dates of data collection; the card's release date was used as a stand-in for both.",
            None,
        )
    start, end = (dates[1], dates[2]) if dates else (source.release_date.isoformat(),) * 2
    overall = rows.get(("overall", None, None, None), {"n": None, "metrics": []})
    counts = overall.get("counts") or overall_parts.read_counts(where.get(overall_parts.COUNTS))
    if counts is not None:
        overall = {**overall, "counts": counts}
    n = overall.get("n")
    if n is None and (where.get(field_labels.UNITS_TESTED) or "").isdigit():
        n = int(where[field_labels.UNITS_TESTED])  # our export: an overall row without metrics
    if n is None:
        n = _study_n([block_texts.get("MetricGoal"), block_texts.get("TestingDataDescription")])
        n = (
            source.assumed(f"{at}.overall.n", f"Number of units tested; {n} was read from the text.", n)
            if n is not None
            else source.missing(
                f"{at}.overall.n", "Number of units in the test population (0 stands in for it).", 0
            )
        )
    title = texts.get("title") or (
        f"{_BLOCKS[foreign_block][1]} (from the CHAI card)" if foreign_block else study_id
    )
    study: dict[str, Any] = {
        "id": study_id,
        "title": title[:300],
        "design": design,
        "primary": (
            kind.get(field_labels.PRIMARY, "").startswith("yes")
            if kind
            else foreign_block == "UsefulnessUsabilityEfficacy"
        ),
        "sites": items(where.get(field_labels.SITES))
        or [source.missing(f"{at}.sites", "Sites where test data came from.")],
        "countries": items(where.get(field_labels.COUNTRIES))
        or [source.missing(f"{at}.countries", "Countries of those sites.")],
        "start_date": start,
        "end_date": end,
        "inclusion": items(where.get(field_labels.INCLUSION))
        or [source.missing(f"{at}.inclusion", "Inclusion criteria.")],
        "exclusion": items(where.get(field_labels.EXCLUSION)),
        "conducted_by": kind.get(field_labels.CONDUCTED_BY)
        or source.missing(f"{at}.conducted_by", "Who ran the evaluation."),
        "independence": how.get(field_labels.INDEPENDENCE)
        or source.missing(f"{at}.independence", "How the test data are independent of training data."),
        "reference_standard": {
            "description": how.get(field_labels.REFERENCE_STANDARD)
            or source.missing(
                f"{at}.reference_standard", "The reference standard (ground truth) and how it was set."
            ),
            "how_established": how.get(field_labels.HOW_ESTABLISHED) or NOT_STATED,
            **(
                {"limitations": how[field_labels.REFERENCE_LIMITS]}
                if field_labels.REFERENCE_LIMITS in how
                else {}
            ),
        },
        "unit_of_analysis": kind.get(field_labels.UNIT)
        or source.assumed(
            f"{at}.unit_of_analysis", "Unit of analysis; `study` (one imaging exam) was assumed.", "study"
        ),
        "endpoints": [
            e for e in map(field_labels.parse_endpoint_line, items(goal.get(field_labels.ENDPOINTS))) if e
        ],
        "overall": {
            "n": n,
            **({"counts": overall["counts"]} if "counts" in overall else {}),
            "metrics": _dedupe(overall["metrics"]),
        },
        "by_operating_point": [
            {
                "operating_point": key[3],
                "n": row["n"],
                "metrics": row["metrics"],
                **({"counts": row["counts"]} if "counts" in row else {}),
            }
            for key, row in rows.items()
            if key[0] == "operating_point"
        ],
        "subgroups": [
            {
                "dimension": key[1],
                "group": key[2],
                "n": row["n"],
                "metrics": row["metrics"],
                **({"operating_point": key[3]} if key[3] else {}),
                **({"counts": row["counts"]} if "counts" in row else {}),
            }
            for key, row in rows.items()
            if key[0] == "subgroup"
        ],
        "references": [],
    }
    if field_labels.PATIENTS in where:
        study["n_patients"] = int(where[field_labels.PATIENTS])
    if field_labels.REPEATABILITY in how:
        study["repeatability"] = how[field_labels.REPEATABILITY]
    return study
