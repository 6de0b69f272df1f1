"""QuantX (FDA De Novo DEN170022): the real-device card holds both AUC estimators of the primary
endpoint, a continuous score that is not a probability, and a standalone result on training data.

Expected values are copied from docs/real-devices/quantx.md (the FDA text), never from the card.
"""

from __future__ import annotations

from typing import Any

import pytest

from gmlp_cards.errors import CardError
from gmlp_cards.evidence.results import endpoint_results
from gmlp_cards.model import Analysis, ModelCard
from real_devices.support import card_path, load_variant, metric, study

DEVICE = "quantx"
CARD = card_path(DEVICE)
DOCUMENT = "FDA decision summary DEN170022"


def test_the_card_is_published_in_schema_2_as_a_real_device(card: ModelCard) -> None:
    # Identity, decision and transcription notice: test_real_identities.py, with the other real devices.
    assert card.schema_version == 2
    assert card.identity.software_version == "1.0.2022"  # "Version: 1.0.2022", p. 7


def test_the_qi_score_is_continuous_without_threshold_and_not_a_probability(card: ModelCard) -> None:
    assert card.outputs.kind.value == "continuous"
    assert card.outputs.operating_points == []
    assert card.outputs.calibrated is False
    assert "not a 'probability of malignancy,'" in card.outputs.interpretation  # p. 3


def test_the_primary_endpoint_is_met_with_one_auc_estimator_and_not_the_other(card: ModelCard) -> None:
    readers = study(card, "reader-study")
    assert readers.primary and (readers.reader_study.readers, readers.reader_study.cases) == (19, 111)
    binormal = metric(readers.overall.metrics, "auroc_difference", Analysis.model_adjusted)
    trapezoidal = metric(readers.overall.metrics, "auroc_difference_trapezoidal", Analysis.model_adjusted)
    # Table 2 (p. 17): 0.0520 [0.0022, 0.1018], p = 0.0408
    # Table 3 (p. 18): 0.0487 (-0.0011, 0.0985], p = 0.0550
    assert (binormal.value, binormal.lower, binormal.upper) == (0.052, 0.0022, 0.1018)
    assert (trapezoidal.value, trapezoidal.lower, trapezoidal.upper) == (0.0487, -0.0011, 0.0985)
    assert (binormal.se, binormal.p_value, trapezoidal.se, trapezoidal.p_value) == (
        0.0254,
        0.0408,
        0.0254,
        0.055,
    )
    assert binormal.source.table == "Table 2" and trapezoidal.source.table == "Table 3"
    verdicts = {r.metric: r.met for r in endpoint_results(readers)}
    assert verdicts == {binormal.title: True, trapezoidal.title: False}
    assert all(e.stated_result.value == "not_stated" for e in readers.endpoints)  # protocol named neither
    assert "marginally met the primary endpoint" in (readers.stated_conclusion or "")  # p. 18


def test_first_and_second_read_aucs_are_as_printed(card: ModelCard) -> None:
    block = study(card, "reader-study").reader_study
    first = metric(block.unaided, "auroc", Analysis.model_adjusted)
    second = metric(block.aided, "auroc", Analysis.model_adjusted)
    assert (first.value, first.lower, first.upper) == (0.7055, 0.645, 0.766)
    assert (second.value, second.lower, second.upper) == (0.7575, 0.6889, 0.8261)
    assert metric(block.unaided, "auroc_trapezoidal", Analysis.model_adjusted).value == 0.709
    assert metric(block.aided, "auroc_trapezoidal", Analysis.model_adjusted).value == 0.7577


def test_secondary_differences_carry_the_reader_and_case_bootstrap(card: ModelCard) -> None:
    rows = study(card, "reader-study").subgroups
    cut_3 = next(r for r in rows if r.group.startswith("BI-RADS cut-point: 3"))
    assert cut_3.stratum
    difference = metric(cut_3.metrics, "sensitivity_difference")
    # Table 4 (p. 18): sensitivity 2nd − 1st 3.8 [0.8, 7.4]
    assert (difference.value, difference.lower, difference.upper) == (3.8, 0.8, 7.4)
    assert difference.scale.value == "percentage_points"
    assert (difference.method.value, difference.cluster) == ("clustered_bootstrap", "readers and cases")


def test_the_standalone_auc_on_training_data_is_flagged_as_not_independent(card: ModelCard) -> None:
    training = study(card, "standalone-training")
    auc = metric(training.overall.metrics, "auroc", Analysis.training_data)
    assert (auc.value, training.overall.n) == (0.86, 652)  # 0.86 ± 0.02, 652 lesions (pp. 10-11)
    assert training.independence.startswith("Not independent.")
    independent = study(card, "standalone-test")
    assert metric(independent.overall.metrics, "auroc").value == 0.75  # p. 11
    assert metric(independent.overall.metrics, "auroc_reader_segmentation").value == 0.71


def test_the_training_counts_disagreement_is_stated(card: ModelCard) -> None:
    (database,) = card.data.training
    assert (database.n_samples, [c.count for c in database.class_balance]) == (652, [314, 338])
    assert "543" in database.labelling  # Table 1 (p. 6) sums to 543 lesions


def test_a_class_balance_that_does_not_add_up_is_refused(raw: dict[str, Any]) -> None:
    raw["data"]["training"][0]["n_samples"] = 543  # Table 1's total, against the text's 314 + 338
    with pytest.raises(CardError, match="class_balance adds up to 652, not n_samples 543"):
        load_variant(DEVICE, raw)
