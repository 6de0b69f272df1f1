"""The labels and one-line formats shared by CHAI export and import, so the two cannot drift apart.

Each `*_line` writer has a `parse_*` reader beside it; a round-trip test pins them together.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from gmlp_cards.formats.chai.metrics import number
from gmlp_cards.model import ModelCard
from gmlp_cards.model.criteria import endpoint_met, judged_value
from gmlp_cards.model.formatting import n_text
from gmlp_cards.model.identity import RegulatoryStatus
from gmlp_cards.model.monitoring import MonitoredMetric, Snapshot
from gmlp_cards.model.performance import Endpoint, Reference, RiskBand, Study
from gmlp_cards.model.usage import OperatingPoint, PopulationCriterion

# Labels of `**Label:**` parts, by the CHAI element that holds them.
MACHINE_LEARNING = "Machine learning"
EMAIL, WEB, ADDRESS = "Email", "Web", "Address"
CARD_VERSION = "card version"
UDI_DI, PCCP = "UDI-DI", "Change control plan (PCCP) authorized"
DEVICE_ID, MODALITY, CLINICAL_AREA = "Device ID", "Modality", "Clinical area"
FICTIONAL = "Fictional example device"
CONDITION, USE_ENVIRONMENT, WORKFLOW = "Condition", "Use environment", "Workflow"
DECISION_ROLE, AUTOMATION, BENEFITS = "Decision role", "Automation", "Clinical benefits"
ACTIVE_POINT, STOP_IF = "Active operating point", "Stop using it if"
INTENDED_POPULATION, CRITERIA = "Intended population", "Population criteria"
CONTRAINDICATIONS = "Contraindications"
WARNINGS, LIMITATIONS, FAILURE_MODES = "Warnings", "Limitations", "Failure modes"
BIASES, UNDER_REPRESENTED = "Known biases", "Under-represented groups"
OUTPUT_KIND, OPERATING_POINTS, CALIBRATED = "Output kind", "Operating points", "Calibrated probabilities"
ARCHITECTURE = "Architecture"
DEVICES, PROTOCOL, DATA_FORMAT = "Devices", "Protocol", "Data format"
QUALITY, PREPARATION = "Quality requirements", "Preparation"
INPUTS, UNACCEPTABLE, DEFINITIONS = "Acceptable inputs", "Missing or unacceptable input", "Definitions"
TRAINING, TEST = "Training data", "Test data"
SOURCES, SITES, COUNTRIES, COLLECTED = "Sources", "Sites", "Countries", "Collected"
PATIENTS, SAMPLES, CLASSES = "Patients", "Samples", "Class balance"
DEMOGRAPHICS, LABELLING, SAMPLE_UNIT = "Demographics", "Labelling", "Sample unit"
PREVALENCE = "Expected prevalence"
SPLIT_UNIT, OVERLAP, SUBGROUPS_ANALYSED = "Split unit", "Site overlap justification", "Subgroups analysed"
UPDATE_FREQUENCY, UPDATE_MODE, UPDATE_SCOPE = "Update frequency", "Update mode", "Update scope"
UPDATE_VALIDATION, RETRAINING = "How updates are validated", "Retraining controls"
PRIVACY, BASIS, EXPLAINABILITY = "Privacy", "Basis for the output", "Explainability"
ENDPOINTS, DESIGN, PRIMARY, UNIT, CONDUCTED_BY = (
    "Pre-specified endpoints",
    "Design",
    "Primary study",
    "Unit of analysis",
    "Conducted by",
)
DATES, INCLUSION, EXCLUSION = "Dates", "Inclusion", "Exclusion"
UNITS_TESTED = "Units tested"
DEVELOPMENT, CARD_SCHEMA = "Development", "Card schema"
"""A study's overall n, in its TestingDataDescription: the one place it survives an overall row with
no metric (whose ValueJson would otherwise carry it)."""
REFERENCE_STANDARD, HOW_ESTABLISHED, REFERENCE_LIMITS = (
    "Reference standard",
    "How it was established",
    "Limits of the reference standard",
)
INDEPENDENCE, REPEATABILITY = "Independence from training data", "Repeatability"
LANGUAGE, WHAT_IT_MEANS, PATIENT_BENEFITS, PATIENT_RISKS = (
    "Language",
    "What it means for me",
    "Possible benefits",
    "What can go wrong",
)
PER_1000, TALK = "Out of 1,000 people", "When to talk to my clinician"

_KEY_VALUE = re.compile(r"^(?P<key>[a-z ]+): (?P<value>.+)$")


def _pairs(text: str, keys: Sequence[str]) -> dict[str, str]:
    """`key: value` pairs joined by "; ", split only before one of `keys`: a value may hold "; "
    itself (a pathway "De Novo; reclassified under 21 CFR 892.2090" stays whole)."""
    pairs: dict[str, str] = {}
    before_key = "|".join(re.escape(k) for k in keys)
    for chunk in re.split(rf"; (?=(?:{before_key}): )", text):
        match = _KEY_VALUE.match(chunk.strip())
        if match:
            pairs[match["key"]] = match["value"]
    return pairs


def regulatory_line(status: RegulatoryStatus) -> str:
    """`**US** — pathway: 510(k); status: cleared; identifier: K000000; class: II; date: 2025-01-15`."""
    fields = [
        ("pathway", status.pathway),
        ("status", status.status),
        ("identifier", status.identifier),
        ("class", status.device_class),
        ("notified body", status.notified_body),
        ("date", status.date.isoformat() if status.date else None),
    ]
    return f"**{status.jurisdiction}** — " + "; ".join(f"{k}: {v}" for k, v in fields if v)


_REGULATORY = re.compile(r"^\*\*(?P<jurisdiction>.+?)\*\* — (?P<rest>.+)$")


def parse_regulatory_line(line: str) -> dict[str, Any] | None:
    match = _REGULATORY.match(line)
    if not match:
        return None
    names = {
        "pathway": "pathway",
        "status": "status",
        "identifier": "identifier",
        "class": "device_class",
        "notified body": "notified_body",
        "date": "date",
    }
    pairs = _pairs(match["rest"], list(names))
    if "pathway" not in pairs or "status" not in pairs:
        return None
    return {"jurisdiction": match["jurisdiction"], **{names[k]: v for k, v in pairs.items() if k in names}}


def criterion_line(criterion: PopulationCriterion) -> str:
    """`age_band: 18-39 | 40-64 | 65+ — Adults aged 18 years or older.`"""
    return f"{criterion.dimension.value}: {' | '.join(criterion.allowed)} — {criterion.statement}"


_CRITERION = re.compile(r"^(?P<dimension>[a-z_]+): (?P<allowed>.+?) — (?P<statement>.+)$", re.DOTALL)


def parse_criterion_line(line: str) -> dict[str, Any] | None:
    match = _CRITERION.match(line)
    return (
        None
        if not match
        else {
            "dimension": match["dimension"],
            "allowed": match["allowed"].split(" | "),
            "statement": match["statement"],
        }
    )


def operating_point_line(point: OperatingPoint) -> str:
    flags = ["default"] if point.default else []
    if point.threshold is not None:
        flags.append(f"threshold {point.threshold:g}")
    return f"**{point.name}**" + (f" ({'; '.join(flags)})" if flags else "") + f": {point.description}"


_POINT = re.compile(r"^\*\*(?P<name>.+?)\*\*(?: \((?P<flags>[^)]*)\))?: (?P<description>.+)$", re.DOTALL)


def parse_operating_point_line(line: str) -> dict[str, Any] | None:
    match = _POINT.match(line)
    if not match:
        return None
    point: dict[str, Any] = {"name": match["name"], "description": match["description"]}
    for flag in (match["flags"] or "").split("; "):
        if flag == "default":
            point["default"] = True
        elif flag.startswith("threshold "):
            point["threshold"] = float(flag.removeprefix("threshold "))
    return point


_RISK = re.compile(
    r"^\*\*(?P<title>.+?)\*\* \((?P<severity>low|moderate|high|critical)\): (?P<detail>.+)$", re.DOTALL
)


def parse_risk_line(line: str) -> dict[str, Any] | None:
    match = _RISK.match(line)
    return (
        None
        if not match
        else {"title": match["title"], "severity": match["severity"], "detail": match["detail"]}
    )


NO_SUBGROUPS = "Subgroup results reported"
"""The label of the result that stands for none (its value is the count of subgroup results, 0)."""
NO_MONITORING = "Monitored metrics stated"
"""Likewise for a card whose source states no monitored metric."""
NO_OVERALL = "Overall results reported"
"""Likewise for a card whose studies state no overall metric (their n is in TestingDataDescription)."""


def endpoint_line(endpoint: Endpoint) -> str:
    """`sensitivity: lower ≥ 0.8 — Lower 95% bound of sensitivity at least 80%.`"""
    threshold = "not disclosed" if endpoint.limit is None else f"{endpoint.limit:g}"
    line = f"{endpoint.metric}: {endpoint.judged_on.value} ≥ {threshold}"
    if endpoint.operating_point:
        line += f" at {endpoint.operating_point}"
    return line + (f" — {endpoint.description}" if endpoint.description else "")


_ENDPOINT = re.compile(
    r"^(?P<metric>[a-z_]+): (?P<bound>lower|estimate) ≥ (?P<threshold>[0-9.eE+-]+)"
    r"(?: at (?P<point>.+?))?(?: — (?P<description>.+))?$",
    re.DOTALL,
)


def parse_endpoint_line(line: str) -> dict[str, Any] | None:
    match = _ENDPOINT.match(line)
    if not match:
        return None
    endpoint: dict[str, Any] = {
        "metric": match["metric"],
        "judged_on": match["bound"],
        "threshold": float(match["threshold"]),
    }
    if match["description"]:
        endpoint["description"] = match["description"]
    if match["point"]:
        endpoint["operating_point"] = match["point"]
    return endpoint


def reference_line(study_id: str, reference: Reference) -> str:
    """`pivotal-2024 · trial: NCT00000000 — DemoScreen DR pivotal study`."""
    line = f"{study_id} · {reference.kind}: {reference.value}"
    return line + (f" — {reference.title}" if reference.title else "")


_REFERENCE = re.compile(r"^(?P<study>[a-z0-9-]+) · (?P<kind>[^:]+): (?P<value>.+?)(?: — (?P<title>.+))?$")


def parse_reference_line(line: str) -> tuple[str, dict[str, Any]] | None:
    match = _REFERENCE.match(line)
    if not match:
        return None
    reference = {"kind": match["kind"], "value": match["value"]}
    if match["title"]:
        reference["title"] = match["title"]
    return match["study"], reference


def monitor_json(watched: MonitoredMetric) -> str:
    """A monitoring threshold as CHAI `single` ValueJson; `gmlp` keeps direction and frequency."""
    return json.dumps(
        {
            "kind": "single",
            "value": number(watched.threshold),
            "gmlp": {
                "row": "monitoring_threshold",
                "metric": watched.metric.value,
                "direction": watched.direction.value,
                "frequency": watched.frequency,
            },
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def snapshot_json(snapshot: Snapshot) -> str:
    """A real-world snapshot as `estimate_ci` when it has bounds, else `single`; always with n."""
    value: dict[str, Any]
    if snapshot.lower is not None or snapshot.upper is not None:
        value = {"kind": "estimate_ci", "estimate": number(snapshot.value)}
        for key in ("lower", "upper"):
            bound = getattr(snapshot, key)
            if bound is not None:
                value[key] = number(bound)
        value["level"] = 95
    else:
        value = {"kind": "single", "value": number(snapshot.value)}
    value["n"] = snapshot.n
    value["gmlp"] = {
        "row": "snapshot",
        "metric": snapshot.metric.value,
        "period_end": snapshot.period_end.isoformat(),
    }
    if snapshot.software_version:
        value["gmlp"]["software_version"] = snapshot.software_version
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def risk_band_json(study_id: str, band: RiskBand) -> str:
    """An ordinal output's band as CHAI `single` (the observed event rate), with n and events kept."""
    rate = band.events / band.n if band.n else 0.0
    return json.dumps(
        {
            "kind": "single",
            "value": number(round(rate, 4)),
            "n": band.n,
            "gmlp": {"row": "risk_band", "study": study_id, "band": band.band, "events": band.events},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def endpoint_verdicts(study: Study) -> str:
    """One sentence per pre-specified endpoint: met or not, from the numbers (derived, not parsed)."""
    sentences = []
    for endpoint in study.endpoints:
        metric = study.endpoint_metric(endpoint)
        met = endpoint_met(endpoint, metric)  # the one rule (model.criteria)
        value = judged_value(metric, endpoint.judged_on)
        if metric is None or met is None or value is None or endpoint.limit is None:
            continue
        factor = metric.scale.factor
        sentences.append(
            f"{metric.title}: {endpoint.judged_on.value} {value * factor:g} against a threshold of "
            f"{endpoint.limit * factor:g}: {'met' if met else 'not met'}."
        )
    return " ".join(sentences) or "No pre-specified endpoint with an estimate to judge."


def subgroup_verdicts(card: ModelCard) -> str:
    rows = [r for s in card.performance.studies for r in s.subgroups]
    if not rows:
        return "This card reports no subgroup results."
    sized = [r for r in rows if r.size is not None]
    smallest = min(sized, key=lambda r: r.size or 0) if sized else rows[0]
    return (
        f"{len(rows)} subgroup rows are reported; the smallest is {smallest.dimension.label}: "
        f"{smallest.group} with {n_text(smallest.size)}. Under-represented groups: "
        f"{', '.join(card.risks.under_represented) or 'none stated'}."
    )


def monitoring_verdicts(card: ModelCard) -> str:
    watched = {m.metric: m for m in card.monitoring.metrics}
    breaches = [s for s in card.monitoring.snapshots if watched[s.metric].breached(s.value)]
    if not card.monitoring.snapshots:
        return "No real-world monitoring results are reported yet."
    return (
        f"{len(breaches)} of {len(card.monitoring.snapshots)} reported periods crossed a monitoring "
        "threshold."
    )
