"""The GI Genius card (FDA De Novo DEN200055), a real device transcribed from its decision summary.

Every expected number below is copied from docs/real-devices/gi-genius.md (the transcription of the FDA
decision summary, with page and table), never read back from the card or computed by the code under test.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from gmlp_cards.cards.catalog import files_for
from gmlp_cards.model import ModelCard
from gmlp_cards.model.criteria import endpoint_met
from gmlp_cards.model.performance import Study
from real_devices.support import card_path

DEVICE = "gi-genius"
CARD = card_path(DEVICE)


def _study(card: ModelCard, study_id: str) -> Study:
    return next(s for s in card.performance.studies if s.id == study_id)


def test_the_card_file_has_no_problems():
    [entry] = [f for f in files_for(CARD)]
    assert entry.valid and entry.problems == ()


# Identity, decision and transcription notice: test_real_identities.py, with the other real devices.


def test_primary_endpoint_adr_difference_is_model_adjusted_as_printed(card: ModelCard):
    trial = _study(card, "aid-trial")
    assert trial.primary and trial.design.value == "randomized" and trial.n_patients == 263
    difference = trial.overall.metric("adr_difference", trial.endpoints[0].analysis)
    assert difference is not None and difference.kind == "estimate"
    # Table 7, p. 19: difference 13.1 [0.09; 23.3], logistic regression mixed model; no counts printed.
    assert (difference.estimate, difference.lower, difference.upper) == (13.1, 0.09, 23.3)
    assert difference.analysis.value == "model_adjusted"
    assert difference.x is None and difference.n is None
    # A 10% non-inferiority margin, then superiority: both met by a lower bound of 0.09 points.
    kinds = [(e.kind.value, e.margin) for e in trial.endpoints if e.metric == "adr_difference"]
    assert kinds == [("non_inferiority", 0.1), ("superiority", None)]
    assert all(endpoint_met(e, difference) for e in trial.endpoints if e.metric == "adr_difference")


def test_arms_are_design_strata_with_the_printed_adr(card: ModelCard):
    trial = _study(card, "aid-trial")
    arms = {r.group: r for r in trial.subgroups if r.dimension.value == "study_arm"}
    assert set(arms) == {"GI Genius + colonoscopy", "Standard colonoscopy"}
    assert all(r.stratum for r in arms.values())
    assert (arms["GI Genius + colonoscopy"].n, arms["Standard colonoscopy"].n) == (136, 127)
    aided, standard = (
        arms["GI Genius + colonoscopy"].metric("adr"),
        arms["Standard colonoscopy"].metric("adr"),
    )
    assert aided is not None and aided.kind == "estimate"
    assert standard is not None and standard.kind == "estimate"
    assert (aided.estimate, aided.lower, aided.upper) == (55.1, 44.0, 65.8)
    assert (standard.estimate, standard.lower, standard.upper) == (42.0, 31.3, 53.4)


def test_ppa_non_inferiority_uses_the_15_percent_margin(card: ModelCard):
    trial = _study(card, "aid-trial")
    [endpoint] = [e for e in trial.endpoints if e.metric == "ppa_difference"]
    difference = trial.overall.metric("ppa_difference", endpoint.analysis)
    assert difference is not None and difference.kind == "estimate"
    # Table 11, p. 21: -3.1 [-14.3; 4.8]; the lower bound clears -15 points but not -10.
    assert (difference.estimate, difference.lower, difference.upper) == (-3.1, -14.3, 4.8)
    assert endpoint.margin == 0.15 and endpoint_met(endpoint, difference) is True
    narrower = endpoint.model_copy(update={"margin": 0.1})
    assert endpoint_met(narrower, difference) is False


def test_both_frame_level_analyses_are_kept_side_by_side(card: ModelCard):
    frames = _study(card, "holdout-frames")
    assert frames.overall.n == 5805587 and frames.unit_of_analysis.value == "frame"
    mixed = frames.overall.metric("tpr_per_frame", frames.endpoints[0].analysis)
    observed = frames.overall.metric("tpr_per_frame")
    assert mixed is not None and mixed.kind == "estimate"
    assert observed is not None and observed.kind == "estimate"
    # Table 3 (mixed model) 47.46% [42.51%; 52.45%]; Table 4 (cluster bootstrap) 49.57% [45.24%; 54.06%].
    assert (mixed.analysis.value, mixed.estimate, mixed.lower, mixed.upper) == (
        "model_adjusted",
        47.46,
        42.51,
        52.45,
    )
    assert (observed.method.value, observed.cluster) == ("clustered_bootstrap", "patient")
    assert (observed.estimate, observed.lower, observed.upper) == (49.57, 45.24, 54.06)
    large = next(r for r in frames.subgroups if r.group == "Size large (10 mm or more)")
    values = sorted(m.value for m in large.metrics if m.name == "tpr_per_frame")
    assert values == [32.92, 50.18]


def test_object_level_curve_keeps_every_persistence_level(card: ModelCard):
    polyps = _study(card, "holdout-polyps")
    headline = polyps.overall.metric("sensitivity")
    assert headline is not None and headline.kind == "estimate"
    # Table 2, p. 10: persistence > 0, 81.96% [77.35%; 85.97%], 156.31 FP objects per patient.
    assert (headline.estimate, headline.lower, headline.upper) == (81.96, 77.35, 85.97)
    fp = polyps.overall.metric("fp_objects_per_patient")
    assert fp is not None and fp.kind == "estimate" and fp.estimate == 156.31
    last = next(r for r in polyps.by_operating_point if r.operating_point == "marker persistence >2000 ms")
    sensitivity = last.metric("sensitivity")
    assert sensitivity is not None and sensitivity.kind == "estimate"
    assert (sensitivity.estimate, sensitivity.lower, sensitivity.upper) == (10.40, 7.31, 14.23)
    assert len(polyps.by_operating_point) == 8


def test_polyps_detected_in_any_frame_is_checked_against_its_counts(raw: dict[str, Any]):
    data = copy.deepcopy(raw)
    frames = next(s for s in data["performance"]["studies"] if s["id"] == "holdout-frames")
    detected = next(m for m in frames["overall"]["metrics"] if m["name"] == "polyps_detected")
    assert (detected["value"], detected["x"], detected["n"]) == (99.70, 337, 338)
    detected["x"] = 336  # 336/338 is 99.41%, not the printed 99.70%
    with pytest.raises(ValidationError, match="correct it, or record it"):
        ModelCard.model_validate(data)
