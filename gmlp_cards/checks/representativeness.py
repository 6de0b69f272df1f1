"""Representativeness: training and test demographics against the intended population, per dimension."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gmlp_cards.checks.finding import Finding, Level, Loc
from gmlp_cards.model import Dataset, ModelCard, SubgroupDimension

UNDER_FRACTION = 0.5
"""A group is under-represented when its share of the data is below half its intended share."""

CORE_DIMENSIONS = (SubgroupDimension.sex, SubgroupDimension.age_band)
"""GMLP principle 3 names more, but these two every intended population can state."""

ROLES = ("training", "test")


class Representation(StrEnum):
    adequate = "adequate"
    under = "under"
    absent = "absent"
    not_reported = "not reported"


@dataclass(frozen=True)
class GroupShare:
    """One group of one dimension: intended share and the pooled share in each role, in percent."""

    group: str
    intended: float
    shares: dict[str, float | None]
    status: dict[str, Representation]


@dataclass(frozen=True)
class DimensionComparison:
    dimension: SubgroupDimension
    groups: tuple[GroupShare, ...]


def _key(group: str) -> str:
    return group.strip().casefold()


def pooled_shares(datasets: list[Dataset], dimension: SubgroupDimension) -> dict[str, float] | None:
    """Shares pooled over the datasets, weighted by patients; None unless every dataset reports it.

    Pooling only the datasets that report a dimension would call a group "absent" that may fill the
    silent dataset; the silent dataset is reported as a missing dimension instead.
    """
    weighted: dict[str, float] = {}
    total = 0.0
    for dataset in datasets:
        dist = next((d for d in dataset.demographics if d.dimension is dimension), None)
        if dist is None:
            return None
        # Patients are the unit of a population; fall back to samples, then to equal weight.
        counts = [n for n in (dataset.n_patients, dataset.n_samples) if isinstance(n, int) and n]
        weight = float(counts[0] if counts else 1)
        total += weight
        for share in dist.shares:
            weighted[_key(share.group)] = weighted.get(_key(share.group), 0.0) + share.percent * weight
    if total == 0:
        return None
    return {group: value / total for group, value in weighted.items()}


def _status(share: float | None, intended: float) -> Representation:
    if share is None:
        return Representation.not_reported
    if intended > 0 and share == 0:
        return Representation.absent
    if share < UNDER_FRACTION * intended:
        return Representation.under
    return Representation.adequate


def compare(card: ModelCard) -> list[DimensionComparison]:
    """One comparison per dimension the intended population describes, in the card's order."""
    out: list[DimensionComparison] = []
    for dist in card.data.intended_population.demographics:
        by_role = {role: pooled_shares(getattr(card.data, role), dist.dimension) for role in ROLES}
        groups = []
        for share in dist.shares:
            shares = {
                role: None if pooled is None else pooled.get(_key(share.group), 0.0)
                for role, pooled in by_role.items()
            }
            groups.append(
                GroupShare(
                    share.group,
                    share.percent,
                    shares,
                    {role: _status(shares[role], share.percent) for role in ROLES},
                )
            )
        out.append(DimensionComparison(dist.dimension, tuple(groups)))
    return out


def under_represented_in_test(card: ModelCard) -> list[tuple[SubgroupDimension, str]]:
    return [
        (c.dimension, g.group)
        for c in compare(card)
        for g in c.groups
        if g.status["test"] in (Representation.under, Representation.absent)
    ]


def representativeness_findings(card: ModelCard) -> list[Finding]:
    findings: list[Finding] = []
    intended_loc: Loc = ("data", "intended_population", "demographics")
    described = {d.dimension for d in card.data.intended_population.demographics}
    for dimension in CORE_DIMENSIONS:
        if dimension not in described:
            findings.append(
                Finding(
                    "representation.dimension-missing",
                    Level.warning,
                    intended_loc,
                    f"The intended population gives no {dimension.label.lower()} distribution, so the "
                    "data cannot be compared with it on that dimension.",
                )
            )
    for comparison in compare(card):
        dim = comparison.dimension.label.lower()
        for role in ROLES:
            for i, dataset in enumerate(getattr(card.data, role)):
                if not any(d.dimension is comparison.dimension for d in dataset.demographics):
                    findings.append(
                        Finding(
                            "representation.dimension-missing",
                            Level.warning,
                            ("data", role, i, "demographics"),
                            f"{role.capitalize()} dataset {dataset.name!r} does not report {dim}, which the "
                            "intended population describes.",
                        )
                    )
            for g in comparison.groups:
                findings.extend(_group_finding(role, dim, g))
    return findings


def _group_finding(role: str, dim: str, g: GroupShare) -> list[Finding]:
    status, share = g.status[role], g.shares[role]
    if share is None or status is Representation.adequate:
        return []
    patient = (
        f"Few people like you were in the tests if you are in this group: {g.group} ({dim})."
        if role == "test"
        else None
    )
    if status is Representation.absent:
        return [
            Finding(
                "representation.absent",
                Level.warning,
                ("data", role),
                f"{role.capitalize()} data include no one in {dim} {g.group!r}, who make up "
                f"{g.intended:g}% of the intended population.",
                patient,
            )
        ]
    return [
        Finding(
            "representation.under",
            Level.warning,
            ("data", role),
            f"{role.capitalize()} data: {dim} {g.group!r} is {share:.1f}% against "
            f"{g.intended:g}% of the intended population (under half its share).",
            patient,
        )
    ]
