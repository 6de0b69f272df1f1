"""The desk's command: `gmlp-cards hash-password` prints a scrypt hash for a desk user."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import IO

from gmlp_cards.cli.common import COMMAND_HELP, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from gmlp_cards.concerns.access import ENV_DESK_USERS, MIN_PASSWORD_LENGTH, hash_password


def hash_password_command(stdin: IO[str], stdout: IO[str], stderr: IO[str] | None = None) -> int:
    """`gmlp-cards hash-password`: read a password (prompt on a terminal, else a line of stdin)."""
    if stdin.isatty():
        password = getpass.getpass("Desk password: ")
        if getpass.getpass("Again: ") != password:
            _say(stderr, "The two passwords differ; nothing was hashed.")
            return EXIT_FAILED
    else:
        password = stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD_LENGTH:
        _say(stderr, f"Use at least {MIN_PASSWORD_LENGTH} characters; nothing was hashed.")
        return EXIT_USAGE
    stdout.write(hash_password(password) + "\n")
    _say(
        stderr,
        'Put it in .streamlit/secrets.toml under [desk_users] as  name = "<hash>"  '
        f"or in {ENV_DESK_USERS} as name:<hash>.",
    )
    return EXIT_OK


def _say(stream: IO[str] | None, message: str) -> None:
    if stream is not None:
        stream.write(message + "\n")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `gmlp-cards hash-password` to the CLI (registered by gmlp_cards/cli/main.py)."""
    parser = commands.add_parser("hash-password", help=COMMAND_HELP["hash-password"])
    parser.set_defaults(handler=lambda _args, out: hash_password_command(sys.stdin, out, sys.stderr))
