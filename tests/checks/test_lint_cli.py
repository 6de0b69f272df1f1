"""`gmlp-cards lint`: output and exit codes (warnings pass, --strict fails them, invalid 1, usage 2)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from check_cards import add_subgroup, estimate, subgroup, write_card

from gmlp_cards.cli.main import main

WEAK = add_subgroup(subgroup("race", "Asian", estimate("sensitivity", 0.86, 0.81, 0.90)))


def lint(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(["lint", *argv], out), out.getvalue()


def test_clean_card_lints_without_warnings(tmp_path: Path) -> None:
    code, text = lint(str(write_card(tmp_path)))
    assert code == 0
    assert text.splitlines()[-1] == "1 cards, 0 invalid, 0 warnings, 0 notes"


def test_clean_card_passes_strict(tmp_path: Path) -> None:
    assert lint("--strict", str(write_card(tmp_path)))[0] == 0


def test_warnings_are_printed_with_file_line_and_field_but_do_not_fail(tmp_path: Path) -> None:
    path = write_card(tmp_path, WEAK)
    code, text = lint(str(path))
    assert code == 0
    line = next(x for x in text.splitlines() if "subgroup.worse-than-overall" in x)
    assert line.startswith(f"{path}:")
    assert "warning subgroup.worse-than-overall: performance.studies[0].subgroups[5].metrics[0]:" in line
    assert "(warnings fail with --strict)" in text


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    assert lint("--strict", str(write_card(tmp_path, WEAK)))[0] == 1


def test_notes_do_not_fail_strict(tmp_path: Path) -> None:
    def korean(data: dict[str, Any]) -> None:
        data["patient"]["texts"]["ko"] = data["patient"]["texts"]["en"] | {"summary": "사진을 봅니다."}

    code, text = lint("--strict", str(write_card(tmp_path, korean)))
    assert code == 0 and "note readability.not-scored" in text


def test_invalid_card_fails(tmp_path: Path) -> None:
    def broken(data: dict[str, Any]) -> None:
        del data["outputs"]["basis"]

    code, text = lint(str(write_card(tmp_path, broken)))
    assert code == 1
    assert "invalid card" in text and "outputs.basis" in text


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lint(str(tmp_path / "nowhere"))[0] == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error() -> None:
    assert lint("--loud")[0] == 2


def test_text_output_prints_principle_9_coverage(tmp_path: Path) -> None:
    text = lint(str(write_card(tmp_path)))[1]
    assert "GMLP principle 9 information: 12 present, 0 thin, 0 missing" in text
    assert "  present  How to read the output" in text


def test_folder_lints_every_card_in_it(tmp_path: Path) -> None:
    write_card(tmp_path)
    write_card(tmp_path, lambda d: d["identity"].update(device_id="other-screen"))
    assert lint(str(tmp_path))[1].splitlines()[-1] == "2 cards, 0 invalid, 0 warnings, 0 notes"


def test_json_output_carries_findings_coverage_and_scores(tmp_path: Path) -> None:
    code, text = lint("--format", "json", str(write_card(tmp_path, WEAK)))
    report = json.loads(text)
    card = report["cards"][0]
    assert code == 0 and report["summary"] == {"cards": 1, "invalid": 0, "warnings": 1, "notes": 0}
    assert [f["code"] for f in card["findings"]] == ["subgroup.worse-than-overall"]
    assert {i["status"] for i in card["information_items"]} == {"present"}
    assert [p["number"] for p in card["principles"]] == list(range(1, 11))
    assert card["readability"][0]["field"] == "summary" and "dale_chall" in card["readability"][0]


def test_margin_option_changes_what_is_flagged(tmp_path: Path) -> None:
    path = str(write_card(tmp_path, WEAK))  # 6 points below overall
    assert "0 warnings" in lint("--margin", "7", path)[1].splitlines()[-1]


def test_margin_outside_0_to_100_is_a_usage_error(tmp_path: Path) -> None:
    assert lint("--margin", "-1", str(write_card(tmp_path)))[0] == 2


def test_without_strict_lint_fails_exactly_when_validate_does() -> None:
    # On the shipped examples, whatever state they are in: warnings alone never fail lint.
    assert lint("model_cards")[0] == main(["validate", "model_cards"], io.StringIO())


def test_a_device_folder_is_linted_as_its_cards(tmp_path: Path) -> None:
    card = write_card(tmp_path)
    code, text = lint(str(card.parent))
    assert code == 0
    assert text.splitlines()[-1] == "1 cards, 0 invalid, 0 warnings, 0 notes"
