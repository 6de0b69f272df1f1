"""Forest plots of every example card: an axis fitted to the data, labels at AA contrast, one screen tall."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmlp_cards.cards.loader import load_card
from gmlp_cards.model import ModelCard, Study
from gmlp_cards.render import charts

EXAMPLES = sorted(Path(__file__).resolve().parents[1].glob("model_cards/*/*.yaml"))


def _luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an #RRGGBB colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_wcag_formula_in_this_file_gives_the_published_ratios() -> None:
    # Streamlit's grey on white, as measured in issue 15, and black on white.
    assert _contrast("#808495", "#FFFFFF") == pytest.approx(3.72, abs=0.01)
    assert _contrast("#000000", "#FFFFFF") == pytest.approx(21.0)


def _forests() -> list[tuple[str, Study, str]]:
    found = []
    for path in EXAMPLES:
        card: ModelCard = load_card(path).card
        for study in card.performance.studies:
            metrics = dict.fromkeys(m.name for row in study.subgroups for m in row.metrics)
            found += [(f"{path.parent.name}/{path.stem}/{study.id}/{name}", study, name) for name in metrics]
    return found


FORESTS = _forests()


def test_every_example_card_has_forest_plots_to_check() -> None:
    assert len(EXAMPLES) == 13 and len(FORESTS) >= 20


@pytest.mark.parametrize(("where", "study", "metric"), FORESTS, ids=[f[0] for f in FORESTS])
def test_forest_plot_parts_show_every_point_line_and_row_within_one_screen(
    where: str, study: Study, metric: str
) -> None:
    parts = [part.to_plotly_json() for part in charts.forest_plots(study, metric)]
    rows = [row for row in study.subgroups if row.metric(metric) is not None]
    assert sum(len(trace["y"]) for part in parts for trace in part["data"]) == len(rows)
    values = []  # every estimate, interval end and line of the study, whichever part draws it
    for part in parts:
        layout = part["layout"]
        assert layout["height"] <= 640
        assert layout["xaxis"]["range"] == parts[0]["layout"]["xaxis"]["range"]  # one scale for all parts
        values += [shape["x0"] for shape in layout.get("shapes", [])]
        for trace in part["data"]:
            error = trace["error_x"]
            for x, plus, minus in zip(trace["x"], error["array"], error["arrayminus"], strict=True):
                values += [x, x + (plus or 0), x - (minus or 0)]
    low, high = parts[0]["layout"]["xaxis"]["range"]
    margin = 0.05 * (max(values) - min(values))
    assert low <= min(values) - margin or low == 0
    assert high >= max(values) + margin or high == 1
    assert high - low <= 1.2 * (max(values) - min(values)) + 0.03  # a little margin, not 0-100%
    if parts[0]["layout"]["xaxis"].get("tickformat", "").endswith("%"):
        assert low >= 0 and high <= 1


@pytest.mark.parametrize(("where", "study", "metric"), FORESTS, ids=[f[0] for f in FORESTS])
def test_forest_plot_labels_are_dark_enough_on_the_plot_background(
    where: str, study: Study, metric: str
) -> None:
    for part in charts.forest_plots(study, metric):
        layout = part.to_plotly_json()["layout"]
        background = layout["plot_bgcolor"]
        assert layout["paper_bgcolor"] == background
        for axis in ("xaxis", "yaxis"):
            assert _contrast(layout[axis]["tickfont"]["color"], background) >= 4.5
            assert layout[axis]["tickfont"]["size"] >= 12
        for note in layout.get("annotations", []):
            assert _contrast(note["font"]["color"], background) >= 4.5


def test_a_proportion_axis_stops_at_100_percent_when_an_interval_reaches_it() -> None:
    # OsteoDetect's sensitivity: interval ends from 78.7% up to 100%; 6% of the span is 1.3 points.
    card = load_card(next(p for p in EXAMPLES if p.parent.name == "osteodetect")).card
    study = next(s for s in card.performance.studies if s.subgroups)
    (part,) = charts.forest_plots(study, "sensitivity")
    assert part.layout.xaxis.range == pytest.approx((0.774, 1.0), abs=0.001)


def test_a_long_study_is_split_by_dimension_with_the_part_in_the_title() -> None:
    # DermaSensor's sensitivity has 19 subgroup rows in 3 dimensions: too many for one screen.
    card = load_card(next(p for p in EXAMPLES if p.parent.name == "dermasensor")).card
    study = next(s for s in card.performance.studies if s.subgroups)
    parts = charts.forest_plots(study, "sensitivity")
    assert len(parts) > 1
    assert [part.layout.title.text.count(f"of {len(parts)}:") for part in parts] == [1] * len(parts)
    assert "part 1 of" in parts[0].layout.title.text


def test_a_study_that_fits_on_one_screen_is_one_plot_without_a_part_number() -> None:
    card = load_card(next(p for p in EXAMPLES if p.parent.name == "osteodetect")).card
    study = next(s for s in card.performance.studies if s.subgroups)
    (part,) = charts.forest_plots(study, "specificity")
    assert "part" not in part.layout.title.text


def test_a_page_can_build_each_part_alone_and_gets_the_same_figures() -> None:
    card = load_card(next(p for p in EXAMPLES if p.parent.name == "dermasensor")).card
    study = next(s for s in card.performance.studies if s.subgroups)
    count = charts.forest_part_count(study, "sensitivity")
    alone = [charts.forest_part(study, "sensitivity", n).to_json() for n in range(1, count + 1)]
    assert alone == [figure.to_json() for figure in charts.forest_plots(study, "sensitivity")]
    assert count == len(alone) > 1
