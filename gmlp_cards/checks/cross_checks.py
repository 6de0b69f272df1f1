"""Cross-checks of figures the maker typed against the figures the card's own numbers give: the
patient natural frequencies against the icon array's shares, and the test sets' sizes against the
studies' n. A warning each, located at the typed figure."""

from __future__ import annotations

import itertools
from decimal import Decimal

from gmlp_cards.checks.finding import Finding, Level, Loc
from gmlp_cards.evidence.icon_array import PER_1000, expected_outcomes, outcome_counts
from gmlp_cards.evidence.outcome_shares import IconFacts, icon_facts
from gmlp_cards.model import Dataset, MetricName, ModelCard, Study
from gmlp_cards.model.formatting import as_percent

# What each share the icon array draws counts, in the words of the warning (for makers).
_OUTCOME_WORDS = (
    ("condition", "have the condition"),
    ("true_positive", "have it and are flagged"),
    ("false_negative", "have it and are missed"),
    ("false_positive", "do not have it and are flagged"),
    ("true_negative", "do not have it and are not flagged"),
    ("positive", "are flagged in all"),
    ("negative", "are not flagged in all"),
)


_NOISE = 1e-9  # float products such as 0.43 * 0.05 * 1000 land a hair off their exact value


def tolerance(per_1000: int) -> float:
    """How far, per 1,000, the exact figure may lie from the maker's and still be the same figure.

    A figure is taken as rounded at its last digit that is not a zero, to tens at the coarsest (the
    patient page's other denominator is 100, and 30 in 1,000 may be "3 in 100"): 39 stands for 38.5
    to 39.5 (±0.5), 30 for 25 to 35 (±5), 0 for less than 0.5. Beyond that, no rounding of the
    stated figure explains the gap.
    """
    return 5.0 if per_1000 and per_1000 % 10 == 0 else 0.5


def half_unit(stated: float | None, factor: float = 1.0) -> float:
    """Half a unit of the last decimal `stated` is written with, on the 0..1 scale: 0.904 -> 0.0005,
    90.4 (percent) -> 0.0005, 0.08 -> 0.005. None (a share counted exactly) -> 0."""
    if stated is None:
        return 0.0
    exponent = Decimal(repr(float(stated))).normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return 0.5 * 10.0**-places / factor


def _stated(card: ModelCard, name: str) -> float:
    metric = card.performance.primary.overall.metric(name)
    return 0.0 if metric is None else half_unit(metric.value, metric.scale.factor)


def _prevalence_half_unit(card: ModelCard, found: IconFacts) -> float:
    stated = card.data.intended_population.prevalence
    if stated is not None and found.prevalence_source == "intended population":
        return half_unit(stated)
    if card.performance.primary.overall.counts is not None:
        return 0.0  # the study's prevalence, counted: exact
    return _stated(card, MetricName.prevalence)


def _figures(sensitivity: float, specificity: float, prevalence: float) -> dict[str, float]:
    per = {k: v * PER_1000 for k, v in expected_outcomes(sensitivity, specificity, prevalence).items()}
    per["condition"] = prevalence * PER_1000
    per["positive"] = per["true_positive"] + per["false_positive"]
    per["negative"] = per["false_negative"] + per["true_negative"]
    return per


def computed_frequencies(found: IconFacts) -> dict[str, float]:
    """The exact figures per 1,000 the card's stated numbers give (the icon array rounds these)."""
    return _figures(found.sensitivity, found.specificity, found.prevalence)


def computed_ranges(card: ModelCard, found: IconFacts) -> dict[str, tuple[float, float]]:
    """Each figure per 1,000 over every sensitivity, specificity and prevalence the stated ones may
    stand for (±half their last decimal): every figure is linear in each of the three, so its
    least and greatest values lie at the corners of that box."""
    spans = [
        (max(value - half, 0.0), min(value + half, 1.0))
        for value, half in (
            (found.sensitivity, _stated(card, MetricName.sensitivity)),
            (found.specificity, _stated(card, MetricName.specificity)),
            (found.prevalence, _prevalence_half_unit(card, found)),
        )
    ]
    corners = [_figures(*corner) for corner in itertools.product(*spans)]
    return {key: (min(c[key] for c in corners), max(c[key] for c in corners)) for key in corners[0]}


def _per_1000(value: float) -> str:
    # One decimal, as computed from the stated numbers; the exact value is never claimed as a count.
    return format(Decimal(f"{value:.1f}").normalize(), "f")


def _basis(found: IconFacts, card: ModelCard) -> str:
    return (
        f"sensitivity {as_percent(found.sensitivity)}% and specificity {as_percent(found.specificity)}% "
        f"of {card.performance.primary.title}, at a prevalence of {as_percent(found.prevalence)}% "
        f"({found.prevalence_source})"
    )


def frequency_findings(card: ModelCard) -> list[Finding]:
    """Each natural frequency the maker typed that none of the card's own figures explains.

    Both sides are read at the precision they are stated with. The maker's figure stands for a
    range (`tolerance`: 39 for 38.5 to 39.5). The card's figures come from its stated sensitivity,
    specificity and prevalence, each standing for ±half its last decimal (0.904 for 0.9035 to
    0.9045; a prevalence counted from the study is exact), so each is a range too
    (`computed_ranges`). They agree when the ranges meet: then some rounding explains the gap.
    A YAML number keeps no trailing zero (0.920 is read as 0.92, ±0.005), so where a file writes
    one the check errs towards agreeing, never towards a false warning.

    The maker's words are free (in any language), so a figure is not tied to one outcome: it
    agrees when it meets any of the card's figures (have the condition; each of the four outcomes;
    flagged or not flagged in all), or is one of the icon array's whole counts out of 1,000. A
    wrong figure that happens to equal another outcome's figure is not caught; one that matches
    none is.
    """
    texts = card.patient.texts
    if not any(t.natural_frequencies for t in texts.values()):
        return []
    found = icon_facts(card)
    if found is None:
        return [
            Finding(
                "patient.frequencies-not-compared",
                Level.note,
                ("patient", "texts", card.patient.default_language, "natural_frequencies"),
                "The natural frequencies cannot be compared with the card's own numbers: the primary "
                "study states no sensitivity and specificity, or the card gives no prevalence.",
            )
        ]
    computed = computed_frequencies(found)
    ranges = computed_ranges(card, found)
    # The icon array's own whole counts agree too: rounded so they add up, one may be up to a
    # whole person from its exact share, and a maker who copies the picture copies the page.
    drawn = set(
        outcome_counts(found.sensitivity, found.specificity, found.prevalence, PER_1000).as_dict().values()
    )
    listed = "; ".join(f"{_per_1000(computed[key])} {words}" for key, words in _OUTCOME_WORDS)
    findings: list[Finding] = []
    for language, text in texts.items():
        for i, typed in enumerate(text.natural_frequencies):
            low, high = typed.per_1000 - tolerance(typed.per_1000), typed.per_1000 + tolerance(typed.per_1000)
            if typed.per_1000 in drawn or any(
                low <= top + _NOISE and bottom - _NOISE <= high for bottom, top in ranges.values()
            ):
                continue
            nearest = min(_OUTCOME_WORDS, key=lambda kw: abs(computed[kw[0]] - typed.per_1000))
            loc: Loc = ("patient", "texts", language, "natural_frequencies", i, "per_1000")
            findings.append(
                Finding(
                    "patient.frequency-disagrees",
                    Level.warning,
                    loc,
                    f'"{typed.per_1000} out of 1,000 {typed.outcome}" agrees with none of the figures '
                    f"the card's own numbers give out of 1,000 ({_basis(found, card)}): {listed}. The "
                    f"nearest is {_per_1000(computed[nearest[0]])} {nearest[1]}; the patient page shows "
                    "both, so correct the figure or the numbers it should come from.",
                )
            )
    return findings


def _counts(dataset: Dataset) -> list[int]:
    return [n for n in (dataset.n_samples, dataset.n_patients) if isinstance(n, int)]


def _study_ns(study: Study) -> list[int]:
    return [n for n in (study.overall.n, study.n_patients) if n is not None]


def _explained(dataset: Dataset, study: Study) -> bool:
    """The set's explanation names `study` and both numbers still hold (a changed one is checked again)."""
    why = dataset.n_explanation
    return (
        why is not None
        and why.study == study.id
        and why.study_n == study.overall.n
        and why.set_n == dataset.n_samples
    )


def _sizes(dataset: Dataset) -> str:
    return ", ".join(
        f"{name} {value:,}"
        for name, value in (("n_samples", dataset.n_samples), ("n_patients", dataset.n_patients))
        if isinstance(value, int)
    )


def size_findings(card: ModelCard) -> list[Finding]:
    """Test sets whose size is no study's n, and a primary study whose n is no test set's size.

    A test set agrees with a study when its n_samples or n_patients equals the study's overall n
    or n_patients (a set of 852 patients and 1,680 eyes feeds a per-patient and a per-eye study
    alike). Where they differ for a reason, the set's `n_explanation` names the study and both
    numbers; it holds only while they do. Nothing else turns the check off.
    """
    studies = card.performance.studies
    findings: list[Finding] = []
    unmatched_sets = 0
    for k, dataset in enumerate(card.data.test):
        counts = _counts(dataset)
        if not counts:
            continue
        matched = any(set(counts) & set(_study_ns(s)) for s in studies)
        if matched or any(_explained(dataset, s) for s in studies):
            continue
        unmatched_sets += 1
        named = "; ".join(f"{s.id} n {s.overall.n:,}" for s in studies)
        findings.append(
            Finding(
                "data.test-size-disagrees",
                Level.warning,
                ("data", "test", k, "n_samples"),
                f"Test set {dataset.name!r} ({_sizes(dataset)}, data.test[{k}]) is the size of no study "
                f"(performance.studies[].overall.n: {named}). Correct the number, or say which study "
                "it feeds and why they differ in the set's `n_explanation` (study, study_n, set_n, text).",
            )
        )
    primary = card.performance.primary
    index = studies.index(primary)
    if not any(_counts(d) for d in card.data.test):
        return findings  # no size stated at all: nothing to compare (the coverage check says so)
    fed = any(set(_counts(d)) & set(_study_ns(primary)) or _explained(d, primary) for d in card.data.test)
    if not fed and not unmatched_sets:  # a set of the wrong size already names this study's n
        sets = "; ".join(f"{d.name!r} {_sizes(d) or 'size not stated'}" for d in card.data.test)
        findings.append(
            Finding(
                "data.study-size-disagrees",
                Level.warning,
                ("performance", "studies", index, "overall", "n"),
                f"The primary study {primary.id!r} has n {primary.overall.n:,} "
                f"(performance.studies[{index}].overall.n), the size of no test set (data.test: {sets}).",
            )
        )
    return findings


def cross_check_findings(card: ModelCard) -> list[Finding]:
    """Every cross-check of typed figures against the card's own numbers, in a fixed order."""
    return [*frequency_findings(card), *size_findings(card)]
