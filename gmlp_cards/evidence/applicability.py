"""Is the evidence about a patient like mine? Matches a described patient to the population and subgroups.

Nothing here stores or sends what the reader enters: the functions are pure and the page keeps the
answers only in the reader's own session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from gmlp_cards.model import ModelCard, SubgroupDimension, SubgroupResult
from gmlp_cards.model.usage import PopulationCriterion


class Fit(StrEnum):
    """How one entered group stands against the card's intended population.

    inside: the card's criterion on that dimension allows the group; outside: the criterion
    leaves it out; not_stated: the card states no criterion on that dimension.
    """

    inside = "inside"
    outside = "outside"
    not_stated = "not_stated"


@dataclass(frozen=True)
class CriterionResult:
    """What the reader entered on one dimension, and how it fits the card's criterion."""

    dimension: SubgroupDimension
    group: str
    fit: Fit
    statement: str | None  # the card's own words, when it has a criterion on this dimension


@dataclass(frozen=True)
class MatchedRow:
    """A subgroup result of one study whose every cell the reader entered (design strata are left
    out: a cohort or an arm is not something a patient is)."""

    study_id: str
    row: SubgroupResult


@dataclass(frozen=True)
class Applicability:
    """The answer for one patient description."""

    entered: dict[SubgroupDimension, str]
    criteria: list[CriterionResult]
    rows: list[MatchedRow]
    no_evidence: list[tuple[SubgroupDimension, str]] = field(default_factory=list)

    @property
    def population_fit(self) -> Fit:
        """outside if any stated criterion excludes the patient; inside if at least one criterion
        applies and none excludes; not_stated when the card has no criterion on what was entered."""
        fits = {c.fit for c in self.criteria}
        if Fit.outside in fits:
            return Fit.outside
        return Fit.inside if Fit.inside in fits else Fit.not_stated


def dimension_choices(card: ModelCard) -> dict[SubgroupDimension, list[str]]:
    """For each dimension the card reports on, the groups a reader can pick, in the card's order."""
    choices: dict[SubgroupDimension, list[str]] = {}
    for criterion in card.intended_use.population_criteria:
        _extend(choices, criterion.dimension, criterion.allowed)
    for study in card.performance.studies:
        for row in study.subgroups:
            if row.stratum:
                continue  # a design stratum (cohort, arm) is not something a patient is
            for dimension, group in row.cells:
                _extend(choices, dimension, [group])
    return choices


def _extend(choices: dict[SubgroupDimension, list[str]], dim: SubgroupDimension, groups: list[str]) -> None:
    known = choices.setdefault(dim, [])
    known.extend(g for g in groups if g not in known)


def assess(card: ModelCard, patient: dict[SubgroupDimension, str]) -> Applicability:
    """Place `patient` (dimension -> group, only what the reader knows) against the card."""
    criteria_by_dim: dict[SubgroupDimension, PopulationCriterion] = {
        c.dimension: c for c in card.intended_use.population_criteria
    }
    criteria = []
    for dim, group in patient.items():
        criterion = criteria_by_dim.get(dim)
        if criterion is None:
            criteria.append(CriterionResult(dim, group, Fit.not_stated, None))
        else:
            fit = Fit.inside if group in criterion.allowed else Fit.outside
            criteria.append(CriterionResult(dim, group, fit, criterion.statement))
    rows = [
        MatchedRow(study.id, row)
        for study in card.performance.studies
        for row in study.subgroups
        if not row.stratum and all(patient.get(d) == g for d, g in row.cells)
    ]
    covered = {(m.row.dimension, m.row.group) for m in rows}
    no_evidence = [(dim, group) for dim, group in patient.items() if (dim, group) not in covered]
    return Applicability(dict(patient), criteria, rows, no_evidence)
