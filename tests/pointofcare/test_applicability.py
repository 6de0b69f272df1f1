"""Applicability: a described patient placed against the card's intended population and subgroups."""

from typing import Any

import pytest

from gmlp_cards.evidence.applicability import Fit, assess, dimension_choices
from gmlp_cards.model import ModelCard, SubgroupDimension

AGE, SEX, SITE = SubgroupDimension.age_band, SubgroupDimension.sex, SubgroupDimension.site


@pytest.fixture
def card(card_dict: dict[str, Any]) -> ModelCard:
    # The fixture card: population criterion on age band (22-44, 45-64, 65+); subgroups by sex.
    return ModelCard.model_validate(card_dict)


def test_choices_list_criteria_groups_then_subgroup_groups(card: ModelCard) -> None:
    assert dimension_choices(card) == {AGE: ["22-44", "45-64", "65+"], SEX: ["female", "male"]}


def test_patient_inside_the_population_with_matching_subgroup_evidence(card: ModelCard) -> None:
    result = assess(card, {AGE: "45-64", SEX: "female"})
    assert result.population_fit is Fit.inside
    assert [(m.row.dimension, m.row.group) for m in result.rows] == [(SEX, "female")]
    assert result.no_evidence == [(AGE, "45-64")]


def test_patient_outside_the_population_names_the_cards_statement(card: ModelCard) -> None:
    result = assess(card, {AGE: "under 22"})
    assert result.population_fit is Fit.outside
    (criterion,) = result.criteria
    assert criterion.fit is Fit.outside
    assert criterion.statement == "Adults aged 22 and over."


def test_partial_evidence_reports_what_the_card_is_silent_about(card: ModelCard) -> None:
    result = assess(card, {SEX: "male", SITE: "Rural clinic"})
    assert result.population_fit is Fit.not_stated
    assert [m.row.group for m in result.rows] == ["male"]
    assert result.no_evidence == [(SITE, "Rural clinic")]


def test_no_evidence_at_all(card: ModelCard) -> None:
    result = assess(card, {SITE: "Rural clinic"})
    assert result.rows == []
    assert result.no_evidence == [(SITE, "Rural clinic")]
    assert result.criteria[0].fit is Fit.not_stated


def test_one_outside_criterion_outweighs_others_inside(card: ModelCard, card_dict: dict[str, Any]) -> None:
    card_dict["intended_use"]["population_criteria"].append(
        {"dimension": "sex", "allowed": ["female"], "statement": "Women only."}
    )
    narrowed = ModelCard.model_validate(card_dict)
    assert assess(narrowed, {AGE: "45-64", SEX: "male"}).population_fit is Fit.outside
    assert assess(narrowed, {AGE: "45-64", SEX: "female"}).population_fit is Fit.inside
