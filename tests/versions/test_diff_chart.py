"""The overlaid forest plot of old and new estimates per subgroup, and its table equivalent."""

from __future__ import annotations

import pytest

from gmlp_cards.catalog import Catalog
from gmlp_cards.diff import diff_cards
from gmlp_cards.diff_chart import TABLE_COLUMNS, overlay_forest, overlay_table, primary_metric
from gmlp_cards.model import MetricName


def test_primary_metric_is_an_endpoint_metric_that_subgroups_report(examples: Catalog) -> None:
    # Sepsis Sentinel's first endpoint is AUROC, reported overall only; sensitivity has subgroups.
    assert primary_metric(examples.card("sepsis-sentinel", "1.1.0")) == ("temporal-2024",
                                                                         MetricName.sensitivity)
    assert primary_metric(examples.card("lumen-cxr-triage", "1.1.0")) == ("pivotal-2022",
                                                                          MetricName.sensitivity)


def test_overlay_table_has_one_row_per_subgroup_with_old_new_and_judgement(examples: Catalog) -> None:
    diff = diff_cards(examples.card("retina-dr-screen", "1.1.0"), examples.card("retina-dr-screen", "2.0.0"))
    table = overlay_table(diff, "pivotal-2024", MetricName.sensitivity)
    assert list(table.columns) == TABLE_COLUMNS
    assert table.iloc[0].to_dict() == {"Row": "overall", "Old": "0.861 (0.806–0.903)",
                                       "New": "0.899 (0.849–0.934)", "Judgement": "within uncertainty"}
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
