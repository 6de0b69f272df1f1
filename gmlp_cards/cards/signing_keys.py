"""Ed25519 keys of card signing: a maker's private key (PEM, kept outside the card folder) and the
public keys each manufacturer lists in the card folder's `keys.json`.

A key's id is its fingerprint: the SHA-256 of the raw 32-byte public key, in lower-case hex. The
same key made by `gmlp-cards keygen` or by `openssl genpkey -algorithm ed25519` has the same id.

`keys.json` (written by `gmlp-cards keygen --manufacturer`, sorted keys, two-space indent, so it
reviews well in a diff, like the lock):

    {"about": "...", "format": 1, "manufacturers": {
      "Example Imaging Ltd (fictional)": [
        {"ed25519": "<the raw public key, base64>", "id": "<sha-256 hex of the raw public key>"}]}}

JSON and not YAML: every `*.yaml` in the card folder is taken for a card (`gmlp-cards validate
model_cards/`, and the pre-commit hook, which passes each changed model_cards YAML file), so a
keys.yaml would be judged, and refused, as a card.

The manufacturer name is exactly `identity.manufacturer.name` of that maker's cards. An entry whose
id is not the fingerprint of its key is refused, so a listing cannot name one key and hold another.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gmlp_cards.cards.folder_write import write_inside
from gmlp_cards.cards.loader import read_card_bytes
from gmlp_cards.errors import CardError

KEYS_NAME = "keys.json"
KEYS_FORMAT = 1
MAX_KEYS_BYTES = 1024 * 1024
MAX_PRIVATE_KEY_BYTES = 64 * 1024
_ABOUT = (
    "Public keys that sign this folder's cards, by manufacturer (exactly as identity.manufacturer.name). "
    "id: SHA-256 of the raw Ed25519 public key (hex); ed25519: that key, base64. Written by "
    "`gmlp-cards keygen --manufacturer`; `gmlp-cards verify` checks every signature against it."
)


class KeyFileError(ValueError):
    """A key file or keys.json cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class ListedKey:
    """One public key a manufacturer lists."""

    key_id: str
    public_key: Ed25519PublicKey


@dataclass(frozen=True)
class KeyRing:
    """The public keys of `keys.json`, by manufacturer name."""

    keys: Mapping[str, tuple[ListedKey, ...]]

    def find(self, manufacturer: str, key_id: str) -> ListedKey | None:
        return next((k for k in self.keys.get(manufacturer, ()) if k.key_id == key_id), None)


def raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    """The key's id: SHA-256 of its raw 32 bytes, hex."""
    return hashlib.sha256(raw_public(public_key)).hexdigest()


def keys_path(root: Path) -> Path:
    return Path(root) / KEYS_NAME


def inside(root: Path, path: Path) -> bool:
    """Whether `path` lies in the card folder `root` (resolved, so a link into it counts)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """An unencrypted PKCS#8 PEM Ed25519 private key (what keygen and `openssl genpkey` write)."""
    try:
        data = read_card_bytes(Path(path), MAX_PRIVATE_KEY_BYTES, "key file")
    except CardError as error:
        raise KeyFileError(f"{path} {error.problems[0].message}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise KeyFileError(
            f"{path} is encrypted; give an unencrypted PEM key (kept off the card folder)"
        ) from None
    except (ValueError, UnsupportedAlgorithm) as error:
        raise KeyFileError(f"{path} is not a PEM private key: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(
            f"{path} is a {type(key).__name__}, not Ed25519; make one with `gmlp-cards keygen` "
            "or `openssl genpkey -algorithm ed25519`"
        )
    return key


def write_private_key(path: Path, root: Path) -> Ed25519PrivateKey:
    """Make a new key and write it to `path` (mode 0600, never over an existing file); refuse a
    path inside the card folder, which is published with the cards."""
    if inside(root, path):
        raise KeyFileError(f"{path} is inside the card folder {root}: a private key must never be published")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        raise KeyFileError(f"{path} already exists; a key is never overwritten") from None
    except OSError as error:
        raise KeyFileError(f"{path} cannot be written: {error.strerror}") from None
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return key


def parse_keys(text: str, where: str) -> KeyRing:
    """The key ring held by the text of a keys.json; raises KeyFileError naming what is wrong."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise KeyFileError(f"{where} is not valid JSON (line {error.lineno}): {error.msg}") from None
    if (
        not isinstance(raw, dict)
        or raw.get("format") != KEYS_FORMAT
        or not isinstance(raw.get("manufacturers"), dict)
    ):
        raise KeyFileError(f'{where} must be a JSON object with "format": {KEYS_FORMAT} and "manufacturers"')
    ring: dict[str, tuple[ListedKey, ...]] = {}
    for name, entries in raw["manufacturers"].items():
        if not isinstance(entries, list):
            raise KeyFileError(f"{where}: {name!r} must list its keys (got {type(entries).__name__})")
        ring[str(name)] = tuple(_listed(entry, f"{where}: {name}", i) for i, entry in enumerate(entries))
    return KeyRing(ring)


def _listed(entry: object, where: str, index: int) -> ListedKey:
    if (
        not isinstance(entry, dict)
        or not isinstance(entry.get("id"), str)
        or not isinstance(entry.get("ed25519"), str)
    ):
        raise KeyFileError(f"{where}, key {index + 1}: must be a mapping with id and ed25519 (text)")
    try:
        raw = base64.b64decode(entry["ed25519"], validate=True)
        public = Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise KeyFileError(f"{where}, key {index + 1}: ed25519 is not a base64 32-byte public key") from None
    actual = key_id(public)
    if entry["id"] != actual:
        raise KeyFileError(
            f"{where}, key {index + 1}: id {entry['id']} is not this key's fingerprint {actual}"
        )
    return ListedKey(actual, public)


def read_keys_text(root: Path) -> str | None:
    """The text of the folder's keys.json, or None when it has none (bounded, regular file only)."""
    path = keys_path(root)
    if not os.path.lexists(path):
        return None
    try:
        return read_card_bytes(path, MAX_KEYS_BYTES, "key list").decode("utf-8")
    except CardError as error:
        raise KeyFileError(f"{path} {error.problems[0].message}") from None
    except UnicodeDecodeError as error:
        raise KeyFileError(f"{path} cannot be read: {error}") from None


def read_keys(root: Path) -> KeyRing:
    """The folder's key ring; empty when there is no keys.json."""
    text = read_keys_text(root)
    return KeyRing({}) if text is None else parse_keys(text, str(keys_path(root)))


def dumps_keys(ring: KeyRing) -> str:
    """keys.json text: sorted keys, two-space indent, one trailing newline; keys in the order added."""
    manufacturers = {
        name: [
            {"ed25519": base64.b64encode(raw_public(k.public_key)).decode("ascii"), "id": k.key_id}
            for k in keys
        ]
        for name, keys in ring.keys.items()
    }
    body = {"about": _ABOUT, "format": KEYS_FORMAT, "manufacturers": manufacturers}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def add_key(root: Path, manufacturer: str, public_key: Ed25519PublicKey) -> Path:
    """List `public_key` for `manufacturer` in the folder's keys.json (kept if already listed)."""
    ring = read_keys(root)
    listed = ListedKey(key_id(public_key), public_key)
    current = ring.keys.get(manufacturer, ())
    if ring.find(manufacturer, listed.key_id) is None:
        ring = KeyRing({**ring.keys, manufacturer: (*current, listed)})
    return write_inside(root, keys_path(root), dumps_keys(ring))
