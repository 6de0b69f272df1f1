"""Problems for CI: GitHub Actions workflow commands (`--format github`) and SARIF 2.1.0 (`--format sarif`).

Both `validate` and `lint` turn what they found into `Annotation`s, located by file, line and column
as the text output is, and print them here; nothing else in the CLI knows either format.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from gmlp_cards.cli.common import DEFAULT_CARDS
from gmlp_cards.errors import CardProblem

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL = "gmlp-cards"
CI_FORMATS = ("github", "sarif")


def add_card_paths(parser: argparse.ArgumentParser) -> None:
    """The card files or folders that validate and lint both take."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=f"card files or folders (default: {DEFAULT_CARDS}/)",
    )


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """The `--format` of validate and lint: text, json or one of the CI formats written here."""
    parser.add_argument(
        "--format",
        choices=("text", "json", *CI_FORMATS),
        default="text",
        help="text, json, github (Actions annotations) or sarif (SARIF 2.1.0 for code scanning)",
    )


INVALID_CARD = "card.invalid"
"""Rule id of every validation problem (a finding of `lint` carries its own code)."""

_GITHUB_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}
_SARIF_LEVELS = {"error": "error", "warning": "warning", "note": "note"}


@dataclass(frozen=True)
class Annotation:
    """One located problem or finding, the shape both CI formats need."""

    path: str
    line: int
    column: int
    level: str
    """`error`, `warning` or `note`."""
    rule: str
    field: str
    message: str

    @property
    def text(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def from_problem(problem: CardProblem) -> Annotation:
    """A validation problem: an error, unless the problem itself says it is a warning."""
    level = "warning" if problem.severity == "warning" else "error"
    return Annotation(
        problem.path, problem.line, problem.column, level, INVALID_CARD, problem.field, problem.message
    )


def _escape_data(text: str) -> str:
    # The escapes GitHub's runner undoes in a workflow command's message (actions/toolkit, command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(note: Annotation, command: str) -> str:
    """`::error file=F,line=L,col=C,title=T::message`, one line whatever the message holds."""
    properties = ",".join(
        f"{key}={_escape_property(value)}"
        for key, value in (
            ("file", note.path),
            ("line", str(note.line)),
            ("col", str(note.column)),
            ("title", f"{TOOL} {command}: {note.rule}"),
        )
    )
    return f"::{_GITHUB_COMMANDS[note.level]} {properties}::{_escape_data(note.text)}"


def write_github(notes: list[Annotation], command: str, out: TextIO) -> None:
    for note in notes:
        print(github_line(note, command), file=out)


def _uri(path: str) -> str:
    """A relative path stays relative (SARIF viewers resolve it against the checkout); else a file URI."""
    as_path = Path(path)
    return as_path.as_uri() if as_path.is_absolute() else as_path.as_posix()


def sarif(notes: list[Annotation]) -> dict[str, object]:
    """A SARIF 2.1.0 log of one run: one result per annotation, each with its region."""
    rules = sorted({note.rule for note in notes})
    index = {rule: number for number, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": TOOL, "rules": [{"id": rule} for rule in rules]}},
                "results": [
                    {
                        "ruleId": note.rule,
                        "ruleIndex": index[note.rule],
                        "level": _SARIF_LEVELS[note.level],
                        "message": {"text": note.text},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": _uri(note.path)},
                                    "region": {"startLine": note.line, "startColumn": note.column},
                                }
                            }
                        ],
                    }
                    for note in notes
                ],
            }
        ],
    }


def write_sarif(notes: list[Annotation], out: TextIO) -> None:
    json.dump(sarif(notes), out, indent=2, ensure_ascii=False)
    out.write("\n")


def write(notes: list[Annotation], fmt: str, command: str, out: TextIO) -> None:
    """Print `notes` as `fmt` (`github` or `sarif`)."""
    if fmt == "github":
        write_github(notes, command, out)
    else:
        write_sarif(notes, out)
