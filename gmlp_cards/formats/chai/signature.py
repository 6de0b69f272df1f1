"""An XML Signature on an exported CHAI applied model card, where CHAI's schema puts one.

CHAI v0.2 allows one optional `ds:Signature` as the last child of `AppliedModelCard` (schema.xsd
imports the W3C xmldsig-core schema for it). We make it with `signxml` (no hand-rolled XML-DSig):
an enveloped signature over the whole document (Reference URI=""), canonical XML 1.1, SHA-256.

The algorithm is ECDSA P-256 with SHA-256, not the Ed25519 of our card signatures: signxml 5.2
cannot sign with an Ed25519 key (it fails reading the key's `curve`), and XML-DSig's EdDSA
identifiers are in no widely deployed verifier. The key's id (`ds:KeyName`) is the SHA-256 of its
uncompressed public point, hex; the public key travels in `ds:KeyValue`, and `verify_chai` accepts
the signature only when that key is the one the reader trusts.

Make a key: `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out chai-signing.pem`.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree
from signxml import InvalidInput, SignatureMethod, XMLSigner, XMLVerifier
from signxml.exceptions import InvalidSignature
from signxml.verifier import SignatureConfiguration

from gmlp_cards.formats.chai.schema import safe_parser, validation_errors

DS_NS = "http://www.w3.org/2000/09/xmldsig#"
DSIG11_NS = "http://www.w3.org/2009/xmldsig11#"
MAX_KEY_BYTES = 64 * 1024
_EXPECT = SignatureConfiguration(
    require_x509=False,  # the trust is the reader's key, compared below, not a certificate chain
    location="./",  # the card's own Signature child, where the schema puts it
    expect_references=1,
    signature_methods=frozenset({SignatureMethod.ECDSA_SHA256}),
)


class ChaiSignatureError(ValueError):
    """The CHAI XML could not be signed, or its signature does not verify; the message says why."""


def _point(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def chai_key_id(public_key: ec.EllipticCurvePublicKey) -> str:
    """SHA-256 of the uncompressed public point, hex: the `ds:KeyName` of our signatures."""
    return hashlib.sha256(_point(public_key)).hexdigest()


def load_chai_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """An unencrypted PEM ECDSA P-256 private key."""
    try:
        data = Path(path).read_bytes()[: MAX_KEY_BYTES + 1]
        key = serialization.load_pem_private_key(data, password=None)
    except OSError as error:
        raise ChaiSignatureError(f"{path} cannot be read: {error.strerror}") from None
    except (TypeError, ValueError) as error:
        raise ChaiSignatureError(f"{path} is not an unencrypted PEM private key: {error}") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ChaiSignatureError(
            f"{path} is not an ECDSA P-256 key; CHAI signatures use P-256 (signxml cannot sign with "
            "Ed25519): `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`"
        )
    return key


def sign_chai(xml: bytes, key: ec.EllipticCurvePrivateKey) -> bytes:
    """`xml` (a schema-valid CHAI card without a signature) with an enveloped ds:Signature appended."""
    root = etree.fromstring(xml, safe_parser())
    if root.find(f"{{{DS_NS}}}Signature") is not None:
        raise ChaiSignatureError("the CHAI card is already signed")
    signer = XMLSigner(signature_algorithm=SignatureMethod.ECDSA_SHA256)
    signed = signer.sign(root, key=key, key_name=chai_key_id(key.public_key()), always_add_key_value=True)
    out: bytes = etree.tostring(signed, xml_declaration=True, encoding="UTF-8")
    problems = validation_errors(out)
    if problems:  # a bug of ours or of signxml: never hand out a card CHAI would refuse
        raise ChaiSignatureError("the signed card does not validate: " + "; ".join(problems))
    return out


def verify_chai(xml: bytes, trusted: ec.EllipticCurvePublicKey) -> bytes:
    """The bytes the signature covers, when `xml` carries a valid signature by `trusted`.

    Callers must read what this returns, not the `xml` they passed: it is what was signed.
    """
    try:
        result = XMLVerifier().verify(xml, parser=safe_parser(), expect_config=_EXPECT)
    except (InvalidSignature, InvalidInput) as error:
        raise ChaiSignatureError(f"the CHAI signature does not verify: {error}") from None
    if isinstance(result, list):  # pragma: no cover - expect_references=1 gives one result
        raise ChaiSignatureError("the CHAI card has more than one signed reference")
    embedded = result.signature_xml.find(f".//{{{DSIG11_NS}}}PublicKey")
    listed = chai_key_id(trusted)
    if embedded is None or embedded.text is None:
        raise ChaiSignatureError(f"the CHAI signature names no public key; expected key {listed}")
    if base64.b64decode(embedded.text) != _point(trusted):
        raise ChaiSignatureError(f"the CHAI signature was made with another key than {listed}")
    signed: bytes = etree.tostring(result.signed_xml)
    return signed
