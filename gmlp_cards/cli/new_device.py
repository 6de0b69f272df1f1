"""`gmlp-cards new-device ID`: the first card of a new device, a short draft with a TODO in every field.

The draft is `templates/new_card.yaml`, a data file shipped in the package rather than YAML built by
code: what the maker gets is exactly that text, comments and layout included, and it can be read and
reviewed as the card it is. Only the device id and today's date are filled in. It is version 1.0.0,
the first public version (a 0.x card would need a change notice for its 1.0.0), and `status: draft`,
so it validates while `gmlp-cards publish` refuses it until every TODO is gone.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from importlib import resources
from pathlib import Path
from string import Template
from typing import TextIO

from pydantic import TypeAdapter, ValidationError

from gmlp_cards.cards.folder_write import write_inside
from gmlp_cards.cards.loader import load_card
from gmlp_cards.cards.publishing import SCHEMA_COMMENT
from gmlp_cards.cli.common import COMMAND_HELP, EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_cards_option, say_error
from gmlp_cards.model.base import Slug

FIRST_VERSION = "1.0.0"
TEMPLATE = "new_card.yaml"


def template_text() -> str:
    """The shipped template, placeholders `$device_id` and `$today` still in it."""
    return (resources.files("gmlp_cards.cli") / "templates" / TEMPLATE).read_text(encoding="utf-8")


def draft_text(device_id: str, today: dt.date) -> str:
    """The text of the first draft of `device_id`, with the schema comment editors read on top."""
    body = Template(template_text()).substitute(device_id=device_id, today=today.isoformat())
    return f"{SCHEMA_COMMENT}\n{body}"


def slug_problem(device_id: str) -> str | None:
    """Why `device_id` cannot name a device (None when it can), by the card model's own rule."""
    try:
        TypeAdapter(Slug).validate_python(device_id)
    except ValidationError:
        return (
            f"{device_id!r} is not a valid device id: use lower-case letters, digits and "
            "hyphens, 1 to 64 characters, starting and ending with a letter or digit (e.g. acme-cxr)"
        )
    return None


def new_device(root: Path, device_id: str, today: dt.date | None = None) -> Path:
    """Write `<root>/<device_id>/1.0.0.yaml`; raise ValueError (nothing written) when it cannot be."""
    problem = slug_problem(device_id)
    if problem:
        raise ValueError(problem)
    folder = root / device_id
    if folder.exists() or folder.is_symlink():
        raise ValueError(
            f"{folder} already exists: device {device_id!r} has cards; start its next version "
            f"with `gmlp-cards new-version {device_id}`"
        )
    target = folder / f"{FIRST_VERSION}.yaml"
    text = draft_text(device_id, today or dt.date.today())
    load_card(target, data=text.encode("utf-8"))  # a bug of ours if this raises: nothing written yet
    root.mkdir(parents=True, exist_ok=True)
    folder.mkdir()
    try:
        write_inside(root, target, text)
    except BaseException:
        # Leave no empty device folder behind: it would make the next try say "already exists".
        with contextlib.suppress(OSError):
            folder.rmdir()
        raise
    return target


def _run(args: argparse.Namespace, out: TextIO) -> int:
    problem = slug_problem(args.device)
    if problem:
        say_error("new-device", [problem])
        return EXIT_USAGE
    try:
        path = new_device(args.cards, args.device)
    except ValueError as error:  # WriteRefused included: an existing device, a folder we may not write
        say_error("new-device", [str(error)])
        return EXIT_FAILED
    print(f"wrote draft {path}", file=out)
    print(
        f"replace every TODO, check with `gmlp-cards validate {path}`, then run "
        f"`gmlp-cards publish {args.device} {FIRST_VERSION}`",
        file=out,
    )
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `gmlp-cards new-device` to the CLI (registered by gmlp_cards/cli/main.py)."""
    parser = commands.add_parser("new-device", help=COMMAND_HELP["new-device"])
    parser.add_argument("device", metavar="ID", help="device id: lower-case letters, digits, hyphens")
    add_cards_option(parser)
    parser.set_defaults(handler=_run)
