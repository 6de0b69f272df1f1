"""The DermaSensor card (FDA De Novo DEN230008), a real device transcribed from its decision summary.

Every expected number below is copied from docs/real-devices/dermasensor.md (the transcription of the
FDA decision summary, with page and table), never read back from the card or computed by the code under
test: the card must say what FDA printed, and its recorded discrepancies must hold only as recorded.
"""

from __future__ import annotations

import copy
import io
from typing import Any

import pytest
from pydantic import ValidationError

from gmlp_cards.cli.main import main
from gmlp_cards.model import ModelCard
from gmlp_cards.model.performance import Study
from gmlp_cards.model.results import SubgroupResult
from real_devices.support import CARDS, card_path, printed

DEVICE = "dermasensor"
CARD = card_path(DEVICE)
DOCUMENT = "FDA decision summary DEN230008"


def _pivotal(card: ModelCard) -> Study:
    return next(s for s in card.performance.studies if s.id == "derm-success")


def _row(study: Study, *cells: tuple[str, str]) -> SubgroupResult:
    return next(r for r in study.subgroups if [(d.value, g) for d, g in r.cells] == list(cells))


def test_the_card_validates_and_the_folder_passes_validate(capsys: pytest.CaptureFixture[str]):
    out = io.StringIO()
    assert main(["validate", str(CARDS)], out=out) == 0, out.getvalue() + capsys.readouterr().err


# Identity and decision: test_real_identities.py, with the other real devices.


def test_the_transcription_notice_names_the_decision(card: ModelCard):
    assert card.identity.transcription is not None and "DEN230008" in card.identity.transcription


def test_headline_sensitivity_is_as_printed_in_table_11(card: ModelCard):
    sensitivity = _pivotal(card).overall.metric("sensitivity")
    assert sensitivity is not None and sensitivity.kind == "estimate"
    # Table 11, p. 18: "95.5% (91.7%-97.6%)" for 224 high-risk lesions; 214 true positives (Table 16a).
    assert (sensitivity.estimate, sensitivity.lower, sensitivity.upper) == (95.5, 91.7, 97.6)
    assert (sensitivity.x, sensitivity.n) == (214, 224)
    assert sensitivity.scale.value == "percent"
    assert (sensitivity.level, sensitivity.interval_sides.value) == (0.95, "two_sided")
    # Footnote 1: "95% Confidence Interval calculated accounting for within-subject correlations
    # using Wilson method": a Wilson interval clustered in participants.
    assert (sensitivity.method.value, sensitivity.cluster) == ("wilson", "patient")
    assert sensitivity.source is not None
    assert (sensitivity.source.document, sensitivity.source.table, sensitivity.source.page) == (
        DOCUMENT,
        "Table 11",
        "18",
    )


def test_specificity_and_the_pcp_comparator_are_as_printed(card: ModelCard):
    overall = _pivotal(card).overall
    assert printed(overall.metric("specificity")) == (20.7, 18.5, 23.1, 281, 1355)
    pcp = overall.metric("pcp_sensitivity")
    assert pcp is not None and pcp.kind == "estimate"
    assert (pcp.estimate, pcp.lower, pcp.upper) == (83.0, 77.7, 87.3)
    assert overall.n == 1579 and _pivotal(card).n_patients == 1005


def test_intended_use_population_age_40_plus_is_table_16b(card: ModelCard):
    row = _row(_pivotal(card), ("age_band", "40+"))
    # Table 16b, p. 23: high risk lesions 217, 209, "96.3% (92.9-98.4%)";
    # low risk lesions 1155, 234, "20.3% (18.0-22.7%)".
    assert printed(row.metric("sensitivity")) == (96.3, 92.9, 98.4, 209, 217)
    assert printed(row.metric("specificity")) == (20.3, 18.0, 22.7, 234, 1155)


def test_similarity_score_bands_carry_table_13(card: ModelCard):
    bands = {b.score_range: b for b in _pivotal(card).risk_bands}
    # Table 13, p. 19: score 1, 13/202, PPV 6.4%; score 10, 38/62, PPV 61.3%, bounds 48.3-72.9%.
    assert (bands["1"].events, bands["1"].n) == (13, 202)
    top = bands["10"]
    assert (top.events, top.n) == (38, 62)
    [ppv] = top.metrics
    assert ppv.kind == "estimate"
    assert (ppv.estimate, ppv.lower, ppv.upper, ppv.method.value) == (61.3, 48.3, 72.9, "not_stated")
    # Displayed scores add up to 1,288 (p. 19); with the 291 "Monitor" results they cover every lesion.
    assert sum(b.n for b in _pivotal(card).risk_bands if b.score_range is not None) == 1288


def test_reader_studies_keep_their_designs_and_numbers(card: ModelCard):
    studies = {s.id: s for s in card.performance.studies}
    first = studies["derm-success-reader"].reader_study
    assert first is not None and (first.readers, first.cases) == (108, 50)
    aided = next(m for m in first.aided if m.name == "sensitivity")
    assert aided.kind == "estimate" and (aided.estimate, aided.lower, aided.upper) == (91.4, 85.7, 97.1)
    pigmented = studies["pigmented-reader"].reader_study
    assert pigmented is not None and (pigmented.readers, pigmented.cases) == (77, 136)
    # Table 14, p. 22: the aided interval is the table's 81.1-91.5%, not the narrative's 65.3-85.6%.
    aided = next(m for m in pigmented.aided if m.name == "sensitivity")
    assert aided.kind == "estimate" and (aided.estimate, aided.lower, aided.upper) == (86.3, 81.1, 91.5)
    assessed = studies["derm-assess-iii"].reader_study
    assert assessed is not None and (assessed.readers, assessed.cases) == (118, 100)


def test_reader_study_endpoints_are_judged_on_the_aided_arm(card: ModelCard):
    first = next(s for s in card.performance.studies if s.id == "derm-success-reader")
    [on_sensitivity] = [e for e in first.endpoints if e.metric == "sensitivity"]
    assert on_sensitivity.arm is not None and on_sensitivity.arm.value == "aided"
    judged = first.endpoint_metric(on_sensitivity)
    # p. 20: aided sensitivity 91.4% (95% CI: 85.7-97.1%), co-primary endpoint met.
    assert judged is not None and judged.value == 91.4
    assert on_sensitivity.stated_result is not None and on_sensitivity.stated_result.value == "met"


# Recorded discrepancies: each is accepted only while its stated and recomputed numbers hold.


def _age_80_89_specificity(data: dict[str, Any]) -> dict[str, Any]:
    study = next(s for s in data["performance"]["studies"] if s["id"] == "derm-success")
    row = next(r for r in study["subgroups"] if r["group"] == "80-89")
    return next(m for m in row["metrics"] if m["name"] == "specificity")


def _conversion(data: dict[str, Any]) -> dict[str, Any]:
    study = next(s for s in data["performance"]["studies"] if s["id"] == "pigmented-reader")
    return next(m for m in study["overall"]["metrics"] if m["name"] == "fn_to_tp_conversion")


def test_table_12_specificity_is_kept_as_printed_with_its_discrepancy(raw: dict[str, Any]):
    metric = _age_80_89_specificity(raw)
    # Table 12, p. 18: "10.8% (7/67)"; 7/67 = 10.45%.
    assert (metric["value"], metric["x"], metric["n"]) == (10.8, 7, 67)
    assert metric["explanation"]["unreconciled"] == [
        {"quantity": "estimate", "stated": 10.8, "recomputed": 10.45}
    ]


def test_table_19_conversion_rate_is_kept_as_printed_with_its_discrepancy(raw: dict[str, Any]):
    metric = _conversion(raw)
    # Table 19, p. 25: "248 (43% conversion rate)" of 600 false-negative reads; 248/600 = 41.33%.
    assert (metric["value"], metric["x"], metric["n"]) == (43, 248, 600)
    assert metric["explanation"]["unreconciled"] == [
        {"quantity": "estimate", "stated": 43, "recomputed": 41.33}
    ]


@pytest.mark.parametrize("pick", [_age_80_89_specificity, _conversion], ids=["table-12", "table-19"])
@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.update(value=m["value"] + 1),
        lambda m: m.update(explanation=m["explanation"]["text"]),
        lambda m: m["explanation"]["unreconciled"][0].update(recomputed=12.0),
    ],
    ids=["stated-changed", "plain-text-only", "recomputed-changed"],
)
def test_a_recorded_discrepancy_excuses_only_itself(raw: dict[str, Any], pick, change):
    data = copy.deepcopy(raw)
    ModelCard.model_validate(data)  # the copy is valid before the change
    change(pick(data))
    with pytest.raises(ValidationError, match="correct it, or record it"):
        ModelCard.model_validate(data)


@pytest.mark.parametrize(
    ("pick", "field", "value"),
    [(_age_80_89_specificity, "n", 65), (_conversion, "x", 258)],
    ids=["table-12: 7/65 is 10.8%", "table-19: 258/600 is 43%"],
)
def test_a_recorded_discrepancy_goes_stale_when_the_counts_agree(
    raw: dict[str, Any], pick, field: str, value: int
):
    data = copy.deepcopy(raw)
    pick(data)[field] = value
    with pytest.raises(ValidationError, match="no longer show"):
        ModelCard.model_validate(data)
