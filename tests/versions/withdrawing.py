"""Withdrawing an example version through the CLI, as the publishing and portal tests both do."""

from __future__ import annotations

import io
from pathlib import Path

from gmlp_cards.cli.main import main

LUMEN = "lumen-cxr-triage"


def withdraw_lumen(cards: Path, reason: str = "CR module misreads some plates.") -> tuple[int, str]:
    """Run `gmlp-cards withdraw lumen-cxr-triage 1.1.0 --reason REASON` on `cards`: exit code and output."""
    out = io.StringIO()
    code = main(["withdraw", LUMEN, "1.1.0", "--reason", reason, "--cards", str(cards)], out)
    return code, out.getvalue()
