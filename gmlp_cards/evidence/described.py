"""A metric and a judged endpoint in words: the one way a number is described, without pandas, so
the checks (and `gmlp-cards lint`) can word findings as the tables do without loading it.

`evidence.results` re-exports these beside the tables built from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from gmlp_cards.model import EstimateMetric, MeanSDMetric, SingleMetric
from gmlp_cards.model.criteria import endpoint_met, judged_value
from gmlp_cards.model.formatting import method_text, metric_interval, n_text, shower
from gmlp_cards.model.performance import Endpoint, EndpointKind, Study
from gmlp_cards.model.recompute import verify
from gmlp_cards.model.vocabulary import Analysis

AnyMetric = EstimateMetric | SingleMetric | MeanSDMetric


def describe(metric: AnyMetric, *, note: bool = True) -> str:
    """One metric in words, in its own units: `90% (95% CI 85.1% to 93.4%; Wilson score), n = 200`;
    a mean `mean 5.8 hours (SD 2.1)`; the analysis when it is not the observed one; and the maker's
    note on the number (`note=False` where it is shown beside it, as in the leaflet's tables)."""
    return _numbers(metric) + (
        f" — maker's note: {metric.explanation_text}" if note and metric.explanation_text else ""
    )


def _numbers(metric: AnyMetric) -> str:
    show = shower(metric)
    if isinstance(metric, MeanSDMetric):
        text = f"mean {show(metric.mean)} (SD {show(metric.sd)}"
        text += f"; {metric_interval(metric)}; {method_text(metric)})" if metric.method else ")"
    elif isinstance(metric, EstimateMetric):
        text = f"{show(metric.estimate)} ({metric_interval(metric)}; {method_text(metric)})"
    else:
        text = f"{show(metric.value)} (no interval given)"
    if metric.analysis is not Analysis.observed:
        text += f", {metric.analysis.label} analysis"
    x: int | None = getattr(metric, "x", None)
    if x is not None and metric.n is not None:
        return text + f", {x} of {metric.n}"
    return text + (f", {n_text(metric.n)}" if metric.n is not None else "")


def checked_text(metric: AnyMetric, row_counts: object | None = None) -> str:
    """What the software recomputed for this number, for readers: `recomputed: estimate = 174/198;
    95% Wilson score interval from 174/198`, or why it is shown as stated."""
    found = verify(metric, row_counts)  # type: ignore[arg-type]  # Confusion or None
    parts = (["recomputed: " + "; ".join(found.checked)] if found.checked else []) + found.as_stated
    return "; ".join(parts)


@dataclass(frozen=True)
class EndpointResult:
    """A pre-specified endpoint judged against the card's own numbers."""

    study_id: str
    metric: str
    kind: str
    threshold: str
    judged_on: str
    value: float | None
    met: bool | None  # None: cannot be judged (number or threshold not stated)
    computed: bool  # False: the result is the one the source states (trend, maker-judged)

    @property
    def verdict(self) -> str:
        text = {True: "met", False: "not met", None: "cannot be judged"}[self.met]
        return text if self.computed or self.met is None else f"{text} (as stated by the source)"


def _threshold_text(endpoint: Endpoint, metric: AnyMetric | None) -> str:
    if endpoint.threshold == "not_disclosed":
        return "not disclosed"
    limit = endpoint.limit
    if limit is None:
        return "—"
    if metric is None:
        return f"{limit:g}"
    return shower(metric)(limit * metric.scale.factor)


def endpoint_results(study: Study) -> list[EndpointResult]:
    results: list[EndpointResult] = []
    for endpoint in study.endpoints:
        metric = study.endpoint_metric(endpoint)
        value = judged_value(metric, endpoint.judged_on)
        computed = endpoint.kind not in (EndpointKind.trend, EndpointKind.maker_judged)
        results.append(
            EndpointResult(
                study.id,
                metric.title if metric is not None else str(endpoint.metric),
                endpoint.kind.label,
                _threshold_text(endpoint, metric),
                endpoint.judged_on.value,
                value,
                endpoint_met(endpoint, metric),
                computed,
            )
        )
    return results
