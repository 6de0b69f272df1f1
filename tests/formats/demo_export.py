"""`gmlp-cards export` of the fixture card demo-dr-screen 1.0.0, as the format tests run it."""

from __future__ import annotations

import io
from pathlib import Path

from chai_support import REPO

from gmlp_cards.cli.main import main

VALID_CARDS = REPO / "tests" / "fixtures" / "cards" / "valid"


def export_demo(target: Path, *options: str) -> int:
    """`gmlp-cards export demo-dr-screen 1.0.0 OPTIONS --cards <valid fixtures> -o TARGET`: its exit code."""
    argv = ["export", "demo-dr-screen", "1.0.0", *options, "--cards", str(VALID_CARDS), "-o", str(target)]
    return main(argv, out=io.StringIO())
