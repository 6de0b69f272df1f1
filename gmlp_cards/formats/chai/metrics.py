"""CHAI `ValueJson` metric values to and from our tagged metrics, with n and subgroup kept.

CHAI's kinds are `estimate_ci` (estimate, lower, upper, level in percent, unit), `single` (value, unit)
and `mean_sd` (mean, sd, unit). We add `n` beside them (CHAI readers ignore keys they do not know) and
one `gmlp` object with what our card needs to rebuild the row and CHAI has no place for: the metric's
name, the study, and the subgroup's dimension and group with the row's n and counts (and, on rows other
than a study's overall row, the interval method and the maker's note; the overall row's are in CHAI's
own texts, see `overall_parts`).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from gmlp_cards.model.metrics import EstimateMetric, MeanSDMetric, SingleMetric
from gmlp_cards.model.vocabulary import Analysis, MetricName, Scale

AnyMetric = EstimateMetric | SingleMetric | MeanSDMetric

_INHERENT_UNITS = {
    MetricName.time_to_notification_minutes: "minutes",
    MetricName.median_lead_time_hours: "hours",
    MetricName.mean_lead_time_hours: "hours",
}
"""Our metric names that carry their unit in the name; CHAI wants the unit in `unit`."""

_ALIASES = {
    "auc": MetricName.auroc,
    "auroc": MetricName.auroc,
    "roc auc": MetricName.auroc,
    "sensitivity": MetricName.sensitivity,
    "recall": MetricName.sensitivity,
    "true positive rate": MetricName.sensitivity,
    "specificity": MetricName.specificity,
    "ppv": MetricName.ppv,
    "positive predictive value": MetricName.ppv,
    "npv": MetricName.npv,
    "negative predictive value": MetricName.npv,
    "accuracy": MetricName.accuracy,
    "prevalence": MetricName.prevalence,
}
"""Labels a vendor uses for metrics we know by name; only proportions, whose unit is `%` or none."""

_UNIT_SUFFIX = re.compile(r"^(?P<label>.+?) \[(?P<unit>[^\[\]]+)\]$")


class MetricValueError(ValueError):
    """A ValueJson that cannot be read as a CHAI metric value; the message says what is wrong."""


def number(value: float) -> float | int:
    """JSON-friendly number: 95.0 -> 95, and no float noise from the 0.95 * 100 conversion."""
    rounded = round(float(value), 10)
    return int(rounded) if rounded.is_integer() else rounded


def split_unit(label: str) -> tuple[str, str | None]:
    """`Mean time [seconds]` -> (`Mean time`, `seconds`): how an imported unit is kept in our label."""
    match = _UNIT_SUFFIX.match(label)
    return (match["label"], match["unit"]) if match else (label, None)


def chai_label_and_unit(metric: AnyMetric) -> tuple[str, str | None]:
    """The CHAI Label and unit for one of our metrics."""
    label, unit = split_unit(metric.title)
    if metric.scale is Scale.percent:
        unit = "%"
    return label, unit or metric.unit or _INHERENT_UNITS.get(metric.name)  # type: ignore[call-overload]


def to_value_json(metric: AnyMetric, context: dict[str, Any], *, described: bool = False) -> str:
    """One metric as CHAI ValueJson text; `context` becomes the `gmlp` object (row, study, group).
    `described`: its method, sides and note are in CHAI's own texts (`overall_parts`), not in `gmlp`."""
    _, unit = chai_label_and_unit(metric)
    value: dict[str, Any]
    if isinstance(metric, EstimateMetric):
        value = {"kind": "estimate_ci", "estimate": number(metric.estimate)}
        # A one-sided bound is written without the other key rather than as null, which a consumer
        # doing arithmetic on both bounds would trip over.
        if metric.lower is not None:
            value["lower"] = number(metric.lower)
        if metric.upper is not None:
            value["upper"] = number(metric.upper)
        value["level"] = number(metric.level * 100)
    elif isinstance(metric, SingleMetric):
        value = {"kind": "single", "value": number(metric.value)}
    else:
        value = {"kind": "mean_sd", "mean": number(metric.mean), "sd": number(metric.sd)}
    if unit:
        value["unit"] = unit
    if metric.n is not None:
        value["n"] = metric.n
    extension: dict[str, Any] = {"metric": str(metric.name)}
    if metric.analysis is not Analysis.observed:
        extension["analysis"] = metric.analysis.value
    if metric.label:
        extension["label"] = metric.label  # the CHAI Label is decorated with study and subgroup
    if isinstance(metric, EstimateMetric) and not (described and metric.method is not None):
        extension["method"] = metric.method.value if metric.method is not None else "not_stated"
        if metric.sides is not None:
            extension["sides"] = metric.sides.value
    if metric.explanation_text and not described:
        extension["explanation"] = metric.explanation_text
    if metric.unreconciled:  # numbers pinned to a check: CHAI has no place for them
        extension["unreconciled"] = [e.model_dump(mode="json") for e in metric.unreconciled]
    extension.update(context)
    value["gmlp"] = extension
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass
class ParsedValue:
    """A ValueJson read back: the metric as a raw mapping for our model, and what had to be assumed."""

    metric: dict[str, Any]
    context: dict[str, Any] = field(default_factory=dict)
    assumed: list[str] = field(default_factory=list)


def _finite(raw: dict[str, Any], key: str, *, required: bool = True) -> float | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MetricValueError(f"`{key}` must be a finite number, got {value!r}")
    return float(value)


def from_value_json(label: str, text: str) -> ParsedValue:
    """Read CHAI ValueJson into one of our metrics (as a mapping ready for pydantic)."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise MetricValueError(f"ValueJson is not JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(raw, dict):
        raise MetricValueError(f"ValueJson must be a JSON object, got {type(raw).__name__}")
    found = raw.get("gmlp")
    extension: dict[str, Any] = found if isinstance(found, dict) else {}
    unit = raw.get("unit") if isinstance(raw.get("unit"), str) and raw.get("unit") else None
    assumed: list[str] = []
    name, metric_label = _name_for(label, unit, extension)
    if "metric" in extension:  # our own export: the exact label (or none) is in the extension
        metric_label = extension.get("label") if isinstance(extension.get("label"), str) else None
    scale = Scale.percent if unit == "%" else Scale.proportion
    metric: dict[str, Any] = {"name": name.value}
    if metric_label is not None:
        metric["label"] = metric_label
    n = raw.get("n")
    if isinstance(n, int) and not isinstance(n, bool) and n >= 0:
        metric["n"] = n
    kind = raw.get("kind")
    if kind == "estimate_ci":
        estimate = _finite(raw, "estimate")
        lower, upper = _finite(raw, "lower", required=False), _finite(raw, "upper", required=False)
        if lower is None and upper is None:
            raise MetricValueError("an estimate_ci needs `lower` or `upper`")
        level = _finite(raw, "level", required=False)
        metric.update(kind="estimate", estimate=estimate, method=extension.get("method", "other"))
        if "method" not in extension:
            assumed.append("interval method not stated (recorded as `other`)")
        if lower is not None:
            metric["lower"] = lower
        if upper is not None:
            metric["upper"] = upper
        # CHAI writes the level in percent (95); ours is a fraction (0.95).
        metric["level"] = 0.95 if level is None else (level / 100 if level > 1 else level)
        if level is None:
            assumed.append("confidence level not stated (assumed 95%)")
        if extension.get("sides") in ("two_sided", "lower", "upper"):
            metric["sides"] = extension["sides"]
        values = [v for v in (estimate, lower, upper) if v is not None]
    elif kind == "single":
        value = _finite(raw, "value")
        metric.update(kind="single", value=value)
        values = [value] if value is not None else []
    elif kind == "mean_sd":
        metric.update(kind="mean_sd", mean=_finite(raw, "mean"), sd=_finite(raw, "sd"))
        values = [metric["mean"]]
    else:
        raise MetricValueError(f"unknown kind {kind!r}; CHAI kinds are estimate_ci, single and mean_sd")
    # A vendor may give a proportion like sensitivity in percent without saying so.
    if name.is_proportion and unit is None and any(v > 1 for v in values):
        scale = Scale.percent
        assumed.append("values above 1 without a unit read as percent")
    if scale is Scale.percent:
        metric["scale"] = scale.value
    if isinstance(extension.get("explanation"), str):
        pinned = extension.get("unreconciled")
        metric["explanation"] = (
            {"text": extension["explanation"], "unreconciled": pinned}
            if isinstance(pinned, list) and pinned
            else extension["explanation"]
        )
    if extension.get("analysis") in Analysis.__members__:
        metric["analysis"] = extension["analysis"]
    context = {k: v for k, v in extension.items() if k not in _METRIC_KEYS}
    return ParsedValue(metric=metric, context=context, assumed=assumed)


_METRIC_KEYS = frozenset({"metric", "method", "explanation", "label", "analysis", "sides", "unreconciled"})
"""Extension keys that describe the metric itself; the rest say where it belongs (study, row)."""


def _name_for(label: str, unit: str | None, extension: dict[str, Any]) -> tuple[MetricName, str | None]:
    """Our metric name and label for a CHAI Label: from our own `gmlp` key, else by known aliases."""
    known = extension.get("metric")
    if isinstance(known, str) and known in MetricName.__members__:
        name = MetricName(known)
        inherent = _INHERENT_UNITS.get(name)
        label_unit = None if unit in (None, "%", inherent) else unit
        if name is not MetricName.other and label == name.label and label_unit is None:
            return name, None
        return name, label + (f" [{label_unit}]" if label_unit else "")
    alias = _ALIASES.get(label.strip().lower())
    if alias is not None and unit in (None, "%"):
        return alias, None
    suffix = f" [{unit}]" if unit and unit != "%" else ""
    return MetricName.other, label.strip() + suffix
