"""OsteoDetect (FDA De Novo DEN180005): the real-device card holds the decision summary's numbers as
printed, with their analysis, interval and page, and the validator still checks the ones it can.

Expected values are copied from docs/real-devices/osteodetect.md (the FDA text), never from the card.
"""

from __future__ import annotations

from typing import Any

import pytest

from gmlp_cards.errors import CardError
from gmlp_cards.model import Analysis, ModelCard, NotStated, SubgroupResult
from real_devices.support import card_path, load_variant, metric, study

DEVICE = "osteodetect"
CARD = card_path(DEVICE)
DOCUMENT = "FDA decision summary DEN180005"


def aided_specificity(data: dict[str, Any]) -> dict[str, Any]:
    aided = data["performance"]["studies"][1]["reader_study"]["aided"]
    return next(m for m in aided if m["name"] == "specificity")


def test_the_card_is_published_in_schema_2_as_a_real_device(card: ModelCard) -> None:
    # Identity, decision and transcription notice: test_real_identities.py, with the other real devices.
    assert card.schema_version == 2
    assert card.identity.software_version == "1.0"  # "Version: OsteoDetect 1.0", p. 7


def test_standalone_sensitivity_is_the_95_percent_wilson_interval_of_page_11(card: ModelCard) -> None:
    standalone = study(card, "standalone")
    assert standalone.primary and standalone.unit_of_analysis.value == "image"
    assert standalone.overall.n == 1000  # "1000 images (500 PA, 500 LAT)", p. 8
    sensitivity = metric(standalone.overall.metrics, "sensitivity")
    assert (sensitivity.value, sensitivity.lower, sensitivity.upper) == (0.921, 0.886, 0.946)
    assert sensitivity.level == 0.95 and sensitivity.method.value == "wilson"
    assert sensitivity.source is not None
    assert (sensitivity.source.document, sensitivity.source.page) == (DOCUMENT, "11")
    # The 90% interval of the same table is kept in words; no counts are printed (n unknown).
    assert "(0.892, 0.942)" in (sensitivity.explanation_text or "")
    assert sensitivity.n is None


def test_standalone_auc_is_the_bootstrap_interval_of_page_11(card: ModelCard) -> None:
    auc = metric(study(card, "standalone").overall.metrics, "auroc")
    assert (auc.value, auc.lower, auc.upper, auc.n) == (0.965, 0.953, 0.976, 1000)
    assert auc.method.value == "bootstrap" and auc.level == 0.95


def row(rows: list[SubgroupResult], *cells: tuple[str, str]) -> SubgroupResult:
    return next(r for r in rows if [(d.value, g) for d, g in r.cells] == list(cells))


def test_the_subgroup_table_is_by_view_at_90_percent_without_sizes(card: ModelCard) -> None:
    rows = study(card, "standalone").subgroups
    lat_80 = row(rows, ("age_band", "≥ 80"), ("view", "LAT"))
    assert isinstance(lat_80.n, NotStated)
    sensitivity = metric(lat_80.metrics, "sensitivity")
    # "LAT Age ≥ 80: 1.000 (0.787, 1.000)", Subgroup Performance Metric (90% Wilson's CI), p. 12
    assert (sensitivity.value, sensitivity.lower, sensitivity.upper) == (1.0, 0.787, 1.0)
    assert sensitivity.level == 0.9
    pa_surgical = row(rows, ("surgical_history", "post-surgical: yes"), ("view", "PA"))
    specificity = metric(pa_surgical.metrics, "specificity")
    assert (specificity.value, specificity.lower, specificity.upper) == (0.779, 0.698, 0.844)
    # The lowest subgroup AUC, post-surgical radiographs of both views, printed without interval (p. 12)
    assert metric(row(rows, ("surgical_history", "post-surgical: yes")).metrics, "auroc").value == 0.926


def test_the_reader_study_endpoint_is_the_dbm_auc_difference(card: ModelCard) -> None:
    readers = study(card, "reader-study")
    assert readers.unit_of_analysis.value == "case"  # one visit's PA, LAT (and oblique) images, p. 14
    difference = metric(readers.overall.metrics, "auroc_difference", Analysis.model_adjusted)
    assert (difference.value, difference.lower, difference.upper) == (0.049, 0.019, 0.08)
    assert (difference.se, difference.p_value) == (0.013, 0.0056)
    assert difference.interval_sides.value == "two_sided" and difference.level == 0.95
    (endpoint,) = readers.endpoints
    assert (endpoint.kind.value, endpoint.stated_result.value, endpoint.limit) == ("superiority", "met", 0.0)
    assert readers.stated_conclusion is not None
    assert readers.stated_conclusion.startswith('"The primary endpoint was met')  # p. 17


def test_the_reader_study_pooled_reads_carry_the_printed_counts(card: ModelCard) -> None:
    block = study(card, "reader-study").reader_study
    assert block is not None and (block.readers, block.cases) == (24, 200)
    aided = metric(block.aided, "sensitivity")
    # OD-Aided TP 1715, FN 421 (p. 16); "0.803 (0.785, 0.819)"
    assert (aided.x, aided.n, aided.value, aided.lower, aided.upper) == (1715, 2136, 0.803, 0.785, 0.819)
    unaided = metric(block.unaided, "specificity")
    assert (unaided.x, unaided.n, unaided.value) == (2368, 2664, 0.889)  # TN 2368, FP 296
    assert metric(block.aided, "auroc", Analysis.model_adjusted).value == 0.889  # p. 15
    assert metric(block.unaided, "auroc", Analysis.model_adjusted).value == 0.84


def test_a_changed_pooled_bound_is_refused_with_the_recomputed_one(raw: dict[str, Any]) -> None:
    aided_specificity(raw)["lower"] = 0.899  # printed 0.903; Wilson 95% of 2436/2664 is 0.9032
    with pytest.raises(
        CardError, match=r"stated as 0\.899 but the 95% Wilson score interval from 2436/2664 gives 0\.9032"
    ):
        load_variant("osteodetect", raw)


def test_a_discrepancy_is_accepted_only_as_recorded(raw: dict[str, Any]) -> None:
    entry = aided_specificity(raw)
    entry["lower"] = 0.899
    entry["explanation"] = {
        "text": "Recorded as a test of the pin.",
        "unreconciled": [{"quantity": "lower", "stated": 0.899, "recomputed": 0.9032}],
    }
    load_variant("osteodetect", raw)  # recorded exactly: accepted
    entry["lower"] = 0.898  # the stated number moves away from the record
    with pytest.raises(CardError, match=r"stated as 0\.898"):
        load_variant("osteodetect", raw)


def test_every_printed_count_reproduces_so_nothing_is_excused(card: ModelCard) -> None:
    # Notes item 1: all 8 pooled reader-study estimates and intervals reproduce from the counts.
    block = study(card, "reader-study").reader_study
    assert block is not None
    counted = [m for m in block.aided + block.unaided if getattr(m, "x", None) is not None]
    assert len(counted) == 8
    assert all(not m.unreconciled for m in counted)


def test_only_the_three_supported_imaging_systems_are_inside_the_criteria(card: ModelCard) -> None:
    (criterion,) = card.intended_use.population_criteria
    # "OsteoDetect does not support any other imaging system." (p. 19)
    assert criterion.dimension.value == "acquisition_device"
    assert sorted(criterion.allowed) == [
        "Carestream Health DRX-1",
        "GE Discovery XR656",
        "Philips Medical Systems DigitalDiagnost",
    ]
