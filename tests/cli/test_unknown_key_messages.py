"""An unknown key is reported with the key most likely meant and the keys the format expects there."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gmlp_cards.cards.unknown_keys import expected_keys, unknown_key_message
from gmlp_cards.cli.main import main

REPO = Path(__file__).resolve().parents[2]
UNKNOWN_KEY = REPO / "tests" / "fixtures" / "cards" / "broken" / "unknown-key" / "1.0.0.yaml"


def test_validate_names_the_key_meant_and_the_keys_expected() -> None:
    out = io.StringIO()
    assert main(["validate", str(UNKNOWN_KEY)], out) == 1
    assert (
        f"{UNKNOWN_KEY}:105:11: performance.studies[0].endpoints[1].treshold: unknown field; "
        "did you mean 'threshold'? Expected here: kind, metric, analysis, threshold, margin, judged_on, "
        "stated_result, description, operating_point, arm, source"
    ) in out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("loc", "message"),
    [
        (
            ("risks", "cybersecurty"),
            "unknown field; did you mean 'cybersecurity'? Expected here: warnings, limitations, "
            "failure_modes, known_biases, under_represented, cybersecurity, privacy",
        ),
        (  # inside a list item
            ("monitoring", "snapshots", 0, "vale"),
            "unknown field; did you mean 'value'? Expected here: period_end, metric, value, lower, upper, "
            "n, software_version",
        ),
        (  # inside a mapping keyed by language
            ("patient", "texts", "en", "summry"),
            "unknown field; did you mean 'summary'? Expected here: summary, what_it_means, benefits, risks, "
            "natural_frequencies, talk_to_clinician",
        ),
        (  # nothing close enough: only the keys expected
            ("identity", "manufacturer", "emal"),
            "unknown field; it is not part of the card format. Expected here: name, contact_email, "
            "website, address",
        ),
    ],
)
def test_the_message_follows_the_model_to_the_mapping(loc: tuple[str | int, ...], message: str) -> None:
    assert unknown_key_message(loc) == message


def test_a_tagged_union_arm_is_followed_by_its_tag_even_where_the_tag_is_also_a_field_name() -> None:
    # pydantic puts the arm's tag (`estimate`) in the location; EstimateMetric also has a field `estimate`.
    loc = ("performance", "studies", 0, "overall", "metrics", 0, "estimate")
    assert expected_keys(loc) == [
        "name",
        "label",
        "unit",
        "scale",
        "direction",
        "target",
        "analysis",
        "n",
        "source",
        "explanation",
        "lower",
        "upper",
        "level",
        "sides",
        "method",
        "cluster",
        "se",
        "p_value",
        "kind",
        "estimate",
        "x",
    ]


def test_a_place_the_model_does_not_have_keeps_the_plain_message() -> None:
    assert unknown_key_message(("nowhere", 3, "x")) == (
        "unknown field; it is not part of the card format (check the spelling)"
    )
