"""Readers never see internal field paths (issue 15): the front of pack and the compare page show the
human label of a field (`versions.diff_format.field_label`)."""

from __future__ import annotations

import re

import pytest
from apptest_support import open_page
from apptest_tools import EXAMPLES_DIR, all_text, dataframes, example_devices, example_versions

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.versions.diff_format import field_label

CATALOG = Catalog.load(EXAMPLES_DIR)
# A card field path as the diff and the change notices write it: a top-level card field, then a
# `.name` or `[key]` step. Contact addresses (`...@x.example.com`) do not start with these words.
FIELD_PATH = re.compile(
    r"(?<![\w@/.-])(?:identity|intended_use|inputs|outputs|performance|data|risks|patient|monitoring"
    r"|change_notice)(?:\.[a-z_]+|\[[^\]]*\])"
)


@pytest.mark.parametrize(
    ("path", "label"),
    [
        (
            "intended_use.population_criteria[age_band].allowed",
            "Intended use › population criteria (age band) › allowed",
        ),
        ("identity.udi_di", "Identity and regulatory status › UDI-DI"),
        (
            "risks.warnings[Missed retinopathy].detail",
            "Warnings and limitations › warnings (Missed retinopathy) › detail",
        ),
        ("performance.studies[pivotal-2024].sites", "Performance › studies (pivotal-2024) › sites"),
        ("monitoring", "Monitoring"),
        ("Warnings and contraindications", "Warnings and contraindications"),  # a maker's words stay
    ],
)
def test_a_field_path_reads_as_words(path: str, label: str) -> None:
    assert field_label(path) == label


def test_under_its_section_title_a_label_leaves_the_section_out() -> None:
    assert field_label("identity.regulatory[US].pathway", section=False) == "regulatory (US) › pathway"


@pytest.mark.parametrize(("device", "version"), example_versions())
def test_the_front_of_pack_shows_no_field_path(device: str, version: str) -> None:
    shown = all_text(open_page("device", device=device, version=version, tier="front"))
    assert not FIELD_PATH.findall(shown)


@pytest.mark.parametrize("device", example_devices())
def test_the_compare_page_shows_no_field_path(device: str) -> None:
    versions = CATALOG.versions(device)
    at = open_page("compare", device=device, **{"from": versions[0], "to": versions[-1]})
    cells = " ".join(str(v) for frame in dataframes(at) for v in frame.to_numpy().ravel())
    assert not FIELD_PATH.findall(all_text(at) + " " + cells)
