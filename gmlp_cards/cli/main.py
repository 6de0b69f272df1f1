"""The `gmlp-cards` command line: the parser, `validate` and `schema`, and every other command group
registered here, explicitly, in `COMMAND_GROUPS`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from gmlp_cards.cards.catalog import files_for
from gmlp_cards.cli import ci_output, desk, formats, lint, new_device, versions
from gmlp_cards.cli.common import (
    DEFAULT_CARDS,
    EXIT_BROKEN_PIPE,
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
)
from gmlp_cards.errors import CardProblem
from gmlp_cards.model import ModelCard

Command = Callable[[argparse.Namespace, TextIO], int]


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    paths: list[Path] = args.paths or [DEFAULT_CARDS]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"gmlp-cards validate: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    problems: list[CardProblem] = []
    cards: list[tuple[str, str, bool]] = []
    for path in paths:
        for entry in files_for(path):  # a file is judged in its folder's context, as the portal does
            problems.extend(entry.problems)
            cards.append((entry.device_id, str(entry.path), entry.valid))
    devices = len({device for device, _, _ in cards})
    summary = f"{len(cards)} cards, {devices} devices, {len(problems)} problems"
    if args.format == "json":
        json.dump(
            {
                "cards": [{"device_id": d, "path": p, "valid": v} for d, p, v in cards],
                "problems": [p.as_dict() for p in problems],
                "summary": {"cards": len(cards), "devices": devices, "problems": len(problems)},
            },
            out,
            indent=2,
        )
        out.write("\n")
    elif args.format in ci_output.CI_FORMATS:
        ci_output.write([ci_output.from_problem(p) for p in problems], args.format, "validate", out)
        if args.format == "github":
            print(summary, file=out)
    else:
        for problem in problems:
            print(problem, file=out)
        print(summary, file=out)
    return EXIT_FAILED if problems else EXIT_OK


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    json.dump(card_json_schema(), out, indent=2, sort_keys=False)
    out.write("\n")
    return EXIT_OK


def card_json_schema() -> dict[str, object]:
    """JSON Schema of a card file, for editors (yaml-language-server) and other tools."""
    schema = ModelCard.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gmlp-cards.example.org/schema/model-card.schema.json",
        **schema,
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gmlp-cards", description="Model cards for AI-enabled medical devices (GMLP)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check card files; exit 1 if any is invalid")
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=f"card files or folders (default: {DEFAULT_CARDS}/)",
    )
    validate.add_argument(
        "--format",
        choices=("text", "json", *ci_output.CI_FORMATS),
        default="text",
        help="text, json, github (Actions annotations) or sarif (SARIF 2.1.0 for code scanning)",
    )
    validate.set_defaults(handler=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of a card")
    schema.set_defaults(handler=_schema)
    for register in COMMAND_GROUPS:
        register(commands)
    return parser


Register = Callable[[argparse._SubParsersAction], None]  # type: ignore[type-arg]

COMMAND_GROUPS: tuple[Register, ...] = (
    desk.register,  # hash-password
    lint.register,  # lint
    new_device.register,  # new-device
    versions.register,  # diff, new-version, publish, withdraw, lock
    formats.register,  # export, import
)
"""Every subcommand beyond validate and schema, by the module that holds it; nothing registers itself."""


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code. Never lets a traceback reach the user."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage error
        return int(exit_.code or 0) and EXIT_USAGE
    handler: Command = args.handler
    try:
        return handler(args, out or sys.stdout)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`gmlp-cards validate | head`): not an error of ours. Point stdout
        # at /dev/null so the interpreter's final flush does not fail again on exit.
        if out is None:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:  # a bug of ours; report it in one line rather than a traceback
        print(f"gmlp-cards {args.command}: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
