"""Evidence checks derived from a card's own numbers and fields; pure Python, no Streamlit."""

from __future__ import annotations

from gmlp_cards.checks.cautions import (
    Caution,
    CautionRules,
    Reason,
    caution_findings,
    cautioned_groups,
    subgroup_cautions,
)
from gmlp_cards.checks.coverage import (
    INFORMATION_ITEMS,
    PRINCIPLES,
    Coverage,
    coverage_findings,
    information_coverage,
    principle_coverage,
)
from gmlp_cards.checks.cross_checks import cross_check_findings, frequency_findings, size_findings
from gmlp_cards.checks.endpoints import (
    JudgedEndpoint,
    endpoint_findings,
    judged_endpoints,
    study_endpoints,
    unmet_endpoints,
)
from gmlp_cards.checks.finding import Finding, Level
from gmlp_cards.checks.independence import IndependenceReport, independence, independence_findings
from gmlp_cards.checks.languages import languages_findings
from gmlp_cards.checks.readability import TARGET_GRADE, Score, readability_findings, readability_scores
from gmlp_cards.checks.representativeness import (
    compare,
    representativeness_findings,
    under_represented_in_test,
)
from gmlp_cards.model import ModelCard, SubgroupDimension

__all__ = [
    "INFORMATION_ITEMS",
    "PRINCIPLES",
    "TARGET_GRADE",
    "Caution",
    "CautionRules",
    "Coverage",
    "Finding",
    "IndependenceReport",
    "JudgedEndpoint",
    "Level",
    "Reason",
    "Score",
    "caution_findings",
    "cautioned_groups",
    "compare",
    "coverage_findings",
    "cross_check_findings",
    "endpoint_findings",
    "frequency_findings",
    "independence",
    "independence_findings",
    "information_coverage",
    "judged_endpoints",
    "languages_findings",
    "less_known_groups",
    "principle_coverage",
    "publish_warnings",
    "readability_findings",
    "readability_scores",
    "representativeness_findings",
    "run_checks",
    "size_findings",
    "study_endpoints",
    "subgroup_cautions",
    "under_represented_in_test",
    "unmet_endpoints",
]


def run_checks(card: ModelCard, rules: CautionRules | None = None) -> list[Finding]:
    """Every finding for `card`, grouped by check in a fixed order. Nothing in the card can mute one."""
    return [
        *endpoint_findings(card),
        *cross_check_findings(card),
        *caution_findings(card, rules),
        *representativeness_findings(card),
        *independence_findings(card),
        *coverage_findings(card),
        *readability_findings(card),
        *languages_findings(card),
    ]


def publish_warnings(card: ModelCard) -> list[Finding]:
    """The warnings `publish` prints (and still publishes): where the card's own numbers show a
    pre-specified endpoint not met, or contradict a figure the maker typed. Subgroup and coverage
    findings stay with `lint`."""
    found = [*endpoint_findings(card), *cross_check_findings(card)]
    return [f for f in found if f.level is Level.warning]


def less_known_groups(
    card: ModelCard, rules: CautionRules | None = None
) -> list[tuple[SubgroupDimension, str]]:
    """Groups the patient view names as "less is known for people like ...": weaker or uncertain
    subgroup results first, then groups the test data under-represent."""
    groups = cautioned_groups(subgroup_cautions(card, rules)) + under_represented_in_test(card)
    return list(dict.fromkeys(groups))
