"""Diff output: deterministic text, Markdown and JSON, and the `gmlp-cards diff` command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cli.main import main
from gmlp_cards.versions.diff import CardDiff, diff_cards
from gmlp_cards.versions.diff_format import FORMATS, JUDGEMENT_RULE, render, summary_lines

from .conftest import EXAMPLES, REPO

PAIRS = [
    ("lumen-cxr-triage", "1.0.0", "1.1.0"),
    ("retina-dr-screen", "1.1.0", "2.0.0"),
    ("sepsis-sentinel", "1.0.0", "1.1.0"),
]


def _diff(catalog: Catalog, device: str, old: str, new: str) -> CardDiff:
    """The diff of two versions of one device in `catalog`."""
    return diff_cards(catalog.card(device, old), catalog.card(device, new))


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("device", "old", "new"), PAIRS)
def test_the_same_cards_give_the_same_bytes(
    examples: Catalog, fmt: str, device: str, old: str, new: str
) -> None:
    first = render(_diff(examples, device, old, new), fmt)
    fresh = Catalog.load(EXAMPLES)  # separately parsed objects, same files
    again = render(_diff(fresh, device, old, new), fmt)
    assert first == again and first.endswith("\n") and not first.endswith("\n\n")


def test_diff_output_does_not_depend_on_the_hash_seed() -> None:
    # Set or dict iteration over strings would differ between seeds; the output must not.
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "gmlp_cards.cli",
                "diff",
                "sepsis-sentinel",
                "1.0.0",
                "1.1.0",
                "--format",
                "json",
                "--cards",
                str(EXAMPLES),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_json_output_carries_the_rule_and_every_metric(examples: Catalog) -> None:
    diff = _diff(examples, "sepsis-sentinel", "1.0.0", "1.1.0")
    data = json.loads(render(diff, "json"))
    assert data["judgement_rule"] == JUDGEMENT_RULE
    assert (data["old_version"], data["new_version"]) == ("1.0.0", "1.1.0")
    assert len(data["metrics"]) == len(diff.metrics)
    specificity = next(
        m
        for m in data["metrics"]
        if m["study"] == "temporal-2024" and m["row"] == "overall" and m["metric"] == "specificity"
    )
    assert specificity["judgement"] == "better"
    assert specificity["old"]["value"] == pytest.approx(0.91)
    assert specificity["new"]["lower"] == pytest.approx(0.918)


def test_text_output_names_versions_changes_and_judgements(examples: Catalog) -> None:
    text = render(_diff(examples, "lumen-cxr-triage", "1.0.0", "1.1.0"), "text")
    assert text.startswith("lumen-cxr-triage 1.0.0 (2023-06-15) → 1.1.0 (")
    assert "\nInputs\n  + inputs.acceptable: Frontal chest radiograph (PA or AP) from computed" in text
    assert "Study cr-2023 added" in text
    assert (
        "overall · Sensitivity: 0.912 (95% CI 0.881 to 0.935, n 420) → "
        "0.912 (95% CI 0.881 to 0.935, n 420)  [unchanged]"
    ) in text


def test_markdown_escapes_table_syntax_in_card_text(examples: Catalog) -> None:
    markdown = render(_diff(examples, "retina-dr-screen", "1.1.0", "2.0.0"), "markdown")
    assert markdown.startswith("# retina-dr-screen 1.1.0")
    assert "| overall | Sensitivity | 0.861 (95% CI 0.806 to 0.903, n 198) |" in markdown
    for line in markdown.splitlines():
        if line.startswith("| `"):  # field rows: exactly four cells, whatever the card text holds
            assert line.replace("\\|", "").count("|") == 5


def test_identical_versions_say_no_differences(examples: Catalog) -> None:
    card = examples.card("lumen-cxr-triage", "1.1.0")
    diff = diff_cards(card, card)
    assert diff.empty and "No differences." in render(diff, "text")
    assert all(m.judgement.value == "unchanged" for m in diff.metrics)


def test_summary_for_readers_lists_better_and_worse_moves(examples: Catalog) -> None:
    lines = summary_lines(_diff(examples, "sepsis-sentinel", "1.0.0", "1.1.0"))
    assert any(line.startswith("Performance, ") and "better" in line for line in lines)
    assert (
        "specificity moved from 0.91 to 0.926 in study temporal-2024 (replacing external-2022): better"
    ) in lines


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_diff_prints_the_rendered_diff(examples: Catalog, fmt: str) -> None:
    code, out = run("diff", "lumen-cxr-triage", "1.0.0", "1.1.0", "--format", fmt, "--cards", str(EXAMPLES))
    expected = render(_diff(examples, "lumen-cxr-triage", "1.0.0", "1.1.0"), fmt)
    assert (code, out) == (0, expected)


def test_cli_diff_defaults_to_model_cards_in_the_working_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out = run("diff", "retina-dr-screen", "1.0.0", "1.1.0")
    assert code == 0 and out.startswith("retina-dr-screen 1.0.0")


def test_cli_diff_of_an_unknown_version_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run("diff", "lumen-cxr-triage", "1.0.0", "9.9.9", "--cards", str(EXAMPLES))
    assert (code, out) == (2, "")
    assert "no readable card lumen-cxr-triage 9.9.9" in capsys.readouterr().err


def test_cli_diff_still_compares_a_card_that_fails_validation(
    tmp_path: Path, cards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cards / "lumen-cxr-triage" / "1.1.0.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - inputs\n", "  - fix\n"), encoding="utf-8")
    code, out = run("diff", "lumen-cxr-triage", "1.0.0", "1.1.0", "--cards", str(cards))
    assert code == 0 and "Study cr-2023 added" in out
    assert "warning:" in capsys.readouterr().err
