"""Issue 16, item 6: figures the maker typed are compared with the card's own numbers. Patient
natural frequencies against the icon array's shares (within the precision the figure states), and
test-set sizes against the studies' n (unless a pinned explanation says why they differ)."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from check_cards import codes, estimate, make_card, study, write_card

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.checks import Level, frequency_findings, publish_warnings, run_checks, size_findings
from gmlp_cards.checks.cross_checks import half_unit, tolerance
from gmlp_cards.cli.main import main
from gmlp_cards.model import ModelCard
from gmlp_cards.render.blocks import Bullets
from gmlp_cards.tiers.facts import VersionFacts
from gmlp_cards.tiers.leaflet import leaflet

# The clean card: sensitivity 0.92 and specificity 0.95 (0.920 and 0.950 in the file: a YAML number
# keeps no trailing zero, so each stands for ±0.005), prevalence 300 of 1,500 = 20%, counted (exact).
# Out of 1,000: 200 have the condition; 200 x 0.92 = 184 of them flagged (183 to 185) and 16 missed
# (15 to 17); 800 x 0.05 = 40 others flagged (36 to 44) and 760 not (756 to 764); 224 flagged in all
# (219 to 229) and 776 not (771 to 781).
FIGURES = (
    "(sensitivity 92% and specificity 95% of Prospective pivotal study in primary care, at a prevalence "
    "of 20% (study population)): 200 have the condition; 184 have it and are flagged; 16 have it and "
    "are missed; 40 do not have it and are flagged; 760 do not have it and are not flagged; 224 are "
    "flagged in all; 776 are not flagged in all."
)


def typed_frequency(per_1000: int, outcome: str = "are told they might have eye harm") -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["patient"]["texts"]["en"]["natural_frequencies"].append(
            {"outcome": outcome, "per_1000": per_1000}
        )

    return edit


def test_the_clean_cards_frequencies_and_sizes_agree(clean_card: ModelCard) -> None:
    assert frequency_findings(clean_card) == []
    assert size_findings(clean_card) == []


def test_a_typed_frequency_no_figure_of_the_card_gives_is_a_warning_naming_both() -> None:
    findings = frequency_findings(make_card(typed_frequency(120)))
    assert [(f.code, f.level, f.field) for f in findings] == [
        ("patient.frequency-disagrees", Level.warning, "patient.texts.en.natural_frequencies[2].per_1000")
    ]
    assert findings[0].message == (
        '"120 out of 1,000 are told they might have eye harm" agrees with none of the figures the '
        f"card's own numbers give out of 1,000 {FIGURES[:-1]}. The nearest is 184 have it and are "
        "flagged; the patient page shows both, so correct the figure or the numbers it should come "
        "from."
    )


def test_the_frequency_warning_is_among_every_check_and_publishes_with_a_warning() -> None:
    card = make_card(typed_frequency(120))
    assert "patient.frequency-disagrees" in codes(run_checks(card))
    assert codes(publish_warnings(card)) == ["patient.frequency-disagrees"]


@pytest.mark.parametrize(("figure", "stands_for"), [(39, 0.5), (185, 0.5), (0, 0.5), (30, 5.0), (100, 5.0)])
def test_a_figure_is_as_precise_as_its_last_digit_that_is_not_zero_at_most_tens(
    figure: int, stands_for: float
) -> None:
    assert tolerance(figure) == stands_for


@pytest.mark.parametrize(
    ("figure", "warned"),
    [
        (224, False),  # flagged in all, exactly
        (39, False),  # within 36 to 44: a specificity of 0.95 may be 0.9545
        (186, True),  # 185.5 to 186.5 meets no figure (flagged with it: 183 to 185)
        (45, True),  # 44.5 to 45.5: just above the others flagged
        (180, False),  # a figure to tens, 175 to 185: meets 183 to 185 ("18 in 100")
        (210, True),  # 205 to 215 meets none
        (750, True),  # 745 to 755: just below 756 to 764
    ],
)
def test_the_two_precisions_decide_which_typed_figures_agree(figure: int, warned: bool) -> None:
    assert bool(frequency_findings(make_card(typed_frequency(figure)))) is warned


@pytest.mark.parametrize(
    ("stated", "factor", "half"),
    [(0.904, 1.0, 0.0005), (90.4, 100.0, 0.0005), (0.08, 1.0, 0.005), (1e-05, 1.0, 5e-06), (None, 1.0, 0.0)],
)
def test_a_stated_number_stands_for_half_a_unit_of_its_last_decimal(
    stated: float | None, factor: float, half: float
) -> None:
    assert half_unit(stated, factor) == pytest.approx(half)


def test_the_examples_typed_frequencies_agree_at_their_stated_precision() -> None:
    # Retina 1.x types 89 and 831 from its counts (63/654, 591/654) where the stated specificity
    # 0.904 gives 88.3 and 831.7: a rounding of the stated number, not a disagreement.
    catalog = Catalog.load(EXAMPLES)
    cards = [catalog.card(d, v) for d in catalog.device_ids() for v in catalog.versions(d)]
    assert [c.device_id for c in cards if c.patient.texts["en"].natural_frequencies]
    assert {(c.device_id, c.version): codes(frequency_findings(c)) for c in cards} == {
        (c.device_id, c.version): [] for c in cards
    }


def test_the_icon_arrays_whole_count_agrees_even_a_little_over_half_a_person_off() -> None:
    # Stated to four decimals, so the card's figures are nearly exact: those without the condition
    # who are flagged are 0.8825 x 0.0513 = 45.27 in 1,000 (45.22 to 45.32), and the icon array,
    # rounded so its counts add up to 1,000, draws 46 of them.
    def precise(data: dict[str, Any]) -> None:
        overall = study(data)["overall"]
        del overall["counts"]
        overall["metrics"] = [
            estimate("sensitivity", 0.9213, 0.88, 0.95, n=300),
            estimate("specificity", 0.9487, 0.93, 0.96, n=1200),
        ]
        data["data"]["intended_population"]["prevalence"] = 0.1175
        data["patient"]["texts"]["en"]["natural_frequencies"] = [
            {"outcome": "do not have eye harm but are sent on", "per_1000": 46}
        ]

    assert frequency_findings(make_card(precise)) == []

    def off(data: dict[str, Any]) -> None:
        data["patient"]["texts"]["en"]["natural_frequencies"][0]["per_1000"] = 47

    assert codes(frequency_findings(make_card(precise, off))) == ["patient.frequency-disagrees"]


def test_each_language_is_checked_at_its_own_figure() -> None:
    def korean(data: dict[str, Any]) -> None:
        texts = data["patient"]["texts"]
        texts["ko"] = copy.deepcopy(texts["en"])
        texts["ko"]["natural_frequencies"][1]["per_1000"] = 61  # the missed: 15 to 17

    (finding,) = frequency_findings(make_card(korean))
    assert finding.field == "patient.texts.ko.natural_frequencies[1].per_1000"


def test_frequencies_the_card_cannot_compare_are_a_note() -> None:
    def no_specificity(data: dict[str, Any]) -> None:
        row = study(data)
        row["endpoints"] = row["endpoints"][:1]
        row["overall"]["metrics"] = row["overall"]["metrics"][:1]

    findings = frequency_findings(make_card(no_specificity))
    assert [(f.code, f.level, f.field) for f in findings] == [
        ("patient.frequencies-not-compared", Level.note, "patient.texts.en.natural_frequencies")
    ]


def sized_test_set(n: int, explanation: dict[str, Any] | None = None) -> Any:
    def edit(data: dict[str, Any]) -> None:
        dataset = data["data"]["test"][0]
        dataset["n_patients"] = dataset["n_samples"] = n
        if explanation is not None:
            dataset["n_explanation"] = explanation

    return edit


EXAMPLES = Path(__file__).resolve().parents[2] / "model_cards"
HALF = {
    "study": "pivotal-2024",
    "study_n": 1500,
    "set_n": 600,
    "text": "The study added 900 patients from a second enrolment wave, described in its own protocol.",
}


def test_a_test_set_of_another_size_than_every_study_is_a_warning_naming_both() -> None:
    findings = size_findings(make_card(sized_test_set(600)))
    assert [(f.code, f.level, f.field) for f in findings] == [
        ("data.test-size-disagrees", Level.warning, "data.test[0].n_samples")
    ]
    assert findings[0].message == (
        "Test set 'Pivotal study set' (n_samples 600, n_patients 600, data.test[0]) is the size of no "
        "study (performance.studies[].overall.n: pivotal-2024 n 1,500). Correct the number, or say "
        "which study it feeds and why they differ in the set's `n_explanation` (study, study_n, "
        "set_n, text)."
    )


def test_an_explanation_pinned_to_both_numbers_accepts_the_difference_and_the_leaflet_shows_it() -> None:
    card = make_card(sized_test_set(600, HALF))
    assert size_findings(card) == []
    facts = VersionFacts(card.device_id, card.version, card.identity.status, card.version, ())
    assert Bullets(
        (
            "Pivotal study set: 600 here, n 1,500 in study pivotal-2024: The study added 900 patients "
            "from a second enrolment wave, described in its own protocol.",
        ),
        "Why a test set's size differs from its study's n",
    ) in leaflet(card, facts, [card])


@pytest.mark.parametrize(
    "stale", [HALF | {"study_n": 1400}, HALF | {"set_n": 500}, HALF | {"study": "another-study"}]
)
def test_an_explanation_whose_numbers_no_longer_hold_accepts_nothing(stale: dict[str, Any]) -> None:
    assert codes(size_findings(make_card(sized_test_set(600, stale)))) == ["data.test-size-disagrees"]


def test_a_primary_study_no_test_set_feeds_is_a_warning_at_its_n() -> None:
    def second_study(data: dict[str, Any]) -> None:
        other = copy.deepcopy(study(data))
        other |= {"id": "follow-up", "primary": False, "n_patients": 600}
        data["performance"]["studies"].append(other)

    findings = size_findings(make_card(second_study, sized_test_set(600)))
    assert [(f.code, f.field) for f in findings] == [
        ("data.study-size-disagrees", "performance.studies[0].overall.n")
    ]
    assert findings[0].message == (
        "The primary study 'pivotal-2024' has n 1,500 (performance.studies[0].overall.n), the size of "
        "no test set (data.test: 'Pivotal study set' n_samples 600, n_patients 600)."
    )


def test_the_example_and_real_cards_sizes_agree_with_their_studies() -> None:
    # e.g. Retina 2.0.0: 1,412 patients and 2,790 eyes feed its per-patient and per-eye studies.
    catalog = Catalog.load(EXAMPLES)
    cards = [catalog.card(d, v) for d in catalog.device_ids() for v in catalog.versions(d)]
    assert [(c.device_id, c.version) for c in cards if size_findings(c)] == []


def test_lint_locates_the_size_warning_at_the_sets_line(tmp_path: Path) -> None:
    path = write_card(tmp_path, sized_test_set(600))
    out = io.StringIO()
    assert main(["lint", "--strict", str(path)], out) == 1
    line = next(x for x in out.getvalue().splitlines() if "data.test-size-disagrees" in x)
    number = int(line.split(":")[1])
    assert path.read_text(encoding="utf-8").splitlines()[number - 1].strip() == "n_samples: 600"
