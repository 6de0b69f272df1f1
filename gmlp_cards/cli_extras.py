"""Subcommands beyond validate and schema, each registered by the module that owns it."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from gmlp_cards import auth, lint

Register = Callable[[argparse._SubParsersAction], None]  # type: ignore[type-arg]

COMMANDS: list[Register] = [auth.register_cli, lint.register]

# These modules append their own `register` to COMMANDS when imported: versions (diff,
# new-version, publish, withdraw, lock); export and import (CHAI, HTI-1, PDF, QR).
from gmlp_cards import versions_cli  # noqa: E402, F401
from gmlp_cards.formats import cli as formats_cli  # noqa: E402, F401
