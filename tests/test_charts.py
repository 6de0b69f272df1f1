"""Charts and their table equivalents: what each table says, and what each figure draws."""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any

import pandas as pd
import pytest

from gmlp_cards.evidence import chart_tables
from gmlp_cards.model import MetricName, ModelCard, SubgroupDimension
from gmlp_cards.render import charts, figure_embed


def _estimate(
    name: str,
    estimate: float,
    lower: float,
    upper: float,
    *,
    n: int | None = None,
    scale: str = "proportion",
    method: str = "bootstrap",
) -> dict[str, Any]:
    metric = {
        "kind": "estimate",
        "name": name,
        "estimate": estimate,
        "lower": lower,
        "upper": upper,
        "method": method,
        "scale": scale,
    }
    if n is not None:
        metric["n"] = n
    return metric


def _subgroup(dimension: str, group: str, n: int, *metrics: dict[str, Any]) -> dict[str, Any]:
    return {"dimension": dimension, "group": group, "n": n, "metrics": list(metrics)}


def _dataset(
    name: str, sex: list[tuple[str, float]], age: list[tuple[str, float]] | None = None
) -> dict[str, Any]:
    demographics = [{"dimension": "sex", "shares": [{"group": g, "percent": p} for g, p in sex]}]
    if age is not None:
        demographics.append({"dimension": "age_band", "shares": [{"group": g, "percent": p} for g, p in age]})
    return {
        "name": name,
        "sources": ["Hospital records"],
        "sites": ["Site A"],
        "countries": ["NL"],
        "collection_start": "2019-01-01",
        "collection_end": "2020-12-31",
        "n_patients": 1000,
        "n_samples": 1000,
        "demographics": demographics,
        "labelling": "Two readers.",
    }


CARD: dict[str, Any] = {
    "schema_version": 1,
    "identity": {
        "device_id": "chart-test",
        "device_name": "Chart Test CXR",
        "software_version": "2.0",
        "manufacturer": {"name": "Example Med", "contact_email": "safety@example.org"},
        "card_version": "1.0.0",
        "release_date": "2024-03-01",
        "status": "published",
        "modality": "Chest X-ray",
        "clinical_area": "Radiology",
        "machine_learning": "A convolutional network scores each image.",
        "pccp_authorized": True,
        "fictional": True,
    },
    "intended_use": {
        "summary": "Flags chest X-rays that may show pneumothorax.",
        "purpose": "Triage.",
        "indications": {
            "condition": "Pneumothorax",
            "target_population": "Adults",
            "use_environment": "Emergency department",
        },
        "intended_users": ["Radiologists"],
        "decision_role": "drive",
        "automation": "triage",
        "workflow": "Before the radiologist reads.",
        "clinical_benefits": ["Faster reads."],
    },
    "inputs": {
        "acceptable": [
            {
                "modality": "PA chest radiograph",
                "data_format": "DICOM",
                "quality_requirements": "Full lung fields.",
            }
        ],
        "unacceptable_handling": "No result is shown.",
    },
    "outputs": {
        "kind": "binary",
        "description": "Flag.",
        "interpretation": "A flag is not a diagnosis.",
        "basis": "Pixels.",
        "model_type": "CNN",
        "architecture": "ResNet-50.",
    },
    "performance": {
        "studies": [
            {
                "id": "pivotal",
                "title": "Pivotal retrospective study",
                "design": "retrospective",
                "primary": True,
                "sites": ["Site B"],
                "countries": ["NL"],
                "start_date": "2021-01-01",
                "end_date": "2021-12-31",
                "inclusion": ["Adults."],
                "conducted_by": "Independent CRO.",
                "independence": "Different hospitals.",
                "reference_standard": {"description": "CT.", "how_established": "Two radiologists."},
                "unit_of_analysis": "patient",
                "endpoints": [{"metric": "sensitivity", "threshold": 0.80}],
                "overall": {
                    "n": 1000,
                    "metrics": [
                        _estimate("sensitivity", 0.90, 0.86, 0.93, n=300),
                        _estimate("specificity", 92.0, 90.0, 94.0, n=700, scale="percent"),
                    ],
                },
                "subgroups": [
                    # Card order puts age before sex; the table orders by dimension (sex first).
                    _subgroup("age_band", "18-64", 600, _estimate("sensitivity", 0.91, 0.87, 0.94, n=200)),
                    _subgroup("age_band", "65+", 400, _estimate("sensitivity", 0.85, 0.76, 0.91, n=100)),
                    _subgroup(
                        "sex",
                        "male",
                        520,
                        _estimate("sensitivity", 0.92, 0.88, 0.95, n=170),
                        _estimate("specificity", 93.0, 91.0, 95.0, n=350, scale="percent"),
                    ),
                    _subgroup("sex", "female", 480, _estimate("sensitivity", 0.88, 0.82, 0.92, n=130)),
                    _subgroup("site", "Site B annex", 40, _estimate("sensitivity", 0.83, 0.55, 0.95, n=12)),
                ],
            }
        ]
    },
    "data": {
        "training": [
            _dataset("Dev set", [("female", 45.0), ("male", 55.0)], [("18-64", 70.0), ("65+", 30.0)])
        ],
        "test": [_dataset("Pivotal set", [("female", 48.0), ("male", 51.0), ("intersex", 1.0)])],
        "split_unit": "site",
        "independence": "Different hospitals.",
        "intended_population": {
            "description": "Adults in the ED.",
            "demographics": [
                {
                    "dimension": "sex",
                    "shares": [{"group": "male", "percent": 50.0}, {"group": "female", "percent": 50.0}],
                }
            ],
        },
    },
    "risks": {
        "warnings": [{"title": "Not for children", "detail": "Untested.", "severity": "high"}],
        "limitations": [
            {"title": "Small pneumothorax", "detail": "Lower sensitivity.", "severity": "moderate"}
        ],
        "cybersecurity": "Runs on premises.",
        "privacy": "Keeps no images.",
    },
    "patient": {
        "texts": {
            "en": {
                "summary": "A computer checks your X-ray.",
                "what_it_means": "A doctor decides.",
                "benefits": ["Faster."],
                "risks": ["Misses some."],
                "talk_to_clinician": ["If worried."],
            }
        }
    },
    "monitoring": {
        "process": "Monthly audit.",
        "metrics": [
            {"metric": "sensitivity", "threshold": 0.85, "direction": "at_least", "frequency": "monthly"},
            {"metric": "alert_rate", "threshold": 0.20, "direction": "at_most", "frequency": "monthly"},
        ],
        "snapshots": [
            {
                "period_end": "2024-05-31",
                "metric": "sensitivity",
                "value": 0.84,
                "lower": 0.78,
                "upper": 0.89,
                "n": 210,
            },
            {
                "period_end": "2024-04-30",
                "metric": "sensitivity",
                "value": 0.90,
                "lower": 0.85,
                "upper": 0.94,
                "n": 200,
            },
            {"period_end": "2024-04-30", "metric": "alert_rate", "value": 0.25, "n": 1800},
            {"period_end": "2024-05-31", "metric": "alert_rate", "value": 0.15, "n": 1900},
        ],
        "update_policy": {
            "frequency": "yearly",
            "mode": "manual",
            "scope": "global",
            "description": "Validated before release.",
        },
        "retraining_controls": "Locked test set.",
    },
}


def make_card(**overrides: Any) -> ModelCard:
    raw = copy.deepcopy(CARD)
    for path, value in overrides.items():
        node = raw
        *parents, last = path.split("__")
        for part in parents:
            node = node[part]
        node[last] = value
    return ModelCard.model_validate(raw)


def _version(
    version: str,
    released: str,
    *,
    previous: str | None,
    types: list[str] | None = None,
    status: str = "published",
    pccp: bool = True,
) -> ModelCard:
    card = copy.deepcopy(CARD)
    card["identity"].update(card_version=version, release_date=released, status=status)
    if previous is not None:
        card["change_notice"] = {
            "previous_version": previous,
            "effective_date": released,
            "change_types": types,
            "within_pccp": pccp,
            "summary": f"Changes in {version}.",
            "rationale": "Drift.",
            "data_used": "none",
            "performance_summary": "Unchanged.",
            "bias_changes": "none known",
            "user_action": "None.",
        }
    return ModelCard.model_validate(card)


@pytest.fixture
def card() -> ModelCard:
    return make_card()


@pytest.fixture
def study(card: ModelCard) -> Any:
    return card.performance.primary


def _shapes(fig: Any) -> dict[str, dict[str, Any]]:
    return {shape["name"]: shape for shape in fig.to_plotly_json()["layout"].get("shapes", [])}


# --- primary metrics -----------------------------------------------------------------------------


def test_primary_metrics_are_the_endpoint_metrics(study: Any) -> None:
    assert chart_tables.primary_metrics(study) == [MetricName.sensitivity]


def test_primary_metrics_fall_back_to_reported_sensitivity_specificity_auroc() -> None:
    study = make_card(
        performance__studies=[{**CARD["performance"]["studies"][0], "endpoints": []}]
    ).performance.primary
    assert chart_tables.primary_metrics(study) == [MetricName.sensitivity, MetricName.specificity]


# --- forest table --------------------------------------------------------------------------------


def test_forest_table_has_one_row_per_subgroup_with_the_metric_ordered_by_dimension(study: Any) -> None:
    table = chart_tables.forest_table(study, MetricName.sensitivity)
    assert list(table.columns) == chart_tables.FOREST_COLUMNS
    assert list(zip(table["Dimension"], table["Group"], strict=True)) == [
        ("Sex", "male"),
        ("Sex", "female"),
        ("Age band", "18-64"),
        ("Age band", "65+"),
        ("Site", "Site B annex"),
    ]
    assert table["Estimate"].tolist() == [0.92, 0.88, 0.91, 0.85, 0.83]
    assert table["Interval method"].unique().tolist() == ["bootstrap"]


def test_forest_table_skips_rows_without_the_metric(study: Any) -> None:
    table = chart_tables.forest_table(study, MetricName.specificity)
    assert table["Group"].tolist() == ["male"]


def test_forest_table_n_is_the_estimates_own_denominator(study: Any) -> None:
    assert chart_tables.forest_table(study, MetricName.sensitivity)["n"].tolist() == [170, 130, 200, 100, 12]


def test_forest_table_flags_groups_under_small_n(study: Any) -> None:
    table = chart_tables.forest_table(study, MetricName.sensitivity, small_n=150)
    assert table["Small group"].tolist() == [False, True, False, True, True]


def test_forest_table_flags_lower_bounds_below_the_endpoint_threshold(study: Any) -> None:
    # Threshold 0.80: 65+ (lower 0.76) and the annex (lower 0.55) fall below it.
    table = chart_tables.forest_table(study, MetricName.sensitivity)
    assert table["Below criterion"].tolist() == [False, False, False, True, True]


def test_forest_table_never_flags_below_criterion_without_an_endpoint(study: Any) -> None:
    assert not chart_tables.forest_table(study, MetricName.specificity)["Below criterion"].any()


def test_forest_table_normalises_percent_scale_to_proportions(study: Any) -> None:
    row = chart_tables.forest_table(study, MetricName.specificity).iloc[0]
    assert (row["Estimate"], row["Lower"], row["Upper"]) == pytest.approx((0.93, 0.91, 0.95))


def test_forest_table_is_empty_with_columns_when_no_subgroup_has_the_metric(study: Any) -> None:
    table = chart_tables.forest_table(study, MetricName.auroc)
    assert table.empty and list(table.columns) == chart_tables.FOREST_COLUMNS


# --- forest plot ---------------------------------------------------------------------------------


def test_forest_plot_draws_the_overall_estimate_as_a_vertical_line(study: Any) -> None:
    overall = _shapes(charts.forest_plot(study, MetricName.sensitivity))["overall"]
    assert overall["x0"] == overall["x1"] == 0.90 and overall["yref"] == "paper"


def test_forest_plot_draws_the_acceptance_criterion_dashed(study: Any) -> None:
    criterion = _shapes(charts.forest_plot(study, MetricName.sensitivity))["criterion"]
    assert criterion["x0"] == 0.80 and criterion["line"]["dash"] == "dash"


def test_forest_plot_has_no_criterion_line_without_an_endpoint(study: Any) -> None:
    shapes = _shapes(charts.forest_plot(study, MetricName.specificity))
    assert "criterion" not in shapes
    assert shapes["overall"]["x0"] == pytest.approx(0.92)  # percent card value, drawn as proportion


def test_forest_plot_groups_traces_by_dimension_with_readable_labels(study: Any) -> None:
    data = charts.forest_plot(study, MetricName.sensitivity).to_plotly_json()["data"]
    assert [trace["name"] for trace in data] == ["Sex", "Age band", "Site"]
    assert list(data[0]["y"]) == ["Sex · male (n=170)", "Sex · female (n=130)"]


def _forest_labels_with_first_group_named(group: str) -> list[str]:
    """The forest plot's row labels for the example card with its first subgroup renamed `group`."""
    rows = copy.deepcopy(CARD["performance"]["studies"][0]["subgroups"])
    rows[0]["group"] = group
    study = make_card(
        performance__studies=[{**CARD["performance"]["studies"][0], "subgroups": rows}]
    ).performance.primary
    return [
        y
        for trace in charts.forest_plot(study, MetricName.sensitivity).to_plotly_json()["data"]
        for y in trace["y"]
    ]


def test_forest_plot_wraps_long_labels_onto_lines() -> None:
    labels = _forest_labels_with_first_group_named("small pneumothorax with a rim under two centimetres")
    long = next(label for label in labels if "pneumothorax" in label)
    assert "<br>" in long
    assert all(len(line) <= charts.LABEL_WIDTH for line in long.split("<br>"))


def test_forest_plot_marks_small_groups_hollow_and_in_the_label(study: Any) -> None:
    site = charts.forest_plot(study, MetricName.sensitivity).to_plotly_json()["data"][2]
    assert site["y"] == ["Site · Site B annex (n=12, small n)"]
    assert site["marker"]["symbol"] == ["circle-open"]


def test_forest_plot_draws_asymmetric_intervals(study: Any) -> None:
    error = charts.forest_plot(study, MetricName.sensitivity).to_plotly_json()["data"][0]["error_x"]
    assert error["array"] == pytest.approx([0.03, 0.04])
    assert error["arrayminus"] == pytest.approx([0.04, 0.06])


def test_forest_plot_axis_fits_the_intervals_and_both_lines_with_a_margin(study: Any) -> None:
    # Interval ends span 55%-95% (the criterion 80% and overall 90% lie inside): 6% of the 40-point
    # span, 2.4 points, is left free on each side.
    xaxis = charts.forest_plot(study, MetricName.sensitivity).to_plotly_json()["layout"]["xaxis"]
    assert xaxis["range"] == pytest.approx([0.526, 0.974]) and xaxis["tickformat"] == ".0%"


def test_forest_plot_title_names_metric_and_unit_and_sets_height(study: Any) -> None:
    layout = charts.forest_plot(study, MetricName.sensitivity).to_plotly_json()["layout"]
    assert "Sensitivity" in layout["title"]["text"] and "per patient" in layout["title"]["text"]
    assert layout["xaxis"]["title"]["text"] and layout["yaxis"]["title"]["text"]
    assert isinstance(layout["height"], int)


def test_forest_plot_escapes_card_text_that_plotly_would_render_as_html() -> None:
    labels = _forest_labels_with_first_group_named('<a href="javascript:alert(1)">x</a>')
    assert not any("<a" in label for label in labels)
    assert any("&lt;a" in label and "href=&quot;javascript" in label for label in labels)


# --- demographics --------------------------------------------------------------------------------


def test_demographic_dimensions_in_a_stable_order(card: ModelCard) -> None:
    assert chart_tables.demographic_dimensions(card) == [SubgroupDimension.sex, SubgroupDimension.age_band]


def test_demographics_table_matches_the_card_with_nan_where_unreported(card: ModelCard) -> None:
    table = chart_tables.demographics_table(card, SubgroupDimension.sex)
    assert list(table.columns) == ["Group", "Training: Dev set", "Test: Pivotal set", "Intended population"]
    expected = {
        "female": [45.0, 48.0, 50.0],
        "male": [55.0, 51.0, 50.0],
        "intersex": [math.nan, 1.0, math.nan],
    }
    assert table["Group"].tolist() == list(expected)
    for group, values in expected.items():
        row = table.set_index("Group").loc[group].tolist()
        assert row == pytest.approx(values, nan_ok=True)


def test_demographics_table_column_is_all_nan_when_a_source_lacks_the_dimension(card: ModelCard) -> None:
    table = chart_tables.demographics_table(card, SubgroupDimension.age_band)
    assert table["Training: Dev set"].tolist() == [70.0, 30.0]
    assert table["Test: Pivotal set"].isna().all() and table["Intended population"].isna().all()


def test_demographics_figure_draws_grouped_percent_bars_per_source(card: ModelCard) -> None:
    spec = charts.demographics_figure(card, SubgroupDimension.sex).to_plotly_json()
    assert spec["layout"]["barmode"] == "group"
    assert [t["name"] for t in spec["data"]] == [
        "Training: Dev set",
        "Test: Pivotal set",
        "Intended population",
    ]
    assert list(spec["data"][1]["y"]) == [48.0, 51.0, 1.0]


# --- monitoring ----------------------------------------------------------------------------------


def test_monitoring_table_is_oldest_first_with_thresholds(card: ModelCard) -> None:
    table = chart_tables.monitoring_table(card)
    assert list(table.columns[:8]) == [
        "Period end",
        "Metric",
        "Value",
        "Lower",
        "Upper",
        "n",
        "Threshold",
        "Breached",
    ]
    assert table["Period end"].tolist() == [dt.date(2024, 4, 30)] * 2 + [dt.date(2024, 5, 31)] * 2
    assert table["Metric"].tolist() == ["Sensitivity", "Alert rate"] * 2
    assert table["Threshold"].tolist() == [0.85, 0.20, 0.85, 0.20]


def test_monitoring_breach_when_an_at_least_metric_falls_below(card: ModelCard) -> None:
    table = chart_tables.monitoring_table(card)
    sensitivity = table[table["Metric"] == "Sensitivity"]
    assert sensitivity["Breached"].tolist() == [False, True]  # 0.90 then 0.84 against >= 0.85


def test_monitoring_breach_when_an_at_most_metric_rises_above(card: ModelCard) -> None:
    table = chart_tables.monitoring_table(card)
    alerts = table[table["Metric"] == "Alert rate"]
    assert alerts["Breached"].tolist() == [True, False]  # 0.25 then 0.15 against <= 0.20


def test_monitoring_figure_draws_threshold_line_and_marks_breaches(card: ModelCard) -> None:
    fig = charts.monitoring_figure(card, MetricName.sensitivity)
    assert _shapes(fig)["threshold"]["y0"] == 0.85
    data = fig.to_plotly_json()["data"]
    assert list(data[0]["x"]) == ["2024-04-30", "2024-05-31"]
    assert [t["name"] for t in data] == ["Sensitivity", "Threshold breached"]
    assert list(data[1]["x"]) == ["2024-05-31"]


# --- history -------------------------------------------------------------------------------------


def _history() -> list[ModelCard]:
    return [
        _version("1.10.0", "2025-02-01", previous="1.2.0", types=["fix", "security"], pccp=False),
        _version("1.0.0", "2024-03-01", previous=None),
        _version("1.2.0", "2024-09-01", previous="1.0.0", types=["performance"], status="withdrawn"),
    ]


def test_history_table_orders_versions_semantically_oldest_first() -> None:
    table = chart_tables.history_table(_history())
    assert table["Version"].tolist() == ["1.0.0", "1.2.0", "1.10.0"]
    assert table["Change types"].tolist() == ["first version", "performance", "fix, security"]
    assert table["Status"].tolist() == ["published", "withdrawn", "published"]


def test_history_table_within_pccp_is_missing_for_the_first_version() -> None:
    within = chart_tables.history_table(_history())["Within PCCP"]
    assert within.isna().tolist() == [True, False, False]
    assert within.iloc[1:].tolist() == [True, False]


def test_history_figure_places_versions_in_order_with_change_types_in_labels() -> None:
    trace = charts.history_figure(_history()).to_plotly_json()["data"][0]
    assert list(trace["x"]) == ["2024-03-01", "2024-09-01", "2025-02-01"]
    assert trace["text"][2] == "v1.10.0<br>fix, security"
    assert trace["marker"]["symbol"] == ["circle", "x-open", "circle"]


# --- determinism and export ----------------------------------------------------------------------


def test_same_card_gives_identical_figure_json() -> None:
    def build() -> list[str]:
        card = make_card()
        study = card.performance.primary
        return [
            charts.forest_plot(study, MetricName.sensitivity).to_json(),
            charts.demographics_figure(card, SubgroupDimension.sex).to_json(),
            charts.monitoring_figure(card, MetricName.alert_rate).to_json(),
            charts.history_figure(_history()).to_json(),
            figure_embed.figure_html(charts.forest_plot(study, MetricName.sensitivity)),
        ]

    assert build() == build()


def test_figure_html_leaves_the_library_to_plotly_js_script(study: Any) -> None:
    fragment = figure_embed.figure_html(charts.forest_plot(study, MetricName.sensitivity))
    assert fragment.startswith("<figure") and "Plotly.newPlot" in fragment
    assert len(fragment) < 50_000  # the 4 MB library is not in it
    library = figure_embed.plotly_js_script()
    assert library.startswith("<script") and len(library) > 1_000_000


def test_figures_are_light(study: Any, card: ModelCard) -> None:
    figures = [
        charts.forest_plot(study, MetricName.sensitivity),
        charts.demographics_figure(card, SubgroupDimension.sex),
        charts.monitoring_figure(card, MetricName.sensitivity),
        charts.history_figure(_history()),
    ]
    assert all(len(fig.to_json()) < 30_000 for fig in figures)


def test_empty_inputs_give_titled_figures_not_errors(card: ModelCard) -> None:
    figure = charts.monitoring_figure(card, MetricName.specificity)
    layout = figure.to_plotly_json()["layout"]
    assert layout["title"]["text"] and layout["annotations"][0]["text"].startswith("No real-world")
    assert isinstance(chart_tables.demographics_table(card, SubgroupDimension.race), pd.DataFrame)
