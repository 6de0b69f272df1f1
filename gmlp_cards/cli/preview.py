"""`gmlp-cards preview DEVICE VERSION`: every tier of a card as HTML in a fresh folder, opened in a browser.

For the maker while writing a card: it reads the local card folder (drafts included, no database,
no server) and writes the same self-contained HTML `export --to html` writes, one file per tier,
plus an index linking them. The browser opens only when there is a display to open it on and
`--no-open` is not given, so a terminal, CI job or test is never held by a browser.
"""

from __future__ import annotations

import argparse
import html
import tempfile
import webbrowser
from pathlib import Path
from typing import TextIO

from gmlp_cards.cli.common import COMMAND_HELP, EXIT_OK, add_deployed_cards_option
from gmlp_cards.cli.formats import TIERS, load_card_for
from gmlp_cards.config import display_available


def write_preview(folder: Path, documents: dict[str, str], title: str) -> Path:
    """Write `<folder>/<tier>.html` for each tier and `index.html` linking them; return the index."""
    from gmlp_cards.formats.html import head_meta  # the export's Content-Security-Policy, one place

    for tier, document in documents.items():
        (folder / f"{tier}.html").write_text(document, encoding="utf-8")
    links = "".join(f'<li><a href="{tier}.html">{tier}</a></li>' for tier in documents)
    index = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">{head_meta(frozenset())}'
        f"<title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
        f"<ul>{links}</ul></body></html>\n"
    )
    path = folder / "index.html"
    path.write_text(index, encoding="utf-8")
    return path


def _preview(args: argparse.Namespace, out: TextIO) -> int:
    found = load_card_for("preview", args)
    if isinstance(found, int):
        return found
    catalog, card = found
    from gmlp_cards.formats.pdf import tier_html  # the export's HTML: charts inline, nothing fetched

    documents = {tier: tier_html(catalog, card, tier) for tier in TIERS}
    if args.output is None:
        # mkdtemp: a new folder only this user can read, so two previews never overwrite each other.
        folder = Path(tempfile.mkdtemp(prefix=f"gmlp-cards-preview-{card.device_id}-{card.version}-"))
    else:
        folder = args.output
        folder.mkdir(parents=True, exist_ok=True)
    title = f"{card.identity.device_name} {card.version} ({card.identity.status.value})"
    index = write_preview(folder, documents, title)
    for tier in TIERS:
        print(f"wrote {folder / f'{tier}.html'}", file=out)
    print(f"wrote {index}", file=out)
    page = (folder / f"{args.tier}.html").resolve()
    if args.no_open:
        return EXIT_OK
    if not display_available():
        print(f"no display to open a browser on; open {page} yourself", file=out)
        return EXIT_OK
    opened = webbrowser.open(page.as_uri())
    print(f"opened {page}" if opened else f"no browser found; open {page} yourself", file=out)
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `gmlp-cards preview` to the CLI (registered by gmlp_cards/cli/main.py)."""
    parser = commands.add_parser("preview", help=COMMAND_HELP["preview"])
    parser.add_argument("device", metavar="DEVICE")
    parser.add_argument("version", metavar="VERSION")
    parser.add_argument("--tier", choices=TIERS, default="front", help="the tier to open (default: front)")
    add_deployed_cards_option(parser)
    parser.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="folder to write to (default: a new temporary one)"
    )
    parser.add_argument("--no-open", action="store_true", help="write the files and print their paths only")
    parser.set_defaults(handler=_preview)
