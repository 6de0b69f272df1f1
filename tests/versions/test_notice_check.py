"""Change notices are cross-checked against the diff; a misdeclaration names both facts."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cli.main import main
from gmlp_cards.errors import CardProblem
from gmlp_cards.model import ChangeNotice, ModelCard
from gmlp_cards.versions.notice_check import notice_findings

from .notice_variants import raise_lumen_sensitivity, successor

LUMEN = "lumen-cxr-triage"


def declaring(card: ModelCard, *change_types: str) -> ModelCard:
    """The same card with its notice's change_types replaced (validated, like a loaded card)."""
    assert card.change_notice is not None
    notice = ChangeNotice.model_validate(
        {**card.change_notice.model_dump(), "change_types": list(change_types)}
    )
    return card.model_copy(update={"change_notice": notice})


def problems_of(root: Path, device_id: str, version: str) -> list[CardProblem]:
    entry = Catalog.load(root).entry(device_id, version)
    assert entry is not None
    return list(entry.problems)


def only_problem(root: Path, device_id: str, version: str) -> CardProblem:
    found = problems_of(root, device_id, version)
    assert len(found) == 1, found
    return found[0]


def test_labelling_only_with_a_moved_metric_names_the_claim_and_the_move(tmp_path: Path) -> None:
    successor(tmp_path, LUMEN, "1.0.0", "1.0.1", ["labelling_only"], raise_lumen_sensitivity)
    problem = only_problem(tmp_path, LUMEN, "1.0.1")
    assert problem.field == "change_notice.change_types"
    assert problem.message == (
        "change_notice.change_types says labelling_only, but sensitivity moved "
        "from 0.912 to 0.933 in study pivotal-2022"
    )


def test_the_problem_points_at_the_change_types_line(tmp_path: Path) -> None:
    path = successor(tmp_path, LUMEN, "1.0.0", "1.0.1", ["labelling_only"], raise_lumen_sensitivity)
    problem = only_problem(tmp_path, LUMEN, "1.0.1")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip().startswith("change_types:")
    assert problem.path == str(path)


def test_moved_metric_without_performance_is_an_error(tmp_path: Path) -> None:
    successor(tmp_path, LUMEN, "1.0.0", "1.0.1", ["fix"], raise_lumen_sensitivity)
    assert only_problem(tmp_path, LUMEN, "1.0.1").message == (
        "change_notice.change_types says fix and lacks performance, but sensitivity moved from 0.912 "
        "to 0.933 in study pivotal-2022"
    )


def test_a_moved_metric_declared_as_performance_is_accepted(tmp_path: Path) -> None:
    successor(tmp_path, LUMEN, "1.0.0", "1.0.1", ["performance"], raise_lumen_sensitivity)
    assert problems_of(tmp_path, LUMEN, "1.0.1") == []


def test_undeclared_change_of_indications_is_an_error(tmp_path: Path) -> None:
    def widen(data: dict[str, Any]) -> None:
        data["intended_use"]["indications"]["target_population"] = "Adults and adolescents aged 16 or older."

    successor(tmp_path, LUMEN, "1.0.0", "1.0.1", ["fix"], widen)
    message = only_problem(tmp_path, LUMEN, "1.0.1").message
    assert message.startswith(
        "change_notice.change_types says fix and lacks intended_use, but "
        "intended_use.indications.target_population changed from 'Adults aged 18"
    )
    assert message.endswith("to 'Adults and adolescents aged 16 or older.'")


def test_undeclared_new_contraindication_is_an_intended_use_change(tmp_path: Path) -> None:
    def contraindicate(data: dict[str, Any]) -> None:
        data["intended_use"]["contraindications"].append("Pregnant patients.")

    successor(tmp_path, LUMEN, "1.0.0", "1.0.1", ["labelling_only"], contraindicate)
    assert only_problem(tmp_path, LUMEN, "1.0.1").message == (
        "change_notice.change_types says labelling_only, but intended_use.contraindications gained "
        "'Pregnant patients.'"
    )


def test_undeclared_new_input_device_is_an_error(tmp_path: Path) -> None:
    def add_detector(data: dict[str, Any]) -> None:
        data["inputs"]["acceptable"][0]["devices"].append("Zephyr DR-9 (fictional)")

    successor(tmp_path, LUMEN, "1.0.0", "1.0.1", ["security"], add_detector)
    message = only_problem(tmp_path, LUMEN, "1.0.1").message
    assert message == (
        "change_notice.change_types says security and lacks inputs, but "
        "inputs.acceptable[Frontal chest radiograph (PA or AP), erect or supine].devices "
        "gained 'Zephyr DR-9 (fictional)'"
    )


def test_the_acquisition_device_criterion_is_an_input_not_an_intended_use(examples: Catalog) -> None:
    # lumen 1.1.0 adds CR to the acquisition-device criterion and declares only `inputs`: valid.
    old, new = examples.card(LUMEN, "1.0.0"), examples.card(LUMEN, "1.1.0")
    assert notice_findings(old, new) == []
    findings = notice_findings(old, declaring(new, "intended_use"))
    assert [f.message.split(", but ")[0] for f in findings] == [
        "change_notice.change_types says intended_use and lacks inputs"
    ]
    assert (
        "intended_use.population_criteria[acquisition_device].allowed gained 'computed radiography'"
        in findings[0].message
    )


def test_labelling_only_lists_each_kind_of_real_change_once(examples: Catalog) -> None:
    old, new = examples.card(LUMEN, "1.0.0"), examples.card(LUMEN, "1.1.0")
    messages = [
        f.message.removeprefix("change_notice.change_types says labelling_only, but ")
        for f in notice_findings(old, declaring(new, "labelling_only"))
    ]
    assert len(messages) == 4  # software, inputs, data, results: one finding per kind of change
    assert messages[0] == "identity.software_version changed from '2.4.1' to '2.5.0'"
    assert messages[1] == (
        "intended_use.population_criteria[acquisition_device].allowed gained "
        "'computed radiography' (and 3 more changes)"
    )
    assert messages[2].startswith("data.test gained 'LCT computed radiography test set (locked)'")
    assert messages[3].startswith("sensitivity was added in study cr-2023 (and ")


def test_within_pccp_needs_an_authorized_pccp(tmp_path: Path) -> None:
    def no_pccp(data: dict[str, Any]) -> None:
        data["identity"]["pccp_authorized"] = False

    successor(tmp_path, LUMEN, "1.0.0", "1.0.1", ["labelling_only"], no_pccp, within_pccp=True)
    found = problems_of(tmp_path, LUMEN, "1.0.1")
    assert [(p.field, p.message) for p in found] == [
        (
            "change_notice.within_pccp",
            "change_notice.within_pccp is true, but identity.pccp_authorized says no change control plan "
            "is authorized",
        )
    ]


def test_a_misdeclared_version_is_hidden_and_never_latest(tmp_path: Path) -> None:
    successor(tmp_path, LUMEN, "1.0.0", "1.0.1", ["labelling_only"], raise_lumen_sensitivity)
    catalog = Catalog.load(tmp_path)
    assert catalog.versions(LUMEN) == ["1.0.0"]
    assert catalog.latest_version(LUMEN) == "1.0.0"


def test_validate_exits_1_and_prints_both_facts(tmp_path: Path) -> None:
    path = successor(tmp_path, LUMEN, "1.0.0", "1.0.1", ["labelling_only"], raise_lumen_sensitivity)
    out = io.StringIO()
    assert main(["validate", str(tmp_path)], out) == 1
    printed = out.getvalue()
    assert f"{path}:" in printed
    assert "says labelling_only, but sensitivity moved from 0.912 to 0.933 in study pivotal-2022" in printed
    assert printed.endswith("2 cards, 1 devices, 1 problems\n")


@pytest.mark.parametrize(
    ("device_id", "version"),
    [
        ("lumen-cxr-triage", "1.1.0"),
        ("retina-dr-screen", "1.1.0"),
        ("retina-dr-screen", "2.0.0"),
        ("sepsis-sentinel", "1.1.0"),
    ],
)
def test_every_example_notice_matches_its_diff(examples: Catalog, device_id: str, version: str) -> None:
    card = examples.card(device_id, version)
    assert card.change_notice is not None
    previous = examples.card(device_id, card.change_notice.previous_version)
    assert notice_findings(previous, card) == []
