"""Coverage ratings carry their reason; a maker may declare an item "not applicable, because ..."
(schema 2), which validation checks and readers see in the leaflet (issue 16, item 7)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from check_cards import make_card, study, write_card

from gmlp_cards.cards.loader import load_card
from gmlp_cards.checks.coverage import (
    Coverage,
    coverage_findings,
    information_coverage,
    principle_coverage,
)
from gmlp_cards.cli.main import main
from gmlp_cards.errors import CardError
from gmlp_cards.render.blocks import Facts, Table
from gmlp_cards.tiers.finding_blocks import coverage_summary_blocks

OTC = "Over-the-counter device: no clinician reads its output, so no reader study was run."


def schema_2(data: dict[str, Any]) -> None:
    data["schema_version"] = 2


def without_reader_study(data: dict[str, Any]) -> None:
    del study(data)["reader_study"]


def declare(item: str, because: str = OTC) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data.setdefault("not_applicable", []).append({"item": item, "because": because})

    return edit


def terse_output(data: dict[str, Any]) -> None:
    data["outputs"]["interpretation"] = "Positive means refer."


def one_dimension(data: dict[str, Any]) -> None:
    study(data)["subgroups"] = study(data)["subgroups"][:2]  # two groups of sex only


def item(card: Any, key: str) -> Any:
    return next(i for i in information_coverage(card) if i.item.key == key)


def test_a_thin_text_says_which_field_and_how_many_words_against_the_threshold() -> None:
    rated = item(make_card(terse_output), "reading_output")
    assert rated.status is Coverage.thin
    assert rated.reason == "outputs.interpretation has 3 words, fewer than 8"


def test_a_thin_list_says_how_many_items_against_how_many_expected() -> None:
    rated = item(make_card(one_dimension), "subgroup_performance")
    assert rated.reason == (
        "performance.studies[*].subgroups[*].dimension has 1 distinct value, fewer than the 2 expected"
    )


def test_a_principle_short_of_present_has_its_reason_and_what_to_add() -> None:
    seventh = principle_coverage(make_card(without_reader_study))[6]
    assert (seventh.status, seventh.reason) == (
        Coverage.thin,
        "performance.studies[*].reader_study is not given (add it)",
    )


def test_the_lint_text_gives_each_rating_its_reason(tmp_path: Path) -> None:
    path = write_card(tmp_path, terse_output, without_reader_study)
    out = io.StringIO()
    main(["lint", str(path)], out)
    lines = out.getvalue().splitlines()
    assert "  thin     How to read the output (outputs.interpretation has 3 words, fewer than 8)" in lines
    assert "  principle 7 thin: performance.studies[*].reader_study is not given (add it)" in lines


def test_a_declared_principle_is_not_applicable_with_the_makers_reason() -> None:
    card = make_card(schema_2, without_reader_study, declare("principle_7"))
    seventh = principle_coverage(card)[6]
    assert (seventh.status, seventh.reason) == (Coverage.not_applicable, f"not applicable: {OTC}")


def test_a_declared_item_is_never_counted_thin_or_missing() -> None:
    reason = "The output is a single number shown by the clinician's own device."

    def no_basis(data: dict[str, Any]) -> None:
        data["outputs"]["basis"] = "A score."

    card = make_card(schema_2, no_basis, declare("basis", reason))
    assert item(card, "basis").status is Coverage.not_applicable
    assert coverage_findings(card) == []
    assert principle_coverage(card)[8].status is Coverage.present  # principle 9 without that item
    thin = make_card(schema_2, no_basis)
    assert [f.code for f in coverage_findings(thin)] == ["coverage.thin"]  # the same card, undeclared


def test_the_leaflet_shows_the_reason_an_item_does_not_apply() -> None:
    card = make_card(schema_2, without_reader_study, declare("principle_7"))
    blocks = coverage_summary_blocks(card)
    facts = next(b for b in blocks if isinstance(b, Facts)).items
    table = next(b for b in blocks if isinstance(b, Table)).frame
    seventh = table[table["Principle"] == 7].iloc[0]
    assert (seventh["Card evidence"], seventh["Why"]) == ("not applicable", f"not applicable: {OTC}")
    assert facts[0] == ("Essential information for users (principle 9)", "12 of 12 items present")


def test_the_leaflet_lists_a_declared_item_with_its_reason() -> None:
    reason = "The device has one fixed output; there is nothing to read."
    card = make_card(schema_2, terse_output, declare("reading_output", reason))
    facts = next(b for b in coverage_summary_blocks(card) if isinstance(b, Facts)).items
    assert facts == (
        ("Essential information for users (principle 9)", "11 of 12 items present, 1 not applicable"),
        ("Not applicable: How to read the output", reason),
    )


def _problems(path: Path) -> list[str]:
    with pytest.raises(CardError) as raised:
        load_card(path)
    return [f"{p.field}: {p.message}" for p in raised.value.problems]


def test_an_unknown_item_key_is_refused_with_did_you_mean(tmp_path: Path) -> None:
    problems = _problems(write_card(tmp_path, schema_2, without_reader_study, declare("principle7")))
    assert len(problems) == 1
    assert problems[0].startswith("not_applicable[0].item: Input should be 'intended_use'")
    assert problems[0].endswith("(you wrote 'principle7'; did you mean 'principle_7'?)")


def test_principle_9_cannot_be_declared_not_applicable(tmp_path: Path) -> None:
    problems = _problems(write_card(tmp_path, schema_2, declare("principle_9")))
    assert problems[0].startswith("not_applicable[0].item: Input should be")
    assert "'principle_9'" not in problems[0].split("(you wrote")[0]


def test_a_declared_item_the_card_gives_in_full_is_a_contradiction(tmp_path: Path) -> None:
    problems = _problems(write_card(tmp_path, schema_2, declare("workflow", "No workflow.")))
    assert problems == [
        "not_applicable[0].item: declares 'workflow' not applicable, but the card gives it in full "
        "(intended_use.workflow); remove the declaration, or the content if it truly does not apply"
    ]


def test_the_reason_is_required(tmp_path: Path) -> None:
    problems = _problems(write_card(tmp_path, schema_2, without_reader_study, declare("principle_7", "  ")))
    assert problems == ["not_applicable[0].because: give the reason it does not apply; readers are shown it"]


def test_schema_1_has_no_not_applicable(tmp_path: Path) -> None:
    problems = _problems(write_card(tmp_path, without_reader_study, declare("principle_7")))
    assert problems == [": not_applicable is a schema 2 field; set schema_version: 2 (`gmlp-cards migrate`)"]


def test_lint_json_gives_reasons_and_the_declaration(tmp_path: Path) -> None:
    path = write_card(tmp_path, schema_2, without_reader_study, declare("principle_7"))
    out = io.StringIO()
    assert main(["lint", str(path), "--format", "json"], out) == 0
    principles = json.loads(out.getvalue())["cards"][0]["principles"]
    assert principles[6] == {
        "number": 7,
        "title": "The human and the device, together",
        "status": "not_applicable",
        "reason": f"not applicable: {OTC}",
    }
