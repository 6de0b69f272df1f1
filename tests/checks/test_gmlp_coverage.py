"""GMLP coverage: principle 9 items present, thin or missing; every principle mapped to real fields."""

from __future__ import annotations

from typing import Any

from check_cards import codes, make_card, study

from gmlp_cards.checks import INFORMATION_ITEMS, PRINCIPLES, Coverage, coverage_findings, principle_coverage
from gmlp_cards.checks.coverage import information_coverage, resolve
from gmlp_cards.model import ModelCard


def test_clean_card_covers_every_information_item(clean_card: ModelCard) -> None:
    assert coverage_findings(clean_card) == []
    assert {i.status for i in information_coverage(clean_card)} == {Coverage.present}


def test_principle_9_lists_the_twelve_items_of_the_issue() -> None:
    assert [i.key for i in INFORMATION_ITEMS] == [
        "intended_use",
        "benefits_risks",
        "subgroup_performance",
        "study_methodology",
        "data",
        "inputs",
        "limitations",
        "reading_output",
        "workflow",
        "basis",
        "updates",
        "report_concerns",
    ]


def test_ten_principles_in_order() -> None:
    assert [p.number for p in PRINCIPLES] == list(range(1, 11))


def test_every_mapped_field_is_a_real_card_field(clean_card: ModelCard) -> None:
    # A renderer reading a field that does not exist would silently show nothing.
    for principle in PRINCIPLES:
        for part in principle.parts:
            resolve(clean_card, part.path)


def test_short_text_is_thin() -> None:
    def terse(data: dict[str, Any]) -> None:
        data["outputs"]["interpretation"] = "Positive means refer."

    findings = coverage_findings(make_card(terse))
    assert codes(findings) == ["coverage.thin"]
    assert findings[0].field == "outputs.interpretation"
    assert "'How to read the output' is thin" in findings[0].message and "3 words" in findings[0].message


def test_subgroups_on_a_single_dimension_are_thin() -> None:
    def only_sex(data: dict[str, Any]) -> None:
        study(data)["subgroups"] = study(data)["subgroups"][:2]

    assert codes(coverage_findings(make_card(only_sex))) == ["coverage.thin"]


def test_no_subgroup_results_is_missing() -> None:
    def none(data: dict[str, Any]) -> None:
        study(data)["subgroups"] = []

    findings = coverage_findings(make_card(none))
    assert codes(findings) == ["coverage.missing"]
    assert "'Performance in subgroups' is missing" in findings[0].message


def test_no_pre_specified_endpoint_makes_study_methodology_thin() -> None:
    def none(data: dict[str, Any]) -> None:
        study(data)["endpoints"] = []

    assert codes(coverage_findings(make_card(none))) == ["coverage.thin"]


def test_principles_outside_9_are_reported_but_raise_no_findings() -> None:
    def no_reader_study(data: dict[str, Any]) -> None:
        del study(data)["reader_study"]

    card = make_card(no_reader_study)
    assert principle_coverage(card)[6].status is Coverage.thin  # principle 7: human-AI team
    assert coverage_findings(card) == []
