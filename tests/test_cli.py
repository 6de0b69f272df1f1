"""`gmlp-cards validate` and `schema`: exit codes, one-line located problems, JSON, no tracebacks."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gmlp_cards.cli.main import main

REPO = Path(__file__).resolve().parent.parent
BROKEN = REPO / "tests" / "fixtures" / "cards" / "broken"
VALID = REPO / "tests" / "fixtures" / "cards" / "valid"
SHIPPED = REPO / "model_cards"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


# case folder, file, line, column, field path, message pattern
BROKEN_CASES = [
    ("wrong-type", "1.0.0", 107, 9, "performance.studies[0].overall.n", "valid integer"),
    (
        "interval-out-of-order",
        "1.0.0",
        110,
        13,
        "performance.studies[0].overall.metrics[0]",
        "lower bound 0.902 is above the estimate 0.88",
    ),
    (
        "estimate-contradicts-counts",
        "1.0.0",
        106,
        7,
        "performance.studies[0].overall",
        "sensitivity is stated as 0.91 but the counts give 88/100 = 0.88",
    ),
    (
        "interval-contradicts-counts",
        "1.0.0",
        106,
        7,
        "performance.studies[0].overall",
        r"specificity upper bound is stated as 0.99 but the 95% Wilson score interval "
        r"from 380/400 gives 0.9674",
    ),
    (
        "duplicate-key",
        "1.0.0",
        17,
        3,
        "identity.modality",
        "duplicate key 'modality': first given on line 16",
    ),
    ("unknown-key", "1.0.0", 105, 11, "performance.studies[0].endpoints[1].treshold", "unknown field"),
    (
        "python-object-tag",
        "1.0.0",
        16,
        13,
        "identity.modality",
        "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    (
        "alias",
        "1.0.0",
        45,
        7,
        "intended_use.population_criteria[0].statement",
        r"anchors and aliases .* not allowed .* anchored value is on line 37",
    ),
    ("billion-laughs", "1.0.0", 4, 1, "b[0]", "anchors and aliases"),
    (
        "bad-date",
        "1.0.0",
        14,
        17,
        "identity.release_date",
        "'2025-02-30' cannot be read: day is out of range",
    ),
    (
        "folder-mismatch",
        "1.0.0",
        6,
        3,
        "identity.device_id",
        "device_id 'demo-dr-screen' does not match its folder 'folder-mismatch'",
    ),
    (
        "version-mismatch",
        "1.2.0",
        13,
        3,
        "identity.card_version",
        "card_version '1.0.0' does not match the file name '1.2.0.yaml'",
    ),
    (
        "missing-change-notice",
        "1.1.0",
        13,
        3,
        "change_notice",
        "version 1.1.0 follows 1.0.0 but has no change_notice",
    ),
    # Whole-file problems have no field: the file itself is the problem.
    ("empty", "1.0.0", 1, 1, "", "file is empty"),
    ("binary-junk", "1.0.0", 1, 1, "", "file contains NUL bytes: it is binary"),
    ("non-utf8", "1.0.0", 16, 1, "", r"not UTF-8 text \(byte 0xfc"),
    ("not-a-mapping", "1.0.0", 1, 1, "", "a card must be a YAML mapping of its sections, got list"),
]


@pytest.mark.parametrize(
    ("case", "version", "line", "column", "field", "message"), BROKEN_CASES, ids=[c[0] for c in BROKEN_CASES]
)
def test_each_broken_card_is_rejected_with_one_located_line(
    capsys, case, version, line, column, field, message
):
    path = BROKEN / case / f"{version}.yaml"
    code, out = run("validate", str(BROKEN / case))
    prefix = f"{path}:{line}:{column}: {field + ': ' if field else ''}"
    located = [line for line in out.splitlines() if line.startswith(prefix)]
    assert code == 1
    assert len(located) == 1, out
    assert re.search(message, located[0].removeprefix(prefix))
    assert all(line.startswith(f"{path}:") for line in out.splitlines()[:-1])
    captured = capsys.readouterr()
    assert captured.err == "" and "Traceback" not in out + captured.out


def test_the_hostile_tag_runs_nothing():
    marker = Path("/tmp/pwned")
    marker.unlink(missing_ok=True)
    assert run("validate", str(BROKEN / "python-object-tag"))[0] == 1
    assert not marker.exists()


def test_a_misspelt_key_is_reported_where_it_is():
    # Schema 2 endpoints need a threshold only for the threshold kind, so the misspelling is the
    # one problem (pydantic skips the endpoint's own check while a key is unknown).
    _, out = run("validate", str(BROKEN / "unknown-key"))
    assert "performance.studies[0].endpoints[1].treshold: unknown field" in out


def test_a_file_with_several_problems_reports_them_all():
    code, out = run("validate", str(BROKEN / "several-problems"))
    assert code == 1
    fields = [line.split(": ")[1] for line in out.splitlines()[:-1]]
    assert fields == [
        "identity.status",
        "performance.studies[0].subgroups[0]",
        "data.training[0].demographics[0]",
        "risks.cybersecurity",
        "risks.cybersecurty",
    ]
    assert out.splitlines()[-1] == "1 cards, 1 devices, 5 problems"


def test_every_problem_in_every_broken_file_is_reported_in_one_run(capsys):
    code, out = run("validate", str(BROKEN))
    files = sorted(BROKEN.glob("*/*.yaml"))
    problem_files = {line.split(":")[0] for line in out.splitlines()[:-1]}
    assert code == 1
    assert problem_files == {str(f) for f in files} - {str(BROKEN / "missing-change-notice" / "1.0.0.yaml")}
    assert out.splitlines()[-1] == f"{len(files)} cards, {len(files) - 1} devices, 22 problems"
    assert capsys.readouterr().err == ""


def test_a_20_megabyte_file_is_rejected_quickly(tmp_path):
    path = tmp_path / "huge" / "1.0.0.yaml"
    path.parent.mkdir()
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: no 20 MB write to disk
    code, out = run("validate", str(path))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}:1:1: file is 20,971,520 bytes, over the 2,097,152-byte limit for a card"
    )


def test_the_valid_fixture_validates():
    assert run("validate", str(VALID)) == (0, "1 cards, 1 devices, 0 problems\n")


def test_a_single_card_file_can_be_validated():
    assert run("validate", str(VALID / "demo-dr-screen" / "1.0.0.yaml"))[0] == 0


def test_a_device_folder_is_validated_as_its_cards():
    assert run("validate", str(VALID / "demo-dr-screen")) == (0, "1 cards, 1 devices, 0 problems\n")


def test_the_shipped_cards_validate_and_every_card_is_reported(monkeypatch):
    cards = sorted(SHIPPED.glob("*/*.yaml"))
    assert cards, "model_cards/ holds no example cards yet"
    monkeypatch.chdir(REPO)  # the default folder is model_cards/ in the working directory
    code, out = run("validate")
    devices = len({c.parent.name for c in cards})
    assert (code, out) == (0, f"{len(cards)} cards, {devices} devices, 0 problems\n")
    code, out = run("validate", "--format", "json")
    assert sorted(c["path"] for c in json.loads(out)["cards"]) == sorted(
        str(c.relative_to(REPO)) for c in cards
    )


def test_json_output_holds_the_same_problems_and_summary():
    _, text = run("validate", str(BROKEN))
    code, out = run("validate", str(BROKEN), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert [
        f"{p['path']}:{p['line']}:{p['column']}: " + (f"{p['field']}: " if p["field"] else "") + p["message"]
        for p in report["problems"]
    ] == text.splitlines()[:-1]
    summary = report["summary"]
    assert (
        f"{summary['cards']} cards, {summary['devices']} devices, {summary['problems']} problems"
        == (text.splitlines()[-1])
    )
    assert {c["path"] for c in report["cards"] if not c["valid"]} == {p["path"] for p in report["problems"]}


def test_json_output_for_valid_cards_lists_them_as_valid():
    code, out = run("validate", str(VALID), "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "cards": [
            {
                "device_id": "demo-dr-screen",
                "path": str(VALID / "demo-dr-screen" / "1.0.0.yaml"),
                "valid": True,
            }
        ],
        "problems": [],
        "summary": {"cards": 1, "devices": 1, "problems": 0},
    }


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["validate", "--format", "xml"],
        ["validate", "--no-such-option"],
        ["validate", "/no/such/folder"],
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    assert run(*argv)[0] == 2
    assert "Traceback" not in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert run("--help")[0] == 0
    assert "validate" in capsys.readouterr().out


def test_the_console_script_prints_no_traceback_for_the_broken_folder():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from gmlp_cards.cli.main import main; sys.exit(main())",
            "validate",
            str(BROKEN),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert result.stderr == ""
    assert all(line.startswith(str(BROKEN)) for line in result.stdout.splitlines()[:-1])
    assert result.stdout.splitlines()[-1].endswith("22 problems")


def test_a_reader_that_stops_early_is_not_an_internal_error(tmp_path: Path) -> None:
    # `gmlp-cards validate cards | head`: the pipe closes before the output is written.
    for index in range(50):
        card = tmp_path / f"device-{index}" / "1.0.0.yaml"
        card.parent.mkdir()
        card.write_text("identity: [unclosed\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "gmlp_cards.cli", "validate", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line is printed
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert "internal error" not in err and "Traceback" not in err


def test_one_published_file_is_validated_against_the_lock(tmp_path):
    # What a pre-commit hook passes: one changed file. A published card edited after publication
    # must fail on its own, as it fails in the folder and in the portal.
    cards = tmp_path / "model_cards"
    shutil.copytree(SHIPPED, cards)
    card = cards / "lumen-cxr-triage" / "1.1.0.yaml"
    card.write_text(
        card.read_text(encoding="utf-8").replace("Lumen CXR Triage", "Lumen CXR Triage Pro", 1),
        encoding="utf-8",
    )
    code, out = run("validate", str(card))
    assert code == 1
    assert "sha256 differs from" in out and out.endswith("1 cards, 1 devices, 1 problems\n")


def test_one_file_is_validated_beside_the_versions_before_it(tmp_path):
    # Its change notice must name the version before it, which only its device folder can tell.
    cards = tmp_path / "model_cards"
    shutil.copytree(SHIPPED, cards)
    (cards / "cards.lock.json").unlink()
    card = cards / "lumen-cxr-triage" / "1.1.0.yaml"
    card.write_text(
        card.read_text(encoding="utf-8").replace("previous_version: 1.0.0", "previous_version: 0.9.0"),
        encoding="utf-8",
    )
    code, out = run("validate", str(card))
    assert code == 1 and "names 0.9.0, but the version before this one is 1.0.0" in out


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_a_path_that_does_not_exist_is_a_usage_error_naming_it(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    there = tmp_path / "there"
    there.mkdir()
    nowhere = tmp_path / "nowhere"
    assert main([command, str(there), str(nowhere)], io.StringIO()) == 2
    assert capsys.readouterr().err == f"gmlp-cards {command}: no such file or folder: {nowhere}\n"
