"""Subcommands beyond validate and schema, each registered by the module that owns it."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from gmlp_cards import auth, lint

Register = Callable[[argparse._SubParsersAction], None]  # type: ignore[type-arg]

COMMANDS: list[Register] = [auth.register_cli, lint.register]

# export and import (CHAI, HTI-1, PDF, QR) append their `register` to COMMANDS when imported.
from gmlp_cards.formats import cli as formats_cli  # noqa: E402, F401
