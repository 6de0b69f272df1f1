"""`gmlp-cards --help` starts fast: it imports no command module and none of the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import cli_startup
from gmlp_cards.cli.common import COMMAND_HELP
from gmlp_cards.cli.main import COMMAND_GROUPS, build_parser

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "plotly", "scipy", "streamlit", "numpy", "sqlalchemy", "lxml", "playwright", "weasyprint")

PROBE = """
import json, runpy, sys
sys.argv = ["gmlp-cards", *ARGS]
try:
    runpy.run_module("gmlp_cards.cli", run_name="__main__")
except SystemExit:
    pass
finally:
    loaded = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
    ours = sorted(name for name in sys.modules if name.startswith("gmlp_cards."))
    sys.stderr.write("\\n" + json.dumps({"heavy": loaded, "ours": ours}) + "\\n")
"""


def loaded_by(*args: str) -> dict[str, list[str]]:
    """What a fresh interpreter has imported after running the CLI with `args`."""
    code = PROBE.replace("ARGS", repr(list(args))).replace("HEAVY", repr(HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    report: dict[str, list[str]] = json.loads(done.stderr.strip().splitlines()[-1])
    return report


def test_help_imports_no_heavy_library_and_no_command_module() -> None:
    report = loaded_by("--help")
    assert report["heavy"] == []
    assert set(report["ours"]) == {
        "gmlp_cards.cli",
        "gmlp_cards.cli.ci_output",
        "gmlp_cards.cli.common",
        "gmlp_cards.cli.main",
        "gmlp_cards.errors",
    }


def test_a_command_imports_its_own_module_only() -> None:
    report = loaded_by("new-device", "--help")
    assert "gmlp_cards.cli.new_device" in report["ours"]
    assert not {"gmlp_cards.cli.lint", "gmlp_cards.cli.formats", "gmlp_cards.cli.desk"} & set(report["ours"])


def test_help_lists_every_command_with_its_own_help_line() -> None:
    listed = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    full = build_parser(every=True)._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert list(listed) == list(COMMAND_HELP) == list(full)
    registered = ["validate", "schema"] + [name for names in COMMAND_GROUPS.values() for name in names]
    assert registered == list(COMMAND_HELP)


def test_each_group_registers_exactly_the_commands_listed_for_it() -> None:
    import argparse
    import importlib

    for module, names in COMMAND_GROUPS.items():
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()
        importlib.import_module(module).register(commands)
        assert tuple(commands.choices) == names, module


@pytest.mark.skipif(sys.platform != "linux", reason="timed on the project's Linux machines")
def test_the_startup_benchmark_measures_both_sides() -> None:
    figure = cli_startup.run(reps=3)
    assert figure.ours > 0 and figure.floor is not None and figure.floor > 0 and figure.ratio is not None
