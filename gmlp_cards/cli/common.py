"""What every command shares: the default card folder, the exit codes, the error line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

DEFAULT_CARDS = Path("model_cards")

EXIT_OK = 0
EXIT_FAILED = 1
"""Cards invalid (validate, lint) or a change refused (publish, withdraw, import, export)."""
EXIT_USAGE = 2
EXIT_INTERNAL = 3
"""A bug of ours, reported in one line instead of a traceback."""
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE, what the shell reports for a command cut off by a pipe."""


def say_error(command: str, lines: list[str]) -> None:
    """Each line on stderr, prefixed with `gmlp-cards <command>:`."""
    for line in lines:
        print(f"gmlp-cards {command}: {line}", file=sys.stderr)


def card_command(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    handler: Callable[[argparse.Namespace, TextIO], int],
    *positionals: tuple[str, str],
) -> argparse.ArgumentParser:
    """A subcommand on one device's cards: `name DEVICE [POSITIONALS ...] [--cards DIR]`, run by `handler`.

    `positionals` are (dest, metavar) pairs after DEVICE; the caller adds the command's own options.
    """
    parser = commands.add_parser(name, help=COMMAND_HELP[name])
    parser.add_argument("device", metavar="DEVICE")
    for dest, metavar in positionals:
        parser.add_argument(dest, metavar=metavar)
    add_cards_option(parser)
    parser.set_defaults(handler=handler)
    return parser


def add_deployed_cards_option(parser: argparse.ArgumentParser) -> None:
    """`--cards DIR` of the commands that read the deployed cards (index, export, preview): by default
    the folder the portal reads (`config.cards_dir`), so they need no flag where the portal runs."""
    from gmlp_cards.config import cards_dir  # here, so `--help` imports no more than it needs

    parser.add_argument(
        "--cards", type=Path, default=cards_dir(), help="folder of card files (default: GMLP_CARDS_DIR)"
    )


def add_cards_option(parser: argparse.ArgumentParser) -> None:
    """`--cards DIR`, the card folder a command reads and writes (new-device and the version commands)."""
    parser.add_argument(
        "--cards",
        type=Path,
        default=DEFAULT_CARDS,
        metavar="DIR",
        help=f"card folder (default: {DEFAULT_CARDS}/)",
    )


def existing_paths(given: list[Path] | None, command: str) -> list[Path] | None:
    """The card files or folders a command was given (the default folder if none), or None once the
    missing ones are named on stderr (a usage error: validate and lint take the same paths)."""
    paths = given or [DEFAULT_CARDS]
    missing = [p for p in paths if not p.exists()]
    if missing:
        say_error(command, [f"no such file or folder: {', '.join(map(str, missing))}"])
        return None
    return paths


COMMAND_HELP: dict[str, str] = {
    "validate": "check card files; exit 1 if any is invalid",
    "schema": "print the JSON Schema of a card",
    "hash-password": (
        "print a scrypt hash for a desk user (asks for the password; never pass it as an argument)"
    ),
    "lint": "evidence checks and GMLP coverage; exit 1 on invalid cards (or warnings with --strict)",
    "new-device": "start a new device: a draft 1.0.0 card with a TODO in every field",
    "diff": "structured difference between two versions of a device",
    "new-version": "start a draft from the latest published version",
    "migrate": "write the next version of a schema-1 device as a schema-2 draft",
    "publish": "check a draft, mark it published, record it in the lock",
    "withdraw": "withdraw a published version (kept readable, bannered)",
    "lock": "create cards.lock.json for the published cards (--init)",
    "keygen": "make an Ed25519 signing key (PEM, kept outside the card folder) and list it in keys.json",
    "sign": "sign a published card and its lock entry (writes <version>.sig beside it)",
    "verify": "check card signatures against keys.json; exit 1 if any fails",
    "export": "write a card as CHAI XML, a FHIR R4 Bundle, HTI-1 JSON, HTML, PDF or QR label",
    "import": "turn another format's card into a draft card",
    "preview": "write the four tiers of a card (drafts too) as HTML from local files and open them",
    "index": "build the catalog index beside the cards, so a restart parses no unchanged card",
}
"""Each command's line in `gmlp-cards --help`, in its order. Here, not in the command's module, so that
`--help` lists every command without importing any of them (cli/main.py imports only the one run)."""
