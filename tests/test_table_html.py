"""Tables of sentences as wrapping, escaped HTML, and the one reader stylesheet (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats.html import tier_document
from gmlp_cards.render import table_html
from gmlp_cards.tiers.facts import version_facts
from gmlp_cards.ui import render


def test_cells_and_headers_are_escaped_and_each_cell_names_its_column() -> None:
    frame = pd.DataFrame({"Group <b>": ["<script>alert(1)</script>"], "Why": ["too wide & low"]})
    drawn = table_html.table_html("Cautions <i>", frame, "a note <u>")
    assert "<script>" not in drawn and "<b>" not in drawn and "<i>" not in drawn and "<u>" not in drawn
    assert '<td data-label="Group &lt;b&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</td>' in drawn
    assert '<td data-label="Why">too wide &amp; low</td>' in drawn
    assert "<caption>Cautions &lt;i&gt;</caption>" in drawn and "a note &lt;u&gt;" in drawn


def test_missing_values_are_empty_cells() -> None:
    drawn = table_html.table_html("T", pd.DataFrame({"A": [None, float("nan")], "B": [1, 2]}))
    assert drawn.count('<td data-label="A"></td>') == 2
    assert '<td data-label="B">1</td>' in drawn


def test_a_table_with_a_sentence_is_drawn_as_text_and_a_number_grid_is_not() -> None:
    sentence = "Lower bound 71.2% is below the criterion 80%."  # 46 characters
    assert table_html.draws_as_text(pd.DataFrame({"Why": [sentence], "n": [12]}))
    assert not table_html.draws_as_text(pd.DataFrame({"Metric": ["Sensitivity"], "Estimate": [0.91]}))
    assert not table_html.draws_as_text(pd.DataFrame({"Metric": ["x" * 32]}))
    assert table_html.draws_as_text(pd.DataFrame({"Metric": ["x" * 33]}))


def test_on_a_phone_rows_stack_with_each_column_name_before_its_value() -> None:
    phone = table_html.READER_CSS[table_html.READER_CSS.index("@media (max-width: 640px)") :]
    assert "table.gc-table td::before {content: attr(data-label)" in phone
    assert (
        "table.gc-table, table.gc-table tbody, table.gc-table tr, table.gc-table td {display: block;}"
        in phone
    )


def test_the_portal_and_the_export_share_the_one_reader_stylesheet() -> None:
    catalog = Catalog.load(Path(__file__).resolve().parents[1] / "model_cards")
    card = catalog.card("lumen-cxr-triage", catalog.latest_version("lumen-cxr-triage") or "")
    # The portal's styles open with the reader stylesheet; the rest styles what only a screen has.
    assert render.STYLE.startswith(f"<style>{table_html.READER_CSS}")
    assert table_html.READER_CSS in tier_document(card, "front", version_facts(catalog, card))
