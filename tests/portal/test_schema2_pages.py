"""A schema-2 card on the reader pages (AppTest): each number's analysis, sides, method, what was
recomputed and the maker's explanation are visible wherever the number is shown."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from apptest_support import open_page
from apptest_tools import all_text, dataframes
from schema2_examples import PPV_UNRECONCILED, WORST_CASE, irreproducible_ppv

CLEAN = Path(__file__).resolve().parents[1] / "checks" / "clean_card.yaml"
NOTE = "The published upper bound cannot be reproduced by any standard method (Table 9, p. 14)."


def schema2_card() -> dict[str, Any]:
    data = copy.deepcopy(yaml.safe_load(CLEAN.read_text(encoding="utf-8")))
    data["schema_version"] = 2
    data["risks"]["privacy"] = {"not_stated": "the decision summary does not describe it"}
    overall = data["performance"]["studies"][0]["overall"]
    overall["metrics"] += [
        WORST_CASE,
        irreproducible_ppv(text=NOTE, unreconciled=[PPV_UNRECONCILED]),
    ]
    return data


@pytest.fixture
def schema2_cards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "clean-dr-screen"
    folder.mkdir()
    (folder / "1.0.0.yaml").write_text(yaml.safe_dump(schema2_card(), sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("GMLP_CARDS_DIR", str(tmp_path))
    return tmp_path


def overall_table(at: Any) -> Any:
    return next(d for d in dataframes(at) if "Analysis" in d.columns)


def test_the_leaflet_shows_analysis_sides_method_check_and_explanation(schema2_cards: Path) -> None:
    at = open_page("device", device="clean-dr-screen", tier="leaflet", sections="Clinical performance")
    table = overall_table(at)
    worst = table[table["Analysis"] == "worst case"].iloc[0]
    assert worst["Metric"] == "Sensitivity"
    assert worst["Estimate"] == "87.9%"
    assert worst["Interval"] == "90% one-sided lower bound 84.6%"
    assert worst["n"] == "174 of 198"
    assert worst["Interval method"] == "Wilson score"
    assert worst["Checked"] == (
        "recomputed: estimate = 174/198; 90% one-sided lower Wilson score interval from 174/198"
    )
    ppv = table[table["Metric"] == "Positive predictive value"].iloc[0]
    assert ppv["Interval"] == "95% CI 77.7% to 93.2%"
    assert ppv["Note"] == NOTE


def test_a_fact_the_source_does_not_state_reads_not_stated(schema2_cards: Path) -> None:
    at = open_page("device", device="clean-dr-screen", tier="leaflet", **{"all-sections": "true"})
    shown = all_text(at)  # facts are drawn as escaped HTML cards
    assert "Not stated in the source: the decision summary does not describe it" in shown


TRANSCRIBED = "Transcribed from public FDA documents by the GMLP Cards project."


@pytest.mark.parametrize("tier", ["front", "back", "leaflet"])
def test_a_card_the_manufacturer_did_not_issue_says_so_on_every_tier(schema2_cards: Path, tier: str) -> None:
    path = schema2_cards / "clean-dr-screen" / "1.0.0.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["identity"]["transcription"] = TRANSCRIBED
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    at = open_page("device", device="clean-dr-screen", tier=tier)
    shown = [str(i.value) for i in at.info]
    if tier == "leaflet":  # in full; the glance tiers say it in a badge under the title
        assert f"Not issued by the manufacturer. {TRANSCRIBED}" in shown
    else:
        assert not any(text.startswith("Not issued") for text in shown)
        assert "Not issued by the manufacturer · transcribed from public documents" in all_text(at)
    patient = open_page("patient", device="clean-dr-screen")
    assert f"Not issued by the manufacturer. {TRANSCRIBED}" in all_text(patient)
