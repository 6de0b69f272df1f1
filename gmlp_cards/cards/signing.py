"""Signed cards: an Ed25519 signature over a published card's bytes and its lock entry, and its check.

The signature of `model_cards/<device>/<version>.yaml` is the file `<version>.sig` beside it (JSON):

    {"algorithm": "Ed25519", "format": 1, "key_id": "<sha-256 hex of the raw public key>",
     "signature": "<base64 of the 64-byte signature>", "signed": {<the signed fields>}}

The signed fields are the device id, the version, the manufacturer (identity.manufacturer.name), and
every field of the card's lock entry (sha256 of the card's bytes, published_at, status, and for a
withdrawn card its withdrawal fields). The signed message, exactly:

    b"gmlp-cards signature v1\\n" + UTF-8 of json.dumps(signed, sort_keys=True,
                                                        separators=(",", ":"), ensure_ascii=False)

The domain line keeps a signature made for cards from being valid for anything else signed with the
same key; sorted compact JSON has exactly one byte form per set of fields. The card's bytes enter
through their SHA-256 (the lock's own hash), so one changed byte fails.

Why a file beside the card and not a field in the lock: the lock stays what it was (format 1, one
hash per version, deterministic, reviewable in a diff) and readers of it are unaffected; the
signature is deterministic too (Ed25519), so re-signing the same card gives the same file.

Checking, in order, with the first failure named: the signature file reads; its key is listed for
the card's manufacturer in keys.json; the signature verifies with that key; the signed fields are
those of the card and lock entry now. Results are cached by content (`check_signature` is pure).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gmlp_cards.cards.card_file import CardFile, LockEntry
from gmlp_cards.cards.folder_write import write_inside
from gmlp_cards.cards.loader import read_card_bytes
from gmlp_cards.cards.signing_keys import (
    KEYS_NAME,
    KeyFileError,
    key_id,
    parse_keys,
    read_keys,
    read_keys_text,
)
from gmlp_cards.errors import CardError

DOMAIN = b"gmlp-cards signature v1\n"
ALGORITHM = "Ed25519"
SIGNATURE_FORMAT = 1
MAX_SIGNATURE_BYTES = 64 * 1024

State = Literal["verified", "failed", "unsigned"]


class SigningError(ValueError):
    """A card could not be signed; the message says why and nothing was written."""


@dataclass(frozen=True)
class SignatureCheck:
    """The result of checking one card's signature, in words a reader and a CLI user can act on."""

    state: State
    manufacturer: str
    key_id: str | None = None
    reason: str = ""
    """Why it failed, or the note for an unsigned card; empty when verified."""

    @property
    def text(self) -> str:
        if self.state == "verified":
            return f"Signed by {self.manufacturer} (key {self.key_id}), verified"
        if self.state == "unsigned":
            return "Not signed"
        return (
            f"The signature of this card does not verify: {self.reason}. It may not be what "
            f"{self.manufacturer or 'its manufacturer'} published."
        )


def signature_path(card_path: Path) -> Path:
    """`<device>/<version>.sig` for `<device>/<version>.yaml`."""
    return card_path.with_name(card_path.name.removesuffix(".yaml") + ".sig")


def signed_fields(device_id: str, version: str, manufacturer: str, entry: LockEntry) -> dict[str, str]:
    """What a signature covers: the card's identity and every field of its lock entry."""
    return {**entry.as_dict(), "device": device_id, "version": version, "manufacturer": manufacturer}


def message(fields: dict[str, str]) -> bytes:
    """The exact bytes signed (module docstring)."""
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return DOMAIN + body.encode("utf-8")


def dumps_signature(fields: dict[str, str], key: Ed25519PrivateKey) -> str:
    """The `.sig` file's text for `fields`, signed with `key` (sorted keys, trailing newline)."""
    body = {
        "algorithm": ALGORITHM,
        "format": SIGNATURE_FORMAT,
        "key_id": key_id(key.public_key()),
        "signature": base64.b64encode(key.sign(message(fields))).decode("ascii"),
        "signed": fields,
    }
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sign_entry(root: Path, entry: CardFile, key: Ed25519PrivateKey) -> Path:
    """Sign a published (or withdrawn) card that matches its lock entry; write its `.sig`.

    Refused when the key is not listed for the card's manufacturer: a signature nobody can verify
    would only teach readers to ignore the warning.
    """
    if entry.loaded is None or entry.lock is None or entry.tampered or entry.problems:
        raise SigningError(
            f"{entry.path} is not a valid card recorded in the lock; only published cards are signed"
        )
    manufacturer = entry.loaded.card.identity.manufacturer.name
    try:
        listed = read_keys(root).find(manufacturer, key_id(key.public_key()))
    except KeyFileError as error:
        raise SigningError(str(error)) from None
    if listed is None:
        raise SigningError(
            f"key {key_id(key.public_key())} is not listed for {manufacturer} in {KEYS_NAME}; "
            f"list it with `gmlp-cards keygen --manufacturer` (or add it to {root / KEYS_NAME})"
        )
    fields = signed_fields(entry.device_id, entry.version, manufacturer, entry.lock)
    return write_inside(root, signature_path(entry.path), dumps_signature(fields, key))


def verify_entry(root: Path, entry: CardFile, manufacturer: str | None = None) -> SignatureCheck:
    """Check the signature of one catalog entry against the folder's keys.json and lock.

    `manufacturer` saves re-parsing a card the caller already holds. Reads the two small files on
    each call (so an edit is seen at once) and checks through the content-keyed cache.
    """
    if manufacturer is None and entry.loaded is not None:
        manufacturer = entry.loaded.card.identity.manufacturer.name
    sig = signature_path(entry.path)
    if not os.path.lexists(sig):
        return SignatureCheck(
            "unsigned", manufacturer or "", reason=f"{sig.name} is missing: the card is not signed"
        )
    try:
        sig_text = read_card_bytes(sig, MAX_SIGNATURE_BYTES, "signature").decode("utf-8")
        keys_text = read_keys_text(root)
    except (CardError, KeyFileError, UnicodeDecodeError) as error:
        reason = error.problems[0].message if isinstance(error, CardError) else str(error)
        return SignatureCheck("failed", manufacturer or "", reason=f"{sig} cannot be read: {reason}")
    return check_signature(
        entry.device_id,
        entry.version,
        manufacturer,
        _sha256(entry),
        entry.lock,
        sig_text,
        keys_text,
        str(Path(root) / KEYS_NAME),
    )


def _sha256(entry: CardFile) -> str | None:
    if entry.loaded is not None:
        return entry.loaded.sha256
    try:
        return hashlib.sha256(read_card_bytes(entry.path)).hexdigest()
    except (CardError, OSError):
        return None


@functools.lru_cache(maxsize=1024)
def check_signature(
    device_id: str,
    version: str,
    manufacturer: str | None,
    card_sha256: str | None,
    lock: LockEntry | None,
    sig_text: str,
    keys_text: str | None,
    keys_where: str = KEYS_NAME,
) -> SignatureCheck:
    """The signature check itself, a pure function of the contents involved (hence cached).

    `manufacturer` is None when the card no longer parses: the key is then looked up under the
    signed manufacturer, and the check fails on the card's bytes, the change that matters.
    """
    parsed = _parse_signature(sig_text)
    if isinstance(parsed, str):
        return SignatureCheck("failed", manufacturer or "", None, parsed)
    key, signature, fields = parsed
    name = manufacturer if manufacturer is not None else fields.get("manufacturer", "")

    def failed(reason: str, key: str | None = None) -> SignatureCheck:
        return SignatureCheck("failed", name, key, reason)

    if keys_text is None:
        return failed(f"key {key} is not listed for {name} in {KEYS_NAME} (there is none)", key)
    try:
        listed = parse_keys(keys_text, keys_where).find(name, key)
    except KeyFileError as error:
        return failed(str(error), key)
    if listed is None:
        return failed(f"key {key} is not listed for {name} in {KEYS_NAME}", key)
    try:
        listed.public_key.verify(signature, message(fields))
    except InvalidSignature:
        return failed(f"signature does not verify with key {key}", key)
    if card_sha256 != fields.get("sha256"):
        if lock is not None and lock.withdrawn_at and fields.get("sha256") == lock.published_sha256:
            return failed(
                f"the card was withdrawn ({lock.withdrawn_at}) after it was signed; the withdrawal "
                f"is not signed (sign it again: `gmlp-cards sign {device_id} {version} --key KEYFILE`)",
                key,
            )
        return failed("card bytes do not match the signature (the file changed after signing)", key)
    if lock is None:
        return failed("the card is not recorded in the lock, so there is no publication to verify", key)
    expected = signed_fields(device_id, version, name, lock)
    if fields != expected:
        differ = sorted(k for k in expected.keys() | fields.keys() if expected.get(k) != fields.get(k))
        return failed(
            f"the lock entry or card identity does not match the signature ({', '.join(differ)} differ)", key
        )
    return SignatureCheck("verified", name, key)


def _parse_signature(text: str) -> tuple[str, bytes, dict[str, str]] | str:
    """(key id, signature, signed fields) of a `.sig` file, or the reason it is unusable."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        return f"the signature file is not valid JSON (line {error.lineno}): {error.msg}"
    if (
        not isinstance(raw, dict)
        or raw.get("format") != SIGNATURE_FORMAT
        or not isinstance(raw.get("key_id"), str)
        or not isinstance(raw.get("signature"), str)
        or not isinstance(raw.get("signed"), dict)
        or not all(isinstance(v, str) for v in raw["signed"].values())
    ):
        return (
            f"the signature file must be format {SIGNATURE_FORMAT} with key_id, signature and signed fields"
        )
    if raw.get("algorithm") != ALGORITHM:
        return f"the signature's algorithm is {raw.get('algorithm')!r}; only {ALGORITHM} is accepted"
    try:
        signature = base64.b64decode(raw["signature"], validate=True)
    except binascii.Error:
        return "the signature is not base64"
    return raw["key_id"], signature, dict(raw["signed"])
