"""Subcommands for versions: `diff`, `new-version`, `migrate`, `publish`, `withdraw` and `lock --init`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.publishing import (
    BUMPS,
    REFUSALS,
    Outcome,
    init_lock,
    publish,
    start_draft,
    withdraw,
)
from gmlp_cards.cli.common import (
    COMMAND_HELP,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_cards_option,
    card_command,
    say_error,
)
from gmlp_cards.versions.diff import diff_cards
from gmlp_cards.versions.diff_format import FORMATS, render


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    catalog = Catalog.load(args.cards)
    cards = []
    for version in (args.old, args.new):
        entry = catalog.entry(args.device, version)
        if entry is None or entry.loaded is None:
            known = ", ".join(f.version for f in catalog.files if f.device_id == args.device)
            say_error(
                "diff",
                [
                    f"no readable card {args.device} {version} under {args.cards}"
                    + (f" (versions: {known})" if known else "")
                ],
            )
            return EXIT_USAGE
        if entry.problems:  # still comparable (the file parsed), but say that it is not valid
            say_error("diff", [f"warning: {entry.path} is not valid:", *(str(p) for p in entry.problems)])
        cards.append(entry.loaded.card)
    out.write(render(diff_cards(cards[0], cards[1]), args.format))
    return EXIT_OK


def _draft_step(command: str, step: Callable[[], Outcome], out: TextIO) -> int:
    """Run a step that writes a draft (`new-version`, `migrate`) and report the draft and its notes."""
    try:
        outcome = step()
    except REFUSALS as error:
        say_error(command, getattr(error, "reasons", [str(error)]))
        return EXIT_FAILED
    print(f"wrote draft {outcome.path}", file=out)
    for note in outcome.notes:
        print(note, file=out)
    return EXIT_OK


def _new_version(args: argparse.Namespace, out: TextIO) -> int:
    return _draft_step("new-version", lambda: start_draft(args.cards, args.device, args.bump), out)


def _migrate(args: argparse.Namespace, out: TextIO) -> int:
    from gmlp_cards.cards.migrate import migrate  # yaml dumping only when a card is migrated

    return _draft_step("migrate", lambda: migrate(args.cards, args.device, args.bump), out)


def _publish(args: argparse.Namespace, out: TextIO) -> int:
    key = None
    if args.sign is not None:  # the key is checked before publishing, so a bad key changes nothing
        from gmlp_cards.cli.signing import signing_key

        key = signing_key("publish", args.sign, args.cards, args.device, args.version)
        if key is None:
            return EXIT_FAILED
    try:
        outcome = publish(args.cards, args.device, args.version)
    except REFUSALS as error:
        say_error("publish", ["refused:", *getattr(error, "reasons", [str(error)])])
        return EXIT_FAILED
    print(
        f"published {outcome.path} (sha256 {outcome.sha256}), recorded in {args.cards / 'cards.lock.json'}",
        file=out,
    )
    for note in outcome.notes:  # warnings the card's own numbers raise; published all the same
        print(note, file=out)
    if key is not None:
        from gmlp_cards.cli.signing import sign_and_report

        return sign_and_report("publish", args.cards, args.device, args.version, key, out)
    return EXIT_OK


def _withdraw(args: argparse.Namespace, out: TextIO) -> int:
    key = None
    if args.sign is not None:  # a withdrawal changes the card and its lock entry: sign them anew
        from gmlp_cards.cli.signing import signing_key

        key = signing_key("withdraw", args.sign, args.cards, args.device, args.version)
        if key is None:
            return EXIT_FAILED
    try:
        outcome = withdraw(args.cards, args.device, args.version, args.reason)
    except REFUSALS as error:
        say_error("withdraw", ["refused:", *getattr(error, "reasons", [str(error)])])
        return EXIT_FAILED
    print(f"withdrew {outcome.path}; it stays readable with a banner", file=out)
    if key is not None:
        from gmlp_cards.cli.signing import sign_and_report

        return sign_and_report("withdraw", args.cards, args.device, args.version, key, out)
    return EXIT_OK


def _lock(args: argparse.Namespace, out: TextIO) -> int:
    if not args.init:
        say_error(
            "lock",
            [
                "nothing to do: use `gmlp-cards lock --init` to create the lock, and "
                "`gmlp-cards validate` to check cards against it"
            ],
        )
        return EXIT_USAGE
    try:
        outcome, skipped = init_lock(args.cards)
    except REFUSALS as error:
        say_error("lock", getattr(error, "reasons", [str(error)]))
        return EXIT_FAILED
    print(f"wrote {outcome.path}: {' '.join(outcome.notes)}", file=out)
    if skipped:
        say_error("lock", ["not recorded (invalid):", *skipped])
        return EXIT_FAILED
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the version subcommands to the `gmlp-cards` parser."""

    diff = card_command(commands, "diff", _diff, ("old", "V1"), ("new", "V2"))
    diff.add_argument("--format", choices=FORMATS, default="text")
    for name, handler in (("new-version", _new_version), ("migrate", _migrate)):
        card_command(commands, name, handler).add_argument("--bump", choices=BUMPS, default="minor")
    card_command(commands, "publish", _publish, ("version", "VERSION")).add_argument(
        "--sign",
        type=Path,
        metavar="KEYFILE",
        help="Ed25519 private key (PEM, outside the card folder): write <version>.sig beside the card",
    )
    wd = card_command(commands, "withdraw", _withdraw, ("version", "VERSION"))
    wd.add_argument("--reason", required=True, help="why, in a sentence readers will see")
    wd.add_argument("--sign", type=Path, metavar="KEYFILE", help="Ed25519 private key: sign the withdrawal")

    lock = commands.add_parser("lock", help=COMMAND_HELP["lock"])
    lock.add_argument(
        "--init",
        action="store_true",
        help="record every valid published or withdrawn card of a folder without a lock",
    )
    add_cards_option(lock)
    lock.set_defaults(handler=_lock)
