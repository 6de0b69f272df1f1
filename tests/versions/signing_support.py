"""Fictional signing keys for the tests, made with `cryptography` directly (never committed), and a
keys.json written as a maker would write it by hand."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gmlp_cards.cli.main import main

LUMEN = "lumen-cxr-triage"
NORTHWIND = "Northwind Imaging (fictional)"
"""The manufacturer of the fictional Lumen example, as its cards name it."""


def raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PrivateKey) -> str:
    """The documented key id: SHA-256 of the raw public key, hex."""
    return hashlib.sha256(raw(key)).hexdigest()


def write_pem(key: Ed25519PrivateKey, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(pem)
    return path


def write_keys(cards: Path, listing: dict[str, list[Ed25519PrivateKey]]) -> None:
    """keys.json listing each manufacturer's public keys, in the documented format."""
    manufacturers = {
        name: [{"id": fingerprint(key), "ed25519": base64.b64encode(raw(key)).decode()} for key in keys]
        for name, keys in listing.items()
    }
    body = {"format": 1, "manufacturers": manufacturers}
    (cards / "keys.json").write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")


@contextmanager
def edited_json(path: Path) -> Iterator[dict[str, Any]]:
    """A JSON file (signature, lock, keys.json) as a dict to edit by hand; written back, as our tools
    write JSON, when the block ends."""
    data = json.loads(path.read_text(encoding="utf-8"))
    yield data
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()
