"""`validate` and `lint` with `--format github` (Actions workflow commands) and `--format sarif` (2.1.0)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from gmlp_cards.cli.ci_output import Annotation, github_line
from gmlp_cards.cli.main import main

REPO = Path(__file__).resolve().parents[2]
SEVERAL = "tests/fixtures/cards/broken/several-problems/1.0.0.yaml"
UNKNOWN_KEY = "tests/fixtures/cards/broken/unknown-key/1.0.0.yaml"
DEMO = "tests/fixtures/cards/valid/demo-dr-screen/1.0.0.yaml"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths as a CI job passes them: relative to the checkout, so the output names them the same way.
    monkeypatch.chdir(REPO)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


def test_validate_github_prints_one_error_command_per_problem() -> None:
    code, out = run("validate", SEVERAL, "--format", "github")
    assert code == 1
    title = "title=gmlp-cards validate%3A card.invalid"
    assert out.splitlines() == [
        f"::error file={SEVERAL},line=15,col=3,{title}::identity.status: "
        "Input should be 'draft', 'published' or 'withdrawn'",
        f"::error file={SEVERAL},line=114,col=11,{title}::performance.studies[0].subgroups[0]: "
        "n is 600 but the counts add up to 250",
        f"::error file={SEVERAL},line=147,col=11,{title}::data.training[0].demographics[0]: "
        "sex shares add up to 104%25, not 100%25 (allowed rounding: 1 points)",
        f"::error file={SEVERAL},line=184,col=1,{title}::risks.cybersecurity: required field is missing",
        f"::error file={SEVERAL},line=194,col=3,{title}::risks.cybersecurty: "
        "unknown field; did you mean 'cybersecurity'? Expected here: warnings, limitations, "
        "failure_modes, known_biases, under_represented, cybersecurity, privacy",
        "1 cards, 1 devices, 5 problems",
    ]


def test_validate_github_of_a_valid_card_prints_only_the_summary() -> None:
    assert run("validate", DEMO, "--format", "github") == (0, "1 cards, 1 devices, 0 problems\n")


def _result(line: int, column: int, text: str) -> dict[str, object]:
    return {
        "ruleId": "card.invalid",
        "ruleIndex": 0,
        "level": "error",
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": UNKNOWN_KEY},
                    "region": {"startLine": line, "startColumn": column},
                }
            }
        ],
    }


def test_validate_sarif_is_a_sarif_2_1_0_log_with_one_result_per_problem() -> None:
    code, out = run("validate", UNKNOWN_KEY, "--format", "sarif")
    assert code == 1
    assert json.loads(out) == {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "gmlp-cards", "rules": [{"id": "card.invalid"}]}},
                "results": [
                    _result(
                        105,
                        11,
                        "performance.studies[0].endpoints[1].treshold: unknown field; did you mean "
                        "'threshold'? Expected here: kind, metric, analysis, threshold, margin, "
                        "judged_on, stated_result, description, operating_point, arm, source",
                    ),
                ],
            }
        ],
    }


def test_validate_sarif_of_a_valid_card_has_no_results() -> None:
    code, out = run("validate", DEMO, "--format", "sarif")
    assert code == 0
    assert json.loads(out)["runs"][0]["results"] == []


def test_lint_github_prints_findings_as_warnings_with_their_code() -> None:
    code, out = run("lint", DEMO, "--format", "github")
    assert code == 0  # warnings fail only with --strict
    lines = out.splitlines()
    assert lines[-1] == "1 cards, 0 invalid, 6 warnings, 0 notes"
    assert lines[2] == (
        f"::warning file={DEMO},line=179,col=5,title=gmlp-cards lint%3A representation.dimension-missing"
        "::data.intended_population.demographics: The intended population gives no age band "
        "distribution, so the data cannot be compared with it on that dimension."
    )
    assert [line.split(",")[0] for line in lines[:-1]] == [f"::warning file={DEMO}"] * 6
    assert run("lint", DEMO, "--format", "github", "--strict")[0] == 1


def test_lint_sarif_gives_each_finding_its_rule_and_region() -> None:
    code, out = run("lint", DEMO, "--format", "sarif")
    run_ = json.loads(out)["runs"][0]
    assert code == 0
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == [
        "coverage.thin",
        "readability.above-target",
        "readability.hard-words",  # "floaters" in the patient's questions for the clinician
        "representation.dimension-missing",
        "subgroup.below-criterion",
    ]
    third = run_["results"][2]
    assert third["ruleId"] == "representation.dimension-missing" and third["ruleIndex"] == 3
    assert third["level"] == "warning"
    assert third["locations"][0]["physicalLocation"]["region"] == {"startLine": 179, "startColumn": 5}


def test_lint_github_reports_an_invalid_card_as_errors() -> None:
    code, out = run("lint", UNKNOWN_KEY, "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        f"::error file={UNKNOWN_KEY},line=105,col=11,title=gmlp-cards lint%3A card.invalid"
        "::performance.studies[0].endpoints[1].treshold: unknown field; did you mean 'threshold'? "
        "Expected here: kind, metric, analysis, threshold, margin, judged_on, stated_result, "
        "description, operating_point, arm, source"
    )


def test_a_github_command_stays_on_one_line_whatever_the_message_and_file_hold() -> None:
    note = Annotation("cards/a,b:c.yaml", 3, 7, "note", "x.y", "", "50% done\r\nnext: line")
    assert github_line(note, "lint") == (
        "::notice file=cards/a%2Cb%3Ac.yaml,line=3,col=7,title=gmlp-cards lint%3A x.y"
        "::50%25 done%0D%0Anext: line"
    )
