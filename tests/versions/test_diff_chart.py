"""The overlaid forest plot of old and new estimates per subgroup, and its table equivalent."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.evidence.chart_tables import primary_metrics
from gmlp_cards.model import MetricName, ModelCard
from gmlp_cards.render.diff_chart import TABLE_COLUMNS, overlay_forest, overlay_table, primary_metric
from gmlp_cards.versions.diff import diff_cards

CLEAN_CARD = Path(__file__).resolve().parents[1] / "checks" / "clean_card.yaml"


def test_primary_metric_is_an_endpoint_metric_that_subgroups_report(examples: Catalog) -> None:
    # Sepsis Sentinel's first endpoint is AUROC, reported overall only; sensitivity has subgroups.
    assert primary_metric(examples.card("sepsis-sentinel", "1.1.0")) == (
        "temporal-2024",
        MetricName.sensitivity,
    )
    assert primary_metric(examples.card("lumen-cxr-triage", "1.1.0")) == (
        "pivotal-2022",
        MetricName.sensitivity,
    )


def test_overlay_table_has_one_row_per_subgroup_with_old_new_and_judgement(examples: Catalog) -> None:
    diff = diff_cards(examples.card("retina-dr-screen", "1.1.0"), examples.card("retina-dr-screen", "2.0.0"))
    table = overlay_table(diff, "pivotal-2024", MetricName.sensitivity)
    assert list(table.columns) == TABLE_COLUMNS
    assert table.iloc[0].to_dict() == {
        "Row": "overall",
        "Old": "0.861 (95% CI 0.806 to 0.903, n 198)",
        "New": "0.899 (95% CI 0.849 to 0.934, n 198)",
        "Judgement": "within uncertainty",
    }
    young = table[table["Row"] == "age_band = 18-21"].iloc[0]
    assert (young["Old"], young["Judgement"]) == ("—", "added")
    assert not table["Row"].str.startswith("operating point").any()


def test_overlay_figure_has_an_old_and_a_new_trace_aligned_with_the_table(examples: Catalog) -> None:
    diff = diff_cards(examples.card("sepsis-sentinel", "1.0.0"), examples.card("sepsis-sentinel", "1.1.0"))
    figure = overlay_forest(diff, "temporal-2024", MetricName.sensitivity)
    old, new = figure.data
    rows = overlay_table(diff, "temporal-2024", MetricName.sensitivity)
    assert (old.name, new.name) == ("version 1.0.0", "version 1.1.0")
    assert len(new.x) == len(rows) and new.x[0] == pytest.approx(0.749)
    assert old.x[0] == pytest.approx(0.719)
    assert figure.layout.yaxis.ticktext[0] == "overall [within uncertainty]"


def test_overlay_figure_escapes_card_text(examples: Catalog) -> None:
    diff = diff_cards(examples.card("lumen-cxr-triage", "1.0.0"), examples.card("lumen-cxr-triage", "1.1.0"))
    figure = overlay_forest(diff, "pivotal-2022", MetricName.sensitivity, label="<b>x</b>")
    assert "<b>" not in figure.layout.title.text and "&lt;b&gt;" in figure.layout.title.text


def test_the_overlay_shows_the_metric_the_leaflet_forest_plots_show() -> None:
    # No endpoints: the leaflet plots sensitivity (charts.primary_metrics); the overlay must not
    # pick PPV just because it is listed first.
    def no_endpoints_ppv_first(data: dict) -> None:
        first = data["performance"]["studies"][0]
        first["endpoints"] = []
        ppv = {
            "kind": "estimate",
            "name": "ppv",
            "n": 336,
            "estimate": 0.82,
            "lower": 0.78,
            "upper": 0.86,
            "method": "bootstrap",
        }
        first["overall"]["metrics"].insert(0, ppv)
        first["subgroups"][0]["metrics"].insert(0, ppv | {"n": 168})

    data = yaml.safe_load(CLEAN_CARD.read_text(encoding="utf-8"))
    no_endpoints_ppv_first(data)
    card = ModelCard.model_validate(data)
    study = card.performance.primary
    assert primary_metrics(study) == [MetricName.sensitivity, MetricName.specificity]
    assert primary_metric(card) == (study.id, MetricName.sensitivity)
