"""Subcommands for signed cards: `keygen`, `sign` and `verify`; and the key step of `publish --sign`."""

from __future__ import annotations

import argparse
import base64
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gmlp_cards.cards.card_file import CardFile
from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.folder_write import WriteRefused
from gmlp_cards.cards.lock import LOCK_NAME
from gmlp_cards.cards.signing import SigningError, sign_entry, verify_entry
from gmlp_cards.cards.signing_keys import (
    KEYS_NAME,
    KeyFileError,
    add_key,
    inside,
    key_id,
    load_private_key,
    raw_public,
    read_keys,
    write_private_key,
)
from gmlp_cards.cli.common import COMMAND_HELP, EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_cards_option, say_error
from gmlp_cards.model import Status


def signing_key(
    command: str, path: Path, root: Path, device_id: str, version: str
) -> Ed25519PrivateKey | None:
    """The private key to sign `device_id version` with, checked before anything is written: outside
    the card folder and listed for the card's manufacturer. None once the reason is on stderr."""
    if inside(root, path):
        say_error(command, [f"refused: {path} is inside the card folder {root}; keep private keys elsewhere"])
        return None
    try:
        key = load_private_key(path)
        entry = Catalog.load(root).entry(device_id, version)
        if entry is None or entry.loaded is None:
            say_error(command, [f"refused: no readable card {device_id} {version} under {root}"])
            return None
        manufacturer = entry.loaded.card.identity.manufacturer.name
        if read_keys(root).find(manufacturer, key_id(key.public_key())) is None:
            say_error(
                command,
                [
                    f"refused: key {key_id(key.public_key())} is not listed for {manufacturer} in "
                    f"{root / KEYS_NAME}; list it with `gmlp-cards keygen --manufacturer` first"
                ],
            )
            return None
    except KeyFileError as error:
        say_error(command, [f"refused: {error}"])
        return None
    return key


def sign_and_report(
    command: str, root: Path, device_id: str, version: str, key: Ed25519PrivateKey, out: TextIO
) -> int:
    """Sign a published card (its file and lock entry as they are now) and say where it went."""
    entry = Catalog.load(root).entry(device_id, version)
    try:
        if entry is None:
            raise SigningError(f"no card {device_id} {version} under {root}")
        written = sign_entry(root, entry, key)
    except (SigningError, WriteRefused) as error:
        say_error(command, [f"not signed: {error}"])
        return EXIT_FAILED
    print(f"signed {entry.path} with key {key_id(key.public_key())}: {written}", file=out)
    return EXIT_OK


def _sign(args: argparse.Namespace, out: TextIO) -> int:
    key = signing_key("sign", args.key, args.cards, args.device, args.version)
    if key is None:
        return EXIT_FAILED
    return sign_and_report("sign", args.cards, args.device, args.version, key, out)


def _keygen(args: argparse.Namespace, out: TextIO) -> int:
    try:
        key = write_private_key(args.keyfile, args.cards)
    except KeyFileError as error:
        say_error("keygen", [f"refused: {error}"])
        return EXIT_FAILED
    public = key.public_key()
    encoded = base64.b64encode(raw_public(public)).decode("ascii")
    print(
        f"wrote private key {args.keyfile} (mode 0600; never commit it or put it in the card folder)",
        file=out,
    )
    print(f"key id {key_id(public)}", file=out)
    if args.manufacturer is None:
        print(f"public key (ed25519, base64) {encoded}: list it in {args.cards / KEYS_NAME}", file=out)
        return EXIT_OK
    try:
        listed = add_key(args.cards, args.manufacturer, public)
    except (KeyFileError, WriteRefused) as error:
        say_error("keygen", [f"the key was made but not listed: {error}"])
        return EXIT_FAILED
    print(f"listed it for {args.manufacturer} in {listed}", file=out)
    return EXIT_OK


@dataclass(frozen=True)
class _Target:
    root: Path
    device_id: str | None
    version: str | None


def _target(args: argparse.Namespace) -> _Target:
    """What `verify` was pointed at: a card file, a device folder, a card folder, or a device id."""
    given: str | None = args.target
    if given is None:
        return _Target(args.cards, None, None)
    path = Path(given)
    if path.is_file() and path.name.endswith(".yaml"):
        return _Target(path.parent.parent, path.parent.name, path.name.removesuffix(".yaml"))
    if path.is_dir():
        if (path / LOCK_NAME).exists() or (path / KEYS_NAME).exists():
            return _Target(path, None, None)
        return _Target(path.parent, path.name, args.version)
    return _Target(args.cards, given, args.version)


def _public(entry: CardFile) -> bool:
    """Published or withdrawn (or recorded in the lock): drafts are not signed."""
    if entry.lock is not None:
        return True
    return entry.loaded is not None and entry.loaded.summary.status is not Status.draft


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    target = _target(args)
    if not target.root.is_dir():
        say_error("verify", [f"no such card folder: {target.root}"])
        return EXIT_USAGE
    entries = [
        e
        for e in Catalog.load(target.root).files
        if e.version
        and _public(e)
        and target.device_id in (None, e.device_id)
        and target.version in (None, e.version)
    ]
    if not entries:
        wanted = " ".join(w for w in (target.device_id, target.version) if w) or "published cards"
        say_error("verify", [f"no {wanted} under {target.root}"])
        return EXIT_USAGE
    counts = {"verified": 0, "failed": 0, "unsigned": 0}
    for entry in entries:
        check = verify_entry(target.root, entry)
        counts[check.state] += 1
        if check.state == "verified":
            print(f"{entry.path}: {check.text}", file=out)
        elif check.state == "failed":
            say_error("verify", [f"{entry.path}: {check.reason}"])
        elif args.require_signed:
            say_error("verify", [f"{entry.path}: not signed (--require-signed)"])
        else:
            print(f"{entry.path}: note: not signed", file=out)
    print(
        f"{counts['verified']} verified, {counts['failed']} failed, {counts['unsigned']} not signed",
        file=out,
    )
    failed = counts["failed"] or (args.require_signed and counts["unsigned"])
    return EXIT_FAILED if failed else EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the signing subcommands to the `gmlp-cards` parser."""

    keygen = commands.add_parser("keygen", help=COMMAND_HELP["keygen"])
    keygen.add_argument("keyfile", type=Path, metavar="KEYFILE", help="where to write the private key (PEM)")
    keygen.add_argument(
        "--manufacturer", metavar="NAME", help="list the public key for NAME (as in the cards) in keys.json"
    )
    add_cards_option(keygen)
    keygen.set_defaults(handler=_keygen)

    sign = commands.add_parser("sign", help=COMMAND_HELP["sign"])
    sign.add_argument("device", metavar="DEVICE")
    sign.add_argument("version", metavar="VERSION")
    sign.add_argument("--key", type=Path, required=True, metavar="KEYFILE", help="Ed25519 private key (PEM)")
    add_cards_option(sign)
    sign.set_defaults(handler=_sign)

    verify = commands.add_parser("verify", help=COMMAND_HELP["verify"])
    verify.add_argument("target", nargs="?", metavar="PATH|DEVICE", help="a card, device or card folder")
    verify.add_argument("version", nargs="?", metavar="VERSION")
    verify.add_argument(
        "--require-signed", action="store_true", help="fail on an unsigned published card, not just note it"
    )
    add_cards_option(verify)
    verify.set_defaults(handler=_verify)
