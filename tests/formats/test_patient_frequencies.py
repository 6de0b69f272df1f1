"""Natural frequencies on the patient page: one denominator per page, never rounded to all or none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.evidence.icon_array import frequency, page_denominator
from gmlp_cards.evidence.patient_facts import Language
from gmlp_cards.render.blocks import Bullets, Heading, Markdown, Table
from gmlp_cards.tiers.facts import version_facts
from gmlp_cards.tiers.patient import patient_blocks
from gmlp_cards.tiers.patient_words import frequency_text

ROOT = Path(__file__).resolve().parents[2]
CATALOG = Catalog.load(ROOT / "model_cards")
VERSIONS = [(d, v) for d in CATALOG.device_ids() for v in CATALOG.versions(d)]


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (0.957, "about 957 in 1,000"),
        (0.9996, "more than 999 in 1,000"),
        (0.0004, "fewer than 1 in 1,000"),
        (0.9868, "about 987 in 1,000"),
        (0.0025, "about 3 in 1,000"),  # half up, as a reader rounds (not half to even)
        (0.0, "0 in 1,000"),
        (1.0, "1,000 in 1,000"),
    ],
)
def test_a_share_per_1000_is_worded_without_false_certainty(share: float, words: str) -> None:
    assert frequency_text("en", frequency(share, 1000)) == words


def test_an_npv_of_95_7_percent_is_not_10_out_of_10() -> None:
    # Issue 14/15: the page once said "about 10 out of 10 people like you really do not have it".
    assert frequency_text("en", frequency(0.957, 1000)) == "about 957 in 1,000"
    assert frequency_text("en", frequency(0.957, 100)) == "about 96 in 100"
    assert frequency_text("en", frequency(0.996, 100)) == "more than 99 in 100"


def test_a_drawn_count_of_none_or_all_is_still_worded_as_fewer_or_more() -> None:
    # An icon array draws whole people; a share above 0 drawn as no mark is "fewer than 1".
    assert frequency_text("en", frequency(0.0003, 1000, count=0)) == "fewer than 1 in 1,000"
    assert frequency_text("en", frequency(0.9997, 1000, count=1000)) == "more than 999 in 1,000"
    assert frequency_text("en", frequency(0.027, 1000, count=27)) == "about 27 in 1,000"


def test_korean_words_the_same_frequencies() -> None:
    assert frequency_text("ko", frequency(0.957, 1000)) == "1,000명 중 약 957명"
    assert frequency_text("ko", frequency(0.0004, 1000)) == "1,000명 중 1명 미만"
    assert frequency_text("ko", frequency(0.9996, 1000)) == "1,000명 중 999명 초과"


def test_a_share_outside_0_to_1_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        frequency(1.2, 1000)


def test_the_page_counts_per_100_only_when_every_figure_is_whole_per_100() -> None:
    assert page_denominator([0.08, 0.5, 0.25, 0.0, 1.0]) == 100
    assert page_denominator([0.08, 0.957]) == 1000
    assert page_denominator([0.08, 0.0736]) == 1000  # 7.36 per 100 is not a whole person
    assert page_denominator([0.07, 0.29]) == 100  # 0.07 * 100 is 7.000000000000001 in floats


def _words(device: str, version: str) -> str:
    card = CATALOG.card(device, version)
    lang = Language(card.patient.default_language, None)
    parts: list[str] = []
    for block in patient_blocks(card, lang, version_facts(CATALOG, card)):
        if isinstance(block, Heading | Markdown):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.extend(block.items)
        elif isinstance(block, Table):
            parts.append(block.caption + " " + " ".join(map(str, block.frame.columns)))
    return "\n".join(parts)


NO_PREVALENCE = {"osteodetect", "quantx", "gi-genius"}


@pytest.mark.parametrize(("device", "version"), VERSIONS)
def test_the_patient_page_uses_one_denominator_and_no_per_10_mix(device: str, version: str) -> None:
    words = _words(device, version)
    assert "of every 100" not in words
    assert "out of 10 " not in words and "out of 10**" not in words
    # The real summaries give no prevalence (or no threshold): no frequencies are made up for them.
    expected = set() if device in NO_PREVALENCE else {"1,000"}
    assert set(re.findall(r"\b(?:in|of|out of) (1,000|100)\b", words)) == expected


def test_the_lumen_page_states_its_predictive_values_per_1000() -> None:
    words = _words("lumen-cxr-triage", "1.1.0")
    # NPV 99.7% at the 3% setting prevalence: once "about 10 out of 10".
    assert (
        "If the tool does not flag you: of people like you who are not flagged, **about 997 in 1,000** "
        "really do not have it." in words
    )
    assert "If the tool flags you: of people like you who are flagged, **about 229 in 1,000** really" in words
    assert "These numbers assume that about 30 in 1,000 people like you have the condition" in words
    assert "**about 3 in 1,000** people: have the condition, but the tool misses it" in words
