"""Signed cards: sign -> verify passes; a changed byte, a wrong key, an unlisted key each fail, named."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .signing_support import LUMEN, NORTHWIND, edited_json, fingerprint, run, write_keys, write_pem
from .test_lock_tamper import flip_one_byte
from .test_publishing import fill_in
from .withdrawing import withdraw_lumen


def verify(cards: Path, *target: str) -> tuple[int, str]:
    return run("verify", *target, "--cards", str(cards))


def lumen_fails(cards: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """`verify` of Lumen 1.1.0 exits 1 (a signature failed); what it said on stderr."""
    assert verify(cards, LUMEN, "1.1.0")[0] == 1
    return capsys.readouterr().err


def test_sign_then_verify_passes(signed: Path, maker_key: Ed25519PrivateKey) -> None:
    code, out = verify(signed, LUMEN, "1.1.0")
    assert code == 0
    assert f"Signed by {NORTHWIND} (key {fingerprint(maker_key)}), verified" in out
    assert out.endswith("1 verified, 0 failed, 0 not signed\n")


def test_the_signature_is_over_the_documented_message(signed: Path, maker_key: Ed25519PrivateKey) -> None:
    card = signed / LUMEN / "1.1.0.yaml"
    sig = json.loads((signed / LUMEN / "1.1.0.sig").read_text(encoding="utf-8"))
    lock = json.loads((signed / "cards.lock.json").read_text(encoding="utf-8"))["cards"][f"{LUMEN}/1.1.0"]
    assert sig["algorithm"] == "Ed25519" and sig["format"] == 1
    assert sig["key_id"] == fingerprint(maker_key)
    assert sig["signed"] == {
        "device": LUMEN,
        "version": "1.1.0",
        "manufacturer": NORTHWIND,
        "sha256": hashlib.sha256(card.read_bytes()).hexdigest(),
        "published_at": lock["published_at"],
        "status": "published",
    }
    body = json.dumps(sig["signed"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = b"gmlp-cards signature v1\n" + body.encode("utf-8")
    maker_key.public_key().verify(base64.b64decode(sig["signature"]), message)  # raises if not


def test_one_changed_byte_fails_naming_the_card_bytes(
    signed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flip_one_byte(signed / LUMEN / "1.1.0.yaml")
    code, out = verify(signed, LUMEN, "1.1.0")
    assert code == 1
    assert "card bytes do not match the signature" in capsys.readouterr().err
    assert out.endswith("0 verified, 1 failed, 0 not signed\n")


def test_a_signature_by_another_key_fails_naming_the_key(
    signed: Path, maker_key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str]
) -> None:
    # A forger signs the same fields with their own key but names the maker's listed key.
    with edited_json(signed / LUMEN / "1.1.0.sig") as sig:
        body = json.dumps(sig["signed"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        forged = Ed25519PrivateKey.generate().sign(b"gmlp-cards signature v1\n" + body.encode())
        sig["signature"] = base64.b64encode(forged).decode()
    assert f"signature does not verify with key {fingerprint(maker_key)}" in lumen_fails(signed, capsys)


def test_a_key_not_listed_for_the_manufacturer_fails_naming_key_and_maker(
    signed: Path, maker_key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str]
) -> None:
    # The maker's key now listed only for another manufacturer; Northwind lists a different key.
    write_keys(signed, {NORTHWIND: [Ed25519PrivateKey.generate()], "Other Maker (fictional)": [maker_key]})
    err = lumen_fails(signed, capsys)
    assert f"key {fingerprint(maker_key)} is not listed for {NORTHWIND} in keys.json" in err


def test_a_changed_lock_entry_fails_naming_the_field(
    signed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with edited_json(signed / "cards.lock.json") as lock:
        lock["cards"][f"{LUMEN}/1.1.0"]["published_at"] = "2020-01-01"  # the hash still matches the file
    assert "does not match the signature (published_at differ)" in lumen_fails(signed, capsys)


def test_an_unsigned_card_is_a_note_unless_signatures_are_required(
    signed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = verify(signed, LUMEN, "1.0.0")
    assert code == 0 and "1.0.0.yaml: note: not signed" in out
    code, out = run("verify", LUMEN, "1.0.0", "--require-signed", "--cards", str(signed))
    assert code == 1 and "not signed (--require-signed)" in capsys.readouterr().err


def test_verify_takes_a_card_file_or_the_whole_folder(signed: Path) -> None:
    code, out = run("verify", str(signed / LUMEN / "1.1.0.yaml"))
    assert code == 0 and out.endswith("1 verified, 0 failed, 0 not signed\n")
    code, out = run("verify", str(signed))
    assert code == 0 and "1 verified, 0 failed, " in out  # every other example: not signed


def test_verify_of_an_unknown_device_is_a_usage_error(
    signed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify(signed, "no-such-device")[0] == 2
    assert "no no-such-device under" in capsys.readouterr().err


def test_sign_refuses_a_key_not_listed_and_writes_nothing(
    locked_cards: Path, tmp_path: Path, maker_key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str]
) -> None:
    write_keys(locked_cards, {NORTHWIND: [Ed25519PrivateKey.generate()]})
    key_file = write_pem(maker_key, tmp_path / "private" / "stray.pem")
    code, _ = run("sign", LUMEN, "1.1.0", "--key", str(key_file), "--cards", str(locked_cards))
    assert code == 1
    assert f"key {fingerprint(maker_key)} is not listed for {NORTHWIND}" in capsys.readouterr().err
    assert not (locked_cards / LUMEN / "1.1.0.sig").exists()


def test_a_private_key_inside_the_card_folder_is_refused(
    locked_cards: Path, maker_key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str]
) -> None:
    write_keys(locked_cards, {NORTHWIND: [maker_key]})
    key_file = write_pem(maker_key, locked_cards / "northwind.pem")
    assert run("sign", LUMEN, "1.1.0", "--key", str(key_file), "--cards", str(locked_cards))[0] == 1
    assert "is inside the card folder" in capsys.readouterr().err
    assert not (locked_cards / LUMEN / "1.1.0.sig").exists()


def test_publish_sign_publishes_and_signs(
    locked_cards: Path, tmp_path: Path, maker_key: Ed25519PrivateKey
) -> None:
    write_keys(locked_cards, {NORTHWIND: [maker_key]})
    key_file = write_pem(maker_key, tmp_path / "private" / "northwind.pem")
    assert run("new-version", LUMEN, "--cards", str(locked_cards))[0] == 0
    fill_in(locked_cards / LUMEN / "1.2.0.yaml")
    code, out = run("publish", LUMEN, "1.2.0", "--sign", str(key_file), "--cards", str(locked_cards))
    assert code == 0 and f"with key {fingerprint(maker_key)}" in out
    code, out = verify(locked_cards, LUMEN, "1.2.0")
    assert code == 0 and "verified" in out


def test_publish_sign_with_an_unlisted_key_publishes_nothing(
    locked_cards: Path, tmp_path: Path, maker_key: Ed25519PrivateKey
) -> None:
    write_keys(locked_cards, {NORTHWIND: [Ed25519PrivateKey.generate()]})
    key_file = write_pem(maker_key, tmp_path / "private" / "stray.pem")
    assert run("new-version", LUMEN, "--cards", str(locked_cards))[0] == 0
    draft = locked_cards / LUMEN / "1.2.0.yaml"
    fill_in(draft)
    lock_before = (locked_cards / "cards.lock.json").read_bytes()
    assert run("publish", LUMEN, "1.2.0", "--sign", str(key_file), "--cards", str(locked_cards))[0] == 1
    assert "  status: draft\n" in draft.read_text(encoding="utf-8")
    assert (locked_cards / "cards.lock.json").read_bytes() == lock_before


def test_a_withdrawal_after_signing_needs_a_new_signature(
    signed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert withdraw_lumen(signed)[0] == 0
    assert "withdrawal is not signed" in lumen_fails(signed, capsys)
    key_file = tmp_path / "private" / "northwind.pem"
    assert run("sign", LUMEN, "1.1.0", "--key", str(key_file), "--cards", str(signed))[0] == 0
    sig = json.loads((signed / LUMEN / "1.1.0.sig").read_text(encoding="utf-8"))
    assert sig["signed"]["status"] == "withdrawn" and sig["signed"]["withdrawal_reason"]
    assert verify(signed, LUMEN, "1.1.0")[0] == 0


def test_keygen_writes_a_private_key_for_the_owner_only_and_lists_its_public_key(
    locked_cards: Path, tmp_path: Path
) -> None:
    key_file = tmp_path / "private" / "new.pem"
    key_file.parent.mkdir()
    code, out = run("keygen", str(key_file), "--manufacturer", NORTHWIND, "--cards", str(locked_cards))
    assert code == 0
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    assert f"key id {fingerprint(key)}" in out
    encoded = base64.b64encode(
        key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()
    listing = json.loads((locked_cards / "keys.json").read_text(encoding="utf-8"))
    assert listing["format"] == 1
    assert listing["manufacturers"] == {NORTHWIND: [{"ed25519": encoded, "id": fingerprint(key)}]}
    # and the key signs cards that then verify
    assert run("sign", LUMEN, "1.1.0", "--key", str(key_file), "--cards", str(locked_cards))[0] == 0
    assert verify(locked_cards, LUMEN, "1.1.0")[0] == 0


def test_keygen_never_overwrites_and_never_writes_into_the_card_folder(
    locked_cards: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "old.pem"
    existing.write_text("kept", encoding="utf-8")
    assert run("keygen", str(existing), "--cards", str(locked_cards))[0] == 1
    assert existing.read_text(encoding="utf-8") == "kept"
    assert run("keygen", str(locked_cards / "k.pem"), "--cards", str(locked_cards))[0] == 1
    assert not (locked_cards / "k.pem").exists()
    err = capsys.readouterr().err
    assert "already exists" in err and "is inside the card folder" in err


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_a_key_made_by_openssl_signs_too(locked_cards: Path, tmp_path: Path) -> None:
    key_file = tmp_path / "openssl.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(key_file)], check=True)
    key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    write_keys(locked_cards, {NORTHWIND: [key]})
    assert run("sign", LUMEN, "1.1.0", "--key", str(key_file), "--cards", str(locked_cards))[0] == 0
    assert verify(locked_cards, LUMEN, "1.1.0")[0] == 0


def test_a_signed_folder_still_validates(signed: Path) -> None:
    # keys.json and <version>.sig sit in the card folder: validate must not take them for cards.
    code, out = run("validate", str(signed))
    assert code == 0, out
    assert run("validate", str(signed / LUMEN / "1.1.0.yaml"))[0] == 0


def test_a_listed_id_that_is_not_its_keys_fingerprint_fails_naming_it(
    signed: Path, maker_key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str]
) -> None:
    other = Ed25519PrivateKey.generate()
    with edited_json(signed / "keys.json") as listing:
        listing["manufacturers"][NORTHWIND][0]["id"] = fingerprint(other)  # one key's name, another's bytes
    err = lumen_fails(signed, capsys)
    assert f"id {fingerprint(other)} is not this key's fingerprint {fingerprint(maker_key)}" in err


def test_an_unreadable_signature_file_fails_naming_it(
    signed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (signed / LUMEN / "1.1.0.sig").write_text("not json", encoding="utf-8")
    assert "the signature file is not valid JSON (line 1)" in lumen_fails(signed, capsys)


def test_withdraw_sign_signs_the_withdrawal(signed: Path, tmp_path: Path) -> None:
    key_file = tmp_path / "private" / "northwind.pem"
    argv = [
        "withdraw",
        LUMEN,
        "1.1.0",
        "--reason",
        "CR module misreads some plates.",
        "--sign",
        str(key_file),
    ]
    code, out = run(*argv, "--cards", str(signed))
    assert code == 0 and "signed " in out
    code, out = verify(signed, LUMEN, "1.1.0")
    assert code == 0 and "verified" in out
