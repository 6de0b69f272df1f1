"""The shares of people the icon array draws: the primary study's sensitivity and specificity at the
setting prevalence. One place, so the patient page and the cross-check of the maker's typed
frequencies (gmlp_cards.checks.cross_checks) read the same numbers."""

from __future__ import annotations

from dataclasses import dataclass

from gmlp_cards.evidence.icon_array import expected_outcomes
from gmlp_cards.evidence.predictive import PredictiveValues, for_study, metric_proportion, setting_prevalence
from gmlp_cards.model import MetricName, ModelCard


@dataclass(frozen=True)
class IconFacts:
    """The numbers behind the icon array: the primary study's sensitivity and specificity, the
    setting prevalence (and where it comes from), and the predictive values there."""

    sensitivity: float
    specificity: float
    prevalence: float
    values: PredictiveValues | None
    prevalence_source: str = "intended population"

    @property
    def shares(self) -> dict[str, float]:
        return expected_outcomes(self.sensitivity, self.specificity, self.prevalence)

    def all_shares(self) -> list[float]:
        """Every share the icon array section words, for the page's one denominator."""
        found = [*self.shares.values(), self.prevalence]
        if self.values is not None:
            found += [v.estimate for v in (self.values.ppv, self.values.npv) if v is not None]
        return found


def icon_facts(card: ModelCard) -> IconFacts | None:
    """The primary study's outcomes at the setting prevalence; None when the card lacks a number."""
    study = card.performance.primary
    sens = metric_proportion(study, MetricName.sensitivity)
    spec = metric_proportion(study, MetricName.specificity)
    prevalence, source = setting_prevalence(card)
    if sens is None or spec is None or prevalence is None:
        return None
    return IconFacts(sens.estimate, spec.estimate, prevalence, for_study(study, prevalence), source)
