"""Cached tier blocks (ui.render.prepare) hand Streamlit exactly what fresh blocks would."""

from __future__ import annotations

import pytest
from apptest_support import open_page
from apptest_tools import EXAMPLES_DIR, example_versions
from streamlit import dataframe_util

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.render.blocks import Chart, Table
from gmlp_cards.tiers.facts import TIERS, version_facts
from gmlp_cards.tiers.pages import tier_blocks
from gmlp_cards.ui import render
from gmlp_cards.ui.figures import FrozenFigure

CATALOG = Catalog.load(EXAMPLES_DIR)


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize(("device", "version"), example_versions())
def test_prepared_blocks_give_the_same_figures_and_table_bytes(device: str, version: str, tier: str) -> None:
    card = CATALOG.card(device, version)
    fresh = tier_blocks(card, tier, version_facts(CATALOG, card), CATALOG.history(device))
    prepared = render.prepare(fresh)
    assert len(prepared) == len(fresh)
    for old, new in zip(fresh, prepared, strict=True):
        if isinstance(old, Chart):
            assert isinstance(new, Chart)
            figure = new.make()
            assert isinstance(figure, FrozenFigure) and new.make() is figure
            assert figure.to_dict() == old.make().to_dict()
            assert figure.to_dict() is figure.to_dict()  # serialised once
        elif isinstance(old, Table):
            assert isinstance(new, render.PreparedTable) and new.arrow is not None
            assert dataframe_util.convert_arrow_table_to_arrow_bytes(
                new.arrow
            ) == dataframe_util.convert_pandas_df_to_arrow_bytes(old.frame)
        else:
            assert new is old


def test_a_warm_leaflet_rerun_sends_what_the_first_run_sent() -> None:
    device, version = example_versions()[-1]
    at = open_page("device", device=device, version=version, tier="leaflet", **{"all-sections": "true"})
    first = (
        [c.proto.spec for c in at.get("plotly_chart")],
        [d.proto.arrow_data.data for d in at.get("dataframe")],
        [h.proto.body for h in at.get("html")],
    )
    at.run()  # served from the caches
    assert not at.exception
    again = (
        [c.proto.spec for c in at.get("plotly_chart")],
        [d.proto.arrow_data.data for d in at.get("dataframe")],
        [h.proto.body for h in at.get("html")],
    )
    assert first == again
    assert first[0] and first[1] and first[2]
