"""What every command shares: the default card folder, the exit codes, the error line."""

from __future__ import annotations

import sys
from pathlib import Path

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
