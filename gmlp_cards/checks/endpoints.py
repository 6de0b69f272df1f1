"""Endpoint judgement as findings: every pre-specified endpoint the card's own numbers show not met
(a warning), and every one they cannot judge (a note), with one sentence for clinicians.

The judgement is `model.criteria.endpoint_met`, the one rule the endpoint tables, cautions, forest
plots and exports apply; the numbers are written by `evidence.described.describe`. A maker may
publish a failed endpoint honestly: the warning says it, it never refuses.
"""

from __future__ import annotations

from dataclasses import dataclass

from gmlp_cards.checks.finding import Finding, Level, Loc
from gmlp_cards.evidence.described import EndpointResult, describe, endpoint_results
from gmlp_cards.model import AnyMetric, ModelCard
from gmlp_cards.model.direction import Direction
from gmlp_cards.model.performance import Bound, Endpoint, EndpointKind, Study

_BOUND_WORDS = {
    Bound.lower_bound: "the lower bound",
    Bound.upper_bound: "the upper bound",
    Bound.estimate: "the estimate",
}


@dataclass(frozen=True)
class JudgedEndpoint:
    """One endpoint of one study, with the verdict of `endpoint_met` (None: cannot be judged)."""

    study: Study
    endpoint: Endpoint
    metric: AnyMetric | None
    result: EndpointResult
    loc: Loc

    @property
    def met(self) -> bool | None:
        return self.result.met

    @property
    def by_source(self) -> bool:
        """True when the verdict is the one the source states (trend, maker-judged)."""
        return not self.result.computed

    def criterion(self) -> str:
        """`at least 90% for the lower bound`, `at most 10% for the upper bound`, `above -5
        percentage points for the lower bound (non-inferiority margin)`: the criterion in words."""
        bound = _BOUND_WORDS[self.endpoint.judged_on]
        kind, threshold = self.endpoint.kind, self.result.threshold
        if kind is EndpointKind.non_inferiority:
            return f"above {threshold} for {bound} (the non-inferiority margin)"
        if kind is EndpointKind.superiority:
            return f"above {threshold} for {bound} (superiority)"
        lower_better = self.metric is not None and self.metric.better is Direction.lower_is_better
        return f"{'at most' if lower_better else 'at least'} {threshold} for {bound}"

    def numbers(self) -> str:
        """The stated result, e.g. `Specificity 89.4% (95% CI 87.7% to 91%; Wilson score), n = 1200`."""
        if self.metric is None:
            return f"{self.result.metric} (not stated)"
        return f"{self.metric.title} {describe(self.metric, note=False)}"

    def sentence(self) -> str:
        """The one plain sentence a clinician reads when the endpoint is not met."""
        where = self.study.title
        if self.by_source:
            what = self.endpoint.description or self.result.metric
            shown = f" ({self.numbers()})" if self.metric is not None else ""
            return (
                f"A primary endpoint was not met in {where}, as the source states: {what.rstrip('.')}{shown}."
            )
        return (
            f"A primary endpoint was not met in {where}: {self.numbers()}, against a criterion of "
            f"{self.criterion()}."
        )

    def why_not_judged(self) -> str:
        if self.endpoint.threshold == "not_disclosed":
            return "its threshold is not disclosed"
        if self.by_source:
            return "the source does not state whether it was met"
        if self.metric is None:
            return f"the card states no result for {self.result.metric}"
        return f"the card does not state {_BOUND_WORDS[self.endpoint.judged_on]} it is judged on"


def study_endpoints(study: Study, index: int = 0) -> list[JudgedEndpoint]:
    """The endpoints of `study` (the card's `index`-th, for their field paths), judged by the one rule."""
    return [
        JudgedEndpoint(
            study,
            endpoint,
            study.endpoint_metric(endpoint),
            result,
            ("performance", "studies", index, "endpoints", j),
        )
        for j, (endpoint, result) in enumerate(zip(study.endpoints, endpoint_results(study), strict=True))
    ]


def judged_endpoints(card: ModelCard) -> list[JudgedEndpoint]:
    """Every endpoint of every study, in card order."""
    return [e for i, study in enumerate(card.performance.studies) for e in study_endpoints(study, i)]


def unmet_endpoints(card: ModelCard) -> list[JudgedEndpoint]:
    """The endpoints the card's numbers (or its source) show not met, primary study first."""
    unmet = [e for e in judged_endpoints(card) if e.met is False]
    return sorted(unmet, key=lambda e: not e.study.primary)


def endpoint_findings(card: ModelCard) -> list[Finding]:
    """`endpoint.not-met` (warning) for each endpoint not met; `endpoint.not-judged` (note) for each
    the card's numbers cannot judge, saying what is missing."""
    findings: list[Finding] = []
    for judged in judged_endpoints(card):
        if judged.met is False:
            stated = judged.study.stated_conclusion
            source = f" The study's stated conclusion: {stated.strip()}" if stated else ""
            findings.append(
                Finding("endpoint.not-met", Level.warning, judged.loc, judged.sentence() + source)
            )
        elif judged.met is None:
            findings.append(
                Finding(
                    "endpoint.not-judged",
                    Level.note,
                    judged.loc,
                    f"The endpoint on {judged.result.metric} in {judged.study.title} cannot be judged: "
                    f"{judged.why_not_judged()}.",
                )
            )
    return findings
