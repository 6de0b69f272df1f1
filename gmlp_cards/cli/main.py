"""The `gmlp-cards` command line: the parser, `validate` and `schema`, and every other command group
listed here, explicitly, in `COMMAND_GROUPS`.

Start-up is kept short: this module imports nothing heavy, and a run imports only the module of the
command it runs (`--help` imports none). `--help` lists the others from `common.COMMAND_HELP`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from gmlp_cards.cli import ci_output
from gmlp_cards.cli.common import (
    COMMAND_HELP,
    EXIT_BROKEN_PIPE,
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    existing_paths,
)
from gmlp_cards.errors import CardProblem

Command = Callable[[argparse.Namespace, TextIO], int]


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from gmlp_cards.cards.catalog import files_for

    paths = existing_paths(args.paths, "validate")
    if paths is None:
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
    from gmlp_cards.model import ModelCard

    schema = ModelCard.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gmlp-cards.example.org/schema/model-card.schema.json",
        **schema,
    }


COMMAND_GROUPS: dict[str, tuple[str, ...]] = {
    "gmlp_cards.cli.desk": ("hash-password",),
    "gmlp_cards.cli.lint": ("lint",),
    "gmlp_cards.cli.new_device": ("new-device",),
    "gmlp_cards.cli.versions": ("diff", "new-version", "migrate", "publish", "withdraw", "lock"),
    "gmlp_cards.cli.signing": ("keygen", "sign", "verify"),
    "gmlp_cards.cli.formats": ("export", "import"),
    "gmlp_cards.cli.preview": ("preview",),
    "gmlp_cards.cli.index": ("index",),
}
"""Every subcommand beyond validate and schema, by the module whose `register` adds it; nothing
registers itself, and a module is imported only when one of its commands runs."""


def _register_core(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    validate = commands.add_parser("validate", help=COMMAND_HELP["validate"])
    ci_output.add_card_paths(validate)
    ci_output.add_format_option(validate)
    validate.set_defaults(handler=_validate)
    schema = commands.add_parser("schema", help=COMMAND_HELP["schema"])
    schema.set_defaults(handler=_schema)


def build_parser(command: str | None = None, *, every: bool = False) -> argparse.ArgumentParser:
    """The parser with `command` (or, with `every`, each command) in full; the others are listed
    by name and help only, so that parsing never imports a command that does not run."""
    parser = argparse.ArgumentParser(
        prog="gmlp-cards", description="Model cards for AI-enabled medical devices (GMLP)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _register_core(commands)
    for module, names in COMMAND_GROUPS.items():
        if every or command in names:
            importlib.import_module(module).register(commands)
        else:
            for name in names:
                commands.add_parser(name, help=COMMAND_HELP[name])
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv`: its first word that is not an option (the top level has only -h)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code. Never lets a traceback reach the user."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_in(words))
    try:
        args = parser.parse_args(words)
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
