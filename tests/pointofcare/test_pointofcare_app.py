"""AppTest of the point-of-care tools on every example card: applicability, predictive values, icon arrays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptest_support import headings, open_page
from streamlit.testing.v1 import AppTest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.evidence.applicability import Applicability, MatchedRow, dimension_choices
from gmlp_cards.evidence.icon_array import outcome_counts
from gmlp_cards.evidence.predictive import metric_proportion, setting_prevalence
from gmlp_cards.model import EstimateMetric, MetricName
from gmlp_cards.render.safe_markdown import escape_markdown
from gmlp_cards.ui.pointofcare import ANOTHER, NOT_KNOWN, PRIVACY, rows_frame

ROOT = Path(__file__).resolve().parents[2]
CATALOG = Catalog.load(ROOT / "model_cards")
VERSIONS = [(d, v) for d in CATALOG.device_ids() for v in CATALOG.versions(d)]
# The leaflet draws its tools only in this section, chosen in its contents (ui/leaflet_view.py).
YOUR_SETTING = {"sections": "Check the numbers for your setting"}


@pytest.fixture(autouse=True)
def _example_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GMLP_CARDS_DIR", str(ROOT / "model_cards"))


def _patient_boxes(at: AppTest) -> list:
    return [box for box in at.selectbox if box.options and box.options[0] == NOT_KNOWN]


@pytest.mark.parametrize(("device", "version"), VERSIONS)
def test_applicability_shows_matching_rows_and_their_cautions(device: str, version: str) -> None:
    card = CATALOG.card(device, version)
    at = open_page("device", device=device, version=version, tier="back")
    assert PRIVACY in [c.value for c in at.caption]
    boxes = _patient_boxes(at)
    if not dimension_choices(card):  # no patient trait reported (only design strata): nothing to ask
        assert boxes == []
        return
    assert boxes, "the back of pack offers the applicability check"
    # Pick the first listed group of every dimension: each is either a subgroup or a criterion group.
    for box in boxes:
        box.select(box.options[1])
    at.run()
    columns = ["Study", "Group", "n", "Metric", "Estimate", "Interval"]
    shown = [df for df in (e.value for e in at.get("dataframe")) if list(df.columns) == columns]
    chosen = {box.label: box.options[1] for box in boxes}
    # A row applies when every group it names is the one chosen; design strata never do.
    expected = {
        r.title
        for s in card.performance.studies
        for r in s.subgroups
        if not r.stratum
        and all(chosen.get(d.label) == g for d, g in r.cells)
        and any(isinstance(m, EstimateMetric) for m in r.metrics)  # the table lists estimates
    }
    if not expected:  # no reported row has every group chosen: no table, no row pretending to match
        assert not shown or shown[0].empty
    else:
        assert shown and set(shown[0]["Group"]) == expected
    inside = [s.value for s in at.success]
    outside = [e.value for e in at.error if "Outside the intended population" in e.value]
    if card.intended_use.population_criteria:  # without criteria there is nothing to be inside of
        assert inside and not outside
    else:
        assert not inside and not outside


WITH_CRITERIA = [d for d in CATALOG.device_ids() if CATALOG.latest(d).intended_use.population_criteria]  # type: ignore[union-attr]


@pytest.mark.parametrize("device", WITH_CRITERIA)
def test_a_group_outside_the_criteria_is_named_as_outside(device: str) -> None:
    card = CATALOG.latest(device)
    assert card is not None
    criterion = card.intended_use.population_criteria[0]
    at = open_page("device", device=device, tier="back")
    box = next(b for b in _patient_boxes(at) if b.label == criterion.dimension.label)
    box.select(ANOTHER).run()
    errors = [e.value for e in at.error]
    # Card text reaches Streamlit escaped (shown as typed, never as Markdown).
    assert any(escape_markdown(criterion.statement) in e for e in errors), errors
    assert any("No evidence reported" in w.value for w in at.warning)


@pytest.mark.parametrize(("device", "version"), VERSIONS)
def test_leaflet_predictive_values_start_at_the_setting_prevalence(device: str, version: str) -> None:
    card = CATALOG.card(device, version)
    at = open_page("device", device=device, version=version, tier="leaflet", **YOUR_SETTING)
    prevalence, _ = setting_prevalence(card)
    study = card.performance.primary
    if metric_proportion(study, MetricName.specificity) is None:  # a score without a threshold
        assert "Predictive values in your setting" not in [h.value for h in at.subheader]
        return
    if prevalence is None:  # the real summaries state none: nothing is assumed, the reader enters it
        box = next(n for n in at.number_input if n.label.startswith("Prevalence in your setting"))
        assert box.value is None and not [m for m in at.metric if "predictive" in m.label]
        assert any("no starting value is assumed" in c.value for c in at.caption)
        box.set_value(10.0).run()
        assert {m.label for m in at.metric} >= {"Positive predictive value", "Negative predictive value"}
        return
    box = next(n for n in at.number_input if n.label.startswith("Prevalence in your setting"))
    assert box.value == pytest.approx(prevalence * 100, abs=0.005)  # the box shows two decimals
    labels = [m.label for m in at.metric]
    assert "Positive predictive value" in labels and "Negative predictive value" in labels
    box.set_value(0.5).run()  # far below every example study's prevalence
    assert any("differs from the study" in w.value for w in at.warning)


@pytest.mark.parametrize(("device", "version"), VERSIONS)
def test_patient_icon_array_and_its_text_equivalent_agree(device: str, version: str) -> None:
    card = CATALOG.card(device, version)
    study = card.performance.primary
    sens = metric_proportion(study, MetricName.sensitivity)
    spec = metric_proportion(study, MetricName.specificity)
    prevalence, _ = setting_prevalence(card)
    if not (sens and spec and prevalence is not None):  # nothing to draw from: no array, no guess
        at = open_page("patient", device=device, version=version)
        assert [c for c in at.get("plotly_chart") if len(json.loads(c.proto.spec)["data"]) == 4] == []
        return
    # Per 1,000: no example's figures are all whole per 100 (tiers.patient.patient_denominator).
    counts = outcome_counts(sens.estimate, spec.estimate, prevalence, 1000)
    at = open_page("patient", device=device, version=version)
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    icons = [f for f in figures if len(f["data"]) == 4]
    assert icons, "the patient view draws the icon array"
    drawn = [len(trace["x"]) for trace in icons[0]["data"]]
    assert sorted(drawn) == sorted(counts.as_dict().values())
    words = "\n".join(e.proto.body for e in at.get("html"))
    assert f"<strong>about {counts.true_positive} in 1,000</strong> people: " in words
    assert f"<strong>about {counts.false_positive} in 1,000</strong> people: " in words


def test_icon_array_speaks_korean_where_the_card_does() -> None:
    device = "retina-dr-screen"
    at = open_page("patient", device=device, version="2.0.0", lang="ko")
    words = "\n".join(e.proto.body for e in at.get("html"))
    # 2.0.0: sensitivity 0.899 at prevalence 0.08, so 71.9 of 1,000 are found.
    assert "<strong>1,000명 중 약 72명</strong>: 질환이 있고, 도구가 찾아냅니다" in words
    assert "이 검사를 받는 나와 같은 사람 1,000명 중" in headings(at, 3)


def test_matching_rows_state_their_own_interval_level() -> None:
    # The table once headed every interval "95%" whatever the card said; it now writes each
    # interval's own level (model.formatting.interval_text).
    card = CATALOG.latest(CATALOG.device_ids()[0])
    assert card is not None
    study = card.performance.primary
    row = next(r for r in study.subgroups if any(isinstance(m, EstimateMetric) for m in r.metrics))
    metric = next(m for m in row.metrics if isinstance(m, EstimateMetric))
    ninety = row.model_copy(update={"metrics": [metric.model_copy(update={"level": 0.90})]})
    frame = rows_frame(Applicability(entered={}, criteria=[], rows=[MatchedRow(study.id, ninety)]))
    assert list(frame.columns) == ["Study", "Group", "n", "Metric", "Estimate", "Interval"]
    assert frame.iloc[0]["Interval"].startswith("90% CI ")
    assert "None" not in frame.iloc[0]["Interval"]
