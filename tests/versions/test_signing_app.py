"""The device page shows a card's signature: "Signed by ..., verified", or a warning when it fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .signing_support import LUMEN, NORTHWIND, fingerprint, write_keys
from .test_versions_app import open_on


def test_a_verified_signature_is_shown_with_maker_and_key(
    signed: Path, maker_key: Ed25519PrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_on(signed, monkeypatch, "device", device=LUMEN, version="1.1.0")
    assert [str(e.value) for e in at.success] == [
        f"Signed by {NORTHWIND} (key {fingerprint(maker_key)}), verified"
    ]
    assert not any("signature" in str(e.value) for e in at.warning)


def test_a_failing_signature_is_a_warning_naming_why(
    signed: Path, maker_key: Ed25519PrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_keys(signed, {NORTHWIND: [Ed25519PrivateKey.generate()]})  # the signing key is no longer listed
    at = open_on(signed, monkeypatch, "device", device=LUMEN, version="1.1.0")
    warnings = [str(e.value) for e in at.warning if "signature" in str(e.value)]
    assert len(warnings) == 1
    assert warnings[0].startswith("The signature of this card does not verify: key ")
    assert f"{fingerprint(maker_key)} is not listed for {NORTHWIND} in keys.json" in warnings[0]
    assert not at.success


def test_an_unsigned_card_shows_no_signature_banner(signed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_on(signed, monkeypatch, "device", device=LUMEN, version="1.0.0")
    assert not at.success
    assert not any("signature" in str(e.value) for e in at.warning)
