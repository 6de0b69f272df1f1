"""`gmlp-cards index`: build or refresh the catalog index beside the cards (cards/index.py).

Run it where the cards are deployed (a build step, or after a `git pull`): the portal's first reader
after a restart then waits for no card to be parsed. The portal also adds what it validates to the
index itself when it may write the folder; a read-only deployment needs this command.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TextIO

from gmlp_cards.cli.common import COMMAND_HELP, EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_deployed_cards_option


def _index(args: argparse.Namespace, out: TextIO) -> int:
    from gmlp_cards.cards.catalog import Catalog
    from gmlp_cards.cards.index import INDEX_NAME, CardIndex

    root: Path = args.cards
    if not root.is_dir():
        print(f"gmlp-cards index: no card folder at {root}", file=out)
        return EXIT_USAGE
    index = CardIndex.open(root)
    if index is None or not index.writable:
        print(f"gmlp-cards index: cannot write {root / INDEX_NAME} (read-only folder?)", file=out)
        return EXIT_FAILED
    start = time.perf_counter()
    catalog = Catalog.load(root, index=index)
    present = {f.loaded.sha256 for f in catalog.files if f.loaded is not None}
    forgotten = index.prune(present)
    valid = sum(1 for f in catalog.files if f.valid)
    print(
        f"indexed {valid} valid of {len(catalog.files)} card files in {time.perf_counter() - start:.1f} s; "
        f"{forgotten} old entries forgotten; {len(catalog.problems)} problems (see `gmlp-cards validate`)",
        file=out,
    )
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `gmlp-cards index` to the CLI (registered by gmlp_cards/cli/main.py)."""
    parser = commands.add_parser("index", help=COMMAND_HELP["index"])
    add_deployed_cards_option(parser)
    parser.set_defaults(handler=_index)
