"""Independence of test from training data: shared sites, stated split unit, time order."""

from __future__ import annotations

from typing import Any

import pytest
from check_cards import codes, make_card, study

from gmlp_cards.checks import independence, independence_findings
from gmlp_cards.formats.hti1 import NOT_PROVIDED, hti1_attributes
from gmlp_cards.model import ModelCard


def share_site(site: str = "Clinic A") -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["data"]["training"][0]["sites"].append(site)

    return edit


def split_by(unit: str) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["data"]["split_unit"] = unit

    return edit


def justify(data: dict[str, Any]) -> None:
    data["data"]["overlap_justification"] = "Different patients and years at Clinic A."


def test_clean_card_is_independent(clean_card: ModelCard) -> None:
    assert independence_findings(clean_card) == []


def test_report_lists_split_unit_and_sites(clean_card: ModelCard) -> None:
    report = independence(clean_card)
    assert report.split_unit.value == "site"
    assert report.training_sites == ("Hospital X", "Hospital Y")
    assert report.test_sites == ("Clinic A", "Clinic B", "Clinic C")
    assert report.shared_sites == ()


def test_shared_site_without_justification_is_flagged() -> None:
    findings = independence_findings(make_card(split_by("patient"), share_site()))
    assert codes(findings) == ["independence.shared-sites-unjustified"]
    assert "Clinic A" in findings[0].message


def test_shared_site_with_a_justification_is_not_flagged() -> None:
    assert independence_findings(make_card(split_by("patient"), share_site(), justify)) == []


def test_shared_site_contradicts_a_split_by_site_even_when_justified() -> None:
    findings = independence_findings(make_card(share_site(), justify))
    assert codes(findings) == ["independence.split-contradicted"]


def test_split_by_site_and_time_is_named_plainly() -> None:
    findings = independence_findings(make_card(split_by("site_and_time"), share_site()))
    assert "split by site and time, yet these sites appear in both: Clinic A." in findings[0].message


@pytest.mark.parametrize("typed", ["clinic a ", "Clinic   a"], ids=["case", "runs-of-spaces"])
def test_site_names_are_compared_ignoring_case_and_spacing(typed: str) -> None:
    report = independence(make_card(split_by("patient"), share_site(typed)))
    assert report.shared_sites == ("Clinic A",)


def test_study_sites_count_as_test_sites() -> None:
    def study_at_training_site(data: dict[str, Any]) -> None:
        study(data)["sites"].append("Hospital X")

    findings = independence_findings(make_card(split_by("patient"), study_at_training_site))
    assert codes(findings) == ["independence.shared-sites-unjustified"]


def test_time_split_with_test_collected_before_training_ended_is_flagged() -> None:
    def late_training(data: dict[str, Any]) -> None:
        data["data"]["training"][0]["collection_end"] = "2024-03-31"

    findings = independence_findings(make_card(split_by("time"), late_training))
    assert codes(findings) == ["independence.split-contradicted"]
    assert "split by time" in findings[0].message


def test_the_hti1_export_and_the_check_agree_on_what_is_external() -> None:
    # The study ran at a training site typed differently: the check calls it shared, so HTI-1 must
    # report the study as internal validation, not as external.
    def study_at_training_site(data: dict[str, Any]) -> None:
        study(data)["sites"] = ["hospital  x"]

    card = make_card(split_by("patient"), study_at_training_site)
    assert independence(card).shared_sites == ("hospital x",)
    rows = {a["id"]: a for g in hti1_attributes(card)["groups"] for a in g["attributes"]}
    title = card.performance.studies[0].title
    assert title in rows["internal_validity"]["value"]
    assert rows["external_validity"]["value"] == NOT_PROVIDED
