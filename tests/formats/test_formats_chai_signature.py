"""A signed CHAI export: the ds:Signature sits where CHAI's schema allows it, validates and verifies."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from gmlp_cards.cli.main import main
from gmlp_cards.formats.chai.schema import CHAI_NS, validation_errors
from gmlp_cards.formats.chai.signature import ChaiSignatureError, verify_chai

REPO = Path(__file__).resolve().parents[2]
DS = "{http://www.w3.org/2000/09/xmldsig#}"
LUMEN = "lumen-cxr-triage"


@pytest.fixture
def chai_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def pem(key: ec.EllipticCurvePrivateKey, path: Path) -> Path:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return path


def export(tmp_path: Path, *extra: str) -> tuple[int, Path]:
    target = tmp_path / "card.chai.xml"
    argv = ["export", LUMEN, "1.1.0", "--to", "chai-xml", "--cards", str(REPO / "model_cards")]
    code = main([*argv, "-o", str(target), *extra], io.StringIO())
    return code, target


def test_a_signed_export_validates_against_the_chai_schema_and_verifies(
    tmp_path: Path, chai_key: ec.EllipticCurvePrivateKey
) -> None:
    code, target = export(tmp_path, "--sign", str(pem(chai_key, tmp_path / "chai.pem")))
    assert code == 0
    xml = target.read_bytes()
    assert validation_errors(xml) == []
    root = etree.fromstring(xml)
    assert root.tag == f"{{{CHAI_NS}}}AppliedModelCard"
    assert root[-1].tag == f"{DS}Signature"  # the schema's place: the card's last child
    method = root[-1].find(f"{DS}SignedInfo/{DS}SignatureMethod")
    assert (
        method is not None
        and method.get("Algorithm") == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
    )
    signed = etree.fromstring(verify_chai(xml, chai_key.public_key()))
    assert signed.findtext(f".//{{{CHAI_NS}}}ModelName") == root.findtext(f".//{{{CHAI_NS}}}ModelName")


def test_a_changed_byte_in_the_signed_export_fails(
    tmp_path: Path, chai_key: ec.EllipticCurvePrivateKey
) -> None:
    _, target = export(tmp_path, "--sign", str(pem(chai_key, tmp_path / "chai.pem")))
    xml = target.read_bytes()
    assert xml.count(b"Lumen CXR Triage") >= 1
    with pytest.raises(ChaiSignatureError, match="does not verify: Digest mismatch"):
        verify_chai(xml.replace(b"Lumen CXR Triage", b"Lumen CXR Triagf", 1), chai_key.public_key())


def test_a_signature_by_another_key_is_refused(tmp_path: Path, chai_key: ec.EllipticCurvePrivateKey) -> None:
    _, target = export(tmp_path, "--sign", str(pem(chai_key, tmp_path / "chai.pem")))
    trusted = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = trusted.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    with pytest.raises(
        ChaiSignatureError, match=f"made with another key than {hashlib.sha256(point).hexdigest()}"
    ):
        verify_chai(target.read_bytes(), trusted)


def test_an_ed25519_key_is_refused_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key_file = tmp_path / "ed.pem"
    key_file.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    code, target = export(tmp_path, "--sign", str(key_file))
    assert code == 1 and not target.exists()
    assert "is not an ECDSA P-256 key" in capsys.readouterr().err


def test_sign_is_refused_for_other_formats(tmp_path: Path, chai_key: ec.EllipticCurvePrivateKey) -> None:
    argv = ["export", LUMEN, "1.1.0", "--to", "hti1-json", "--cards", str(REPO / "model_cards")]
    key = str(pem(chai_key, tmp_path / "chai.pem"))
    assert main([*argv, "-o", str(tmp_path / "x.json"), "--sign", key], io.StringIO()) == 2
