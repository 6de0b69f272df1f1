"""Representativeness: data shares against the intended population, per dimension and role."""

from __future__ import annotations

from typing import Any

from check_cards import codes, make_card

from gmlp_cards.checks import compare, representativeness_findings
from gmlp_cards.checks.representativeness import Representation, pooled_shares
from gmlp_cards.model import Dataset, ModelCard, SubgroupDimension


def _shares(**percent: float) -> list[dict[str, Any]]:
    return [{"group": group.replace("_", "-"), "percent": value} for group, value in percent.items()]


def set_test_shares(dimension: str, **percent: float) -> Any:
    def edit(data: dict[str, Any]) -> None:
        for dist in data["data"]["test"][0]["demographics"]:
            if dist["dimension"] == dimension:
                dist["shares"] = _shares(**percent)

    return edit


def test_clean_card_is_representative(clean_card: ModelCard) -> None:
    assert representativeness_findings(clean_card) == []


def test_group_under_half_its_intended_share_in_test_is_flagged() -> None:
    card = make_card(set_test_shares("sex", female=20, male=80))
    findings = representativeness_findings(card)
    assert codes(findings) == ["representation.under"]
    assert findings[0].field == "data.test"
    assert "'female' is 20.0% against 49% of the intended population" in findings[0].message


def test_group_at_just_over_half_its_share_is_adequate() -> None:
    card = make_card(set_test_shares("sex", female=25, male=75))  # 25 >= 49 / 2
    assert representativeness_findings(card) == []


def test_group_absent_from_test_is_flagged_as_absent() -> None:
    card = make_card(set_test_shares("age_band", **{"22_44": 50, "45_64": 50}))
    assert codes(representativeness_findings(card)) == ["representation.absent"]


def test_under_representation_in_training_is_flagged_separately() -> None:
    def training(data: dict[str, Any]) -> None:
        data["data"]["training"][0]["demographics"][0]["shares"] = _shares(female=10, male=90)

    findings = representativeness_findings(make_card(training))
    assert [(f.code, f.field) for f in findings] == [("representation.under", "data.training")]
    assert findings[0].patient_message is None  # patients are told about what was tested


def test_dataset_not_reporting_an_intended_dimension_is_reported_missing() -> None:
    def drop_age(data: dict[str, Any]) -> None:
        data["data"]["test"][0]["demographics"].pop(1)

    findings = representativeness_findings(make_card(drop_age))
    assert [(f.code, f.field) for f in findings] == [
        ("representation.dimension-missing", "data.test[0].demographics")
    ]


def test_intended_population_without_age_or_sex_is_reported_missing() -> None:
    def drop_age(data: dict[str, Any]) -> None:
        data["data"]["intended_population"]["demographics"].pop(1)

    findings = representativeness_findings(make_card(drop_age))
    assert [(f.code, f.field) for f in findings] == [
        ("representation.dimension-missing", "data.intended_population.demographics")
    ]


def test_groups_match_regardless_of_case_and_spaces() -> None:
    card = make_card(set_test_shares("sex", Female=50, MALE=50))
    assert representativeness_findings(card) == []


def test_datasets_of_a_role_are_pooled_by_patients() -> None:
    base = make_card().data.test[0]
    small = base.model_copy(
        update={
            "n_patients": 500,
            "demographics": [
                base.demographics[0].model_copy(
                    update={"shares": [base.demographics[0].shares[0].model_copy(update={"percent": 100.0})]}
                )
            ],
        }
    )
    large = base.model_copy(update={"n_patients": 1500})
    pooled = pooled_shares([small, large], SubgroupDimension.sex)
    assert pooled == {"female": 62.5, "male": 37.5}


def test_a_dataset_silent_on_a_dimension_leaves_the_role_not_reported() -> None:
    silent: Dataset = make_card().data.test[0].model_copy(update={"demographics": []})
    assert pooled_shares([make_card().data.test[0], silent], SubgroupDimension.sex) is None


def test_comparison_lists_every_intended_group_with_both_roles(clean_card: ModelCard) -> None:
    sex = compare(clean_card)[0]
    assert sex.dimension is SubgroupDimension.sex
    assert [(g.group, g.intended, g.shares["test"], g.status["training"]) for g in sex.groups] == [
        ("female", 49.0, 50.0, Representation.adequate),
        ("male", 51.0, 50.0, Representation.adequate),
    ]
