"""PPV and NPV at a chosen prevalence, checked against values worked out by hand."""

import pytest

from gmlp_cards.evidence.icon_array import outcome_counts
from gmlp_cards.evidence.predictive import (
    Proportion,
    npv,
    ppv,
    predictive_values,
    prevalence_differs,
)


def test_ppv_matches_bayes_by_hand() -> None:
    # 1,000 people, 10% prevalence: 100 ill, 90 detected; 900 well, 180 false alarms -> 90/270.
    assert ppv(0.9, 0.8, 0.1) == pytest.approx(90 / 270)


def test_npv_matches_bayes_by_hand() -> None:
    # 720 true negatives and 10 missed cases among 730 negatives.
    assert npv(0.9, 0.8, 0.1) == pytest.approx(720 / 730)


def test_bounds_come_from_the_interval_ends_together() -> None:
    values = predictive_values(Proportion(0.9, 0.85, 0.94), Proportion(0.8, 0.75, 0.85), 0.1)
    assert values.ppv is not None and values.npv is not None
    assert values.ppv.lower == pytest.approx(ppv(0.85, 0.75, 0.1))
    assert values.ppv.upper == pytest.approx(ppv(0.94, 0.85, 0.1))
    assert values.npv.lower == pytest.approx(npv(0.85, 0.75, 0.1))
    assert values.npv.upper == pytest.approx(npv(0.94, 0.85, 0.1))
    assert values.ppv.lower <= values.ppv.estimate <= values.ppv.upper


def test_ppv_rises_with_prevalence() -> None:
    sens, spec = Proportion(0.9, 0.85, 0.94), Proportion(0.8, 0.75, 0.85)
    low = predictive_values(sens, spec, 0.01).ppv
    high = predictive_values(sens, spec, 0.5).ppv
    assert low is not None and high is not None
    assert low.estimate < high.estimate


def test_prevalence_near_zero_makes_ppv_small_and_npv_near_one() -> None:
    values = predictive_values(Proportion(0.9, 0.85, 0.94), Proportion(0.95, 0.93, 0.97), 0.0001)
    assert values.ppv is not None and values.npv is not None
    assert values.ppv.upper < 0.01
    assert values.npv.lower > 0.9999


def test_prevalence_zero_with_perfect_specificity_leaves_ppv_undefined() -> None:
    values = predictive_values(Proportion(0.9, 0.8, 0.95), Proportion(1.0, 1.0, 1.0), 0.0)
    assert values.ppv is None
    assert values.npv == Proportion(1.0, 1.0, 1.0)


def test_prevalence_one_makes_every_positive_true() -> None:
    values = predictive_values(Proportion(0.9, 0.8, 0.95), Proportion(0.8, 0.7, 0.9), 1.0)
    assert values.ppv == Proportion(1.0, 1.0, 1.0)
    assert values.npv == Proportion(0.0, 0.0, 0.0)


def test_sensitivity_of_one_gives_npv_of_one() -> None:
    values = predictive_values(Proportion(1.0, 0.96, 1.0), Proportion(0.8, 0.7, 0.9), 0.2)
    assert values.npv is not None
    assert values.npv.estimate == 1.0
    assert values.npv.upper == 1.0
    assert values.npv.lower < 1.0  # the interval still admits sensitivity 0.96


def test_prevalence_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        predictive_values(Proportion(0.9, 0.8, 0.95), Proportion(0.8, 0.7, 0.9), 1.5)


@pytest.mark.parametrize(
    ("chosen", "studied", "differs"),
    [(0.1, 0.1, False), (0.14, 0.1, False), (0.2, 0.1, True), (0.01, 0.1, True)],
)
def test_prevalence_differs_flags_settings_far_from_the_study(
    chosen: float, studied: float, differs: bool
) -> None:
    assert prevalence_differs(chosen, studied) is differs


def test_icon_counts_always_add_up_to_the_total() -> None:
    for prevalence in (0.0, 0.013, 0.1, 0.333, 0.5, 0.97, 1.0):
        for total in (100, 1000):
            counts = outcome_counts(0.913, 0.871, prevalence, total)
            assert sum(counts.as_dict().values()) == total


def test_icon_counts_by_hand() -> None:
    counts = outcome_counts(0.9, 0.8, 0.1, 100)
    assert counts.as_dict() == {
        "true_positive": 9,
        "false_positive": 18,
        "false_negative": 1,
        "true_negative": 72,
    }
