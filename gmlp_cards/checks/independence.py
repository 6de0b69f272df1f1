"""Independence of test from training data (GMLP principle 4): split unit, shared sites, overlapping time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gmlp_cards.checks.finding import Finding, Level
from gmlp_cards.model import ModelCard, SplitUnit, Study
from gmlp_cards.model.not_stated import NotStated, is_not_stated
from gmlp_cards.model.provenance import NOT_STATED_MARK

_SPLIT_BY_SITE = (SplitUnit.site, SplitUnit.site_and_time)
_SPLIT_BY_TIME = (SplitUnit.time, SplitUnit.site_and_time)


@dataclass(frozen=True)
class IndependenceReport:
    split_unit: SplitUnit | NotStated
    training_sites: tuple[str, ...]
    test_sites: tuple[str, ...]
    shared_sites: tuple[str, ...]
    justification: str | None
    time_overlap: bool
    """True when test collection started before training collection ended."""


def site_key(name: str) -> str:
    """How two site names are compared everywhere (checks, HTI-1 export, leaflet).

    Sites are typed by hand in several places of a card, so case and runs of spaces do not make
    two sites different: "St Mary  Hospital" and "st mary hospital" are one site.
    """
    return " ".join(name.split()).casefold()


def _named(sites: list[str]) -> list[str]:
    """Sites with a name: a not-stated site or an import's placeholder is no site both sides share."""
    return [s for s in sites if not is_not_stated(s) and NOT_STATED_MARK not in s]


def training_site_keys(card: ModelCard) -> frozenset[str]:
    return frozenset(site_key(site) for d in card.data.training_sets for site in d.sites)


def is_external(card: ModelCard, study: Study) -> bool:
    """A study is external when none of its sites contributed training data."""
    training = training_site_keys(card)
    return not any(site_key(site) in training for site in study.sites)


def _unique(names: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(site_key(name), " ".join(name.split()))
    return tuple(seen.values())


def independence(card: ModelCard) -> IndependenceReport:
    data = card.data
    training = _unique([site for d in data.training_sets for site in d.sites])
    # Study sites are test sites too, even when the maker left them out of data.test.
    test = _unique(
        [site for d in data.test for site in d.sites]
        + [site for s in card.performance.studies for site in s.sites]
    )
    train_keys = {site_key(site) for site in _named(list(training))}
    shared = tuple(s for s in _named(list(test)) if site_key(s) in train_keys)
    # A date the source does not state cannot show an overlap in time (nor rule it out).
    ends = [d.collection_end for d in data.training_sets if isinstance(d.collection_end, dt.date)]
    starts = [d.collection_start for d in data.test if isinstance(d.collection_start, dt.date)] + [
        s.start_date for s in card.performance.studies if isinstance(s.start_date, dt.date)
    ]
    overlap = bool(ends and starts) and min(starts) <= max(ends)
    return IndependenceReport(data.split_unit, training, test, shared, data.overlap_justification, overlap)


def independence_findings(card: ModelCard) -> list[Finding]:
    report = independence(card)
    findings: list[Finding] = []
    shared = ", ".join(report.shared_sites)
    if report.shared_sites and report.split_unit in _SPLIT_BY_SITE:
        # A justification cannot repair a contradiction: the card says sites were kept apart.
        findings.append(
            Finding(
                "independence.split-contradicted",
                Level.warning,
                ("data", "split_unit"),
                f"The card says training and test were split by {report.split_unit.value.replace('_', ' ')}, "
                f"yet these sites appear in both: {shared}.",
            )
        )
    elif report.shared_sites and report.justification is None:
        findings.append(
            Finding(
                "independence.shared-sites-unjustified",
                Level.warning,
                ("data", "overlap_justification"),
                f"These sites contributed to both training and test data: {shared}. The card gives no "
                "overlap_justification saying why results there are still independent.",
            )
        )
    if report.time_overlap and report.split_unit in _SPLIT_BY_TIME:
        findings.append(
            Finding(
                "independence.split-contradicted",
                Level.warning,
                ("data", "split_unit"),
                "The card says training and test were split by time, yet test data collection started "
                "before training data collection ended.",
            )
        )
    return findings
