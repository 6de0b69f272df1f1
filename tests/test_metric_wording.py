"""One way to write a metric's interval (model.formatting) and one criterion rule (model.criteria),
read by the leaflet tables, the forest plots, the diff and the HTI-1 export alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from metric_support import percent_estimate

from gmlp_cards.evidence import chart_tables
from gmlp_cards.evidence.results import describe, population_table
from gmlp_cards.model import EstimateMetric, MetricName, ModelCard, SplitUnit
from gmlp_cards.model.data import DemographicInput
from gmlp_cards.model.formatting import interval_text
from gmlp_cards.model.monitoring import Direction
from gmlp_cards.model.performance import EndpointKind
from gmlp_cards.render import charts

CLEAN_CARD = Path(__file__).parent / "checks" / "clean_card.yaml"


def _card(*edits: Any) -> ModelCard:
    data = yaml.safe_load(CLEAN_CARD.read_text(encoding="utf-8"))
    for edit in edits:
        edit(data["performance"]["studies"][0])
    return ModelCard.model_validate(data)


def test_an_interval_is_written_with_its_own_level() -> None:
    assert interval_text(0.81, 0.93, 0.90) == "90% CI 0.81 to 0.93"
    assert interval_text(0.81, 0.93, 0.975) == "97.5% CI 0.81 to 0.93"


def test_a_one_sided_bound_is_named_as_a_bound() -> None:
    assert interval_text(0.851, None, 0.95) == "95% lower bound 0.851"
    assert interval_text(None, 0.12, 0.90) == "90% upper bound 0.12"


def test_no_bound_and_no_level_are_said_in_words_never_none() -> None:
    assert interval_text(None, None, 0.95) == "no interval"
    assert interval_text(0.8, 0.9, None) == "CI 0.8 to 0.9"


def test_the_leaflet_describes_a_one_sided_bound_without_an_empty_end() -> None:
    metric = EstimateMetric(
        kind="estimate",
        name=MetricName.sensitivity,
        estimate=0.9,
        lower=0.851,
        sides="lower",
        method="bootstrap",
        level=0.95,
        n=200,
    )
    assert describe(metric) == "90% (95% one-sided lower bound 85.1%; bootstrap), n = 200"


def test_percent_and_proportion_are_written_on_one_scale_with_their_digits() -> None:
    as_percent = percent_estimate("specificity", 87.4, 84.1, 90.2)
    as_share = EstimateMetric(
        kind="estimate", name="sensitivity", estimate=0.82, lower=0.751, upper=0.876, method="wilson"
    )
    assert describe(as_percent) == "87.4% (95% CI 84.1% to 90.2%; Clopper-Pearson (exact))"
    assert describe(as_share) == "82% (95% CI 75.1% to 87.6%; Wilson score)"


def _ninety_percent_subgroups(study: dict[str, Any]) -> None:
    for row in study["subgroups"]:
        for metric in row["metrics"]:
            metric.update(method="bootstrap", level=0.90)


def test_forest_plot_hover_and_axis_state_the_intervals_level() -> None:
    study = _card(_ninety_percent_subgroups).performance.studies[0]
    figure = charts.forest_plot(study, MetricName.sensitivity)
    hovers = [text for trace in figure.data for text in trace.customdata]
    assert hovers and all("90% CI" in text and "95%" not in text for text in hovers)
    assert figure.layout.xaxis.title.text == "Sensitivity (90% confidence interval)"


def test_forest_plot_does_not_flag_a_group_that_meets_a_criterion_judged_on_the_estimate() -> None:
    # The endpoint asks for an estimate of at least 0.80; a group at 0.88 (lower bound 0.79) meets it.
    def on_estimate_with_a_wide_group(study: dict[str, Any]) -> None:
        study["endpoints"][0]["judged_on"] = "estimate"
        study["subgroups"].append(
            {
                "dimension": "site",
                "group": "Clinic C",
                "n": 200,
                "metrics": [
                    {
                        "kind": "estimate",
                        "name": "sensitivity",
                        "n": 100,
                        "estimate": 0.88,
                        "lower": 0.79,
                        "upper": 0.95,
                        "method": "bootstrap",
                    }
                ],
            }
        )

    study = _card(on_estimate_with_a_wide_group).performance.studies[0]
    table = chart_tables.forest_table(study, MetricName.sensitivity)
    clinic = table[table["Group"] == "Clinic C"].iloc[0]
    assert not clinic["Below criterion"]


def test_the_leaflet_population_table_keeps_two_datasets_that_share_a_name() -> None:
    # One reader of demographic sources (chart_tables.demographic_sources) for the chart and the table:
    # a second "Development set" gets its own column instead of overwriting the first.
    data = yaml.safe_load(CLEAN_CARD.read_text(encoding="utf-8"))
    second = {
        **data["data"]["training"][0],
        "demographics": [
            {
                "dimension": "sex",
                "shares": [{"group": "female", "percent": 70}, {"group": "male", "percent": 30}],
            }
        ],
    }
    data["data"]["training"].append(second)
    table = population_table(ModelCard.model_validate(data))
    female = table[(table["Dimension"] == "Sex") & (table["Group"] == "female")].iloc[0]
    assert female["Training: Development set"] == "48.5"
    assert female["Training: Development set (2)"] == "70.0"


def test_a_card_enum_value_is_worded_with_spaces_by_one_rule() -> None:
    # CardEnum.label: the words the leaflet, the HTI-1 export and the endpoint table print.
    assert SplitUnit.site_and_time.label == "site and time"
    assert EndpointKind.non_inferiority.label == "non inferiority"
    assert Direction.at_least.label == "at least"
    assert DemographicInput.social_determinants_of_health.label == "social determinants of health"
