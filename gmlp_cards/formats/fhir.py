"""A card version as a FHIR R4 Bundle: Device, Organization and the card as a DocumentReference.

Follows HL7 "AI Transparency on FHIR" (canonical http://hl7.org/fhir/uv/aitransparency, FHIR 4.0.1),
version 1.0.0-current, the continuous build after the STU1 ballot (1.0.0-ballot, 2026Jan), as read from
the IG's source (github.com/HL7/aitransparency-ig, commit 805d2a7 of 2026-08-06):

- DocumentReference claims the `AI-ModelCard` profile: `type` is exactly AIinputsCS#AIModelCard, at least
  one `category` (AImodelCardCHAIformat when the CHAI XML is attached; the IG has no code for our JSON,
  so a text-only category names it), and the CHAI XML as an `application/xml` content (the IG's
  `CHAIformat` slice). The ballot called the code system AImodelCardCS; the current build's name,
  AIinputsCS (FHIR-54149), is used.
- Device claims the `AI-Device` profile: `type` is exactly AIdeviceTypeCS#Artificial-Intelligence, and
  the `modelCardDescription` extension points at the card (the direction the IG settled, FHIR-53975).
  The DocumentReference also names the Device as its `subject` and in `context.related`.

Not mapped: the `AIKind` extension (a card states no coded kind of AI, and a guess from the modality
would be a claim the maker did not make); `Device.note` (the IG dropped it for model cards, FHIR-54527);
regulatory decisions, intended use and results as FHIR elements (R4 Device has no place for them; they
are in the JSON attachment, the card itself); Provenance (the IG's Provenance is for AI-influenced
data, which a card is not); `Bundle.timestamp` (when the Bundle was assembled: it would make two
exports differ).

The Bundle is of type `collection`, not `document`: a document Bundle must open with a Composition and
is attested as a whole, while the IG carries a model card as a DocumentReference; a collection is
"a set of resources collected into a single package", which is what a download is. Output is
deterministic: ids are UUID-5 of device id, card version and role, dates come from the card, so two
exports of one version are byte-equal. Each Bundle is validated with `fhir.resources` (R4B models: the
package has no R4 subpackage, and R4B's Bundle, Device, DocumentReference and Organization are R4's)
before it is returned.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from typing import Any

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.config import public_base_url
from gmlp_cards.formats.chai.export import export_chai
from gmlp_cards.formats.chai.guard import xml_problem
from gmlp_cards.formats.html import card_json
from gmlp_cards.formats.pdf import tier_html
from gmlp_cards.formats.qr import deep_link
from gmlp_cards.model import ModelCard
from gmlp_cards.model.base import Status
from gmlp_cards.model.not_stated import is_not_stated
from gmlp_cards.tiers.facts import TIER_LABELS, version_facts
from gmlp_cards.versions.order import version_order

IG = "http://hl7.org/fhir/uv/aitransparency"
MODEL_CARD_PROFILE = f"{IG}/StructureDefinition/AI-ModelCard"
DEVICE_PROFILE = f"{IG}/StructureDefinition/AI-Device"
MODEL_CARD_EXTENSION = f"{IG}/StructureDefinition/aitransparency.modelCardDescription"
INPUTS_CODES = f"{IG}/CodeSystem/AIinputsCS"
DEVICE_TYPE_CODES = f"{IG}/CodeSystem/AIdeviceTypeCS"
URI = "urn:ietf:rfc:3986"
"""The identifier system whose values are URIs: a card's stable address, a Bundle's urn:uuid."""

FHIR_MIME = "application/fhir+json"
HTML_TIER = "leaflet"
"""The tier attached as HTML: the long reading of the card, the one a clinician opens from an EHR."""

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:gmlp-cards:fhir")
"""The namespace of every resource id: changing it changes every id ever exported."""

# Both profiles fix `type` "(exactly)": a fixed value admits no extra element, so no display either.
MODEL_CARD_TYPE = {"coding": [{"system": INPUTS_CODES, "code": "AIModelCard"}]}
CHAI_CATEGORY = {
    "coding": [{"system": INPUTS_CODES, "code": "AImodelCardCHAIformat", "display": "CHAI Format"}]
}
JSON_CATEGORY = {"text": "GMLP Cards model card (JSON)"}
AI_DEVICE_TYPE = {"coding": [{"system": DEVICE_TYPE_CODES, "code": "Artificial-Intelligence"}]}


class FhirExportError(ValueError):
    """The Bundle built for a card is not valid FHIR: a defect of this exporter, never of the card."""


def resource_id(device_id: str, version: str, role: str) -> str:
    """The id of one resource of one card version's Bundle: the same on every export."""
    return str(uuid.uuid5(_NAMESPACE, f"{device_id}/{version}/{role}"))


def _ref(resource: dict[str, Any], display: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource['id']}", "display": display}


def document_status(catalog: Catalog, card: ModelCard) -> tuple[str, str]:
    """`DocumentReference.status` and `docStatus` of the card.

    R4 has no "withdrawn": of current, superseded and entered-in-error only the last tells a reader not
    to rely on the document, which is what a manufacturer's withdrawal means. A draft is preliminary.
    """
    facts = version_facts(catalog, card)
    if facts.withdrawn:
        return "entered-in-error", "final"
    doc_status = "preliminary" if card.identity.status is Status.draft else "final"
    return ("superseded" if facts.newer_published else "current"), doc_status


def attachment(data: bytes, content_type: str, title: str, creation: str) -> dict[str, Any]:
    """An inline Attachment: base64 data, its size and SHA-1 (base64, as FHIR R4 defines `hash`)."""
    return {
        "contentType": content_type,
        "data": base64.b64encode(data).decode("ascii"),
        "size": len(data),
        "hash": base64.b64encode(hashlib.sha1(data, usedforsecurity=False).digest()).decode("ascii"),
        "title": title,
        "creation": creation,
    }


def contact_points(card: ModelCard) -> list[dict[str, str]]:
    """The maker's e-mail (unless the card says it is not stated) and web site, as FHIR ContactPoints."""
    maker = card.identity.manufacturer
    telecom = []
    if not is_not_stated(maker.contact_email):
        telecom.append({"system": "email", "value": str(maker.contact_email), "use": "work"})
    if maker.website is not None:
        telecom.append({"system": "url", "value": str(maker.website), "use": "work"})
    return telecom


def organization(card: ModelCard) -> dict[str, Any]:
    """The manufacturer with the contact the card gives."""
    maker = card.identity.manufacturer
    telecom = contact_points(card)
    resource: dict[str, Any] = {
        "resourceType": "Organization",
        "id": resource_id(card.device_id, card.version, "manufacturer"),
        "active": True,
        "name": maker.name,
    }
    if telecom:
        resource["telecom"] = telecom
    if maker.address is not None:
        resource["address"] = [{"text": maker.address}]
    return resource


def device(card: ModelCard, card_reference: dict[str, str], status: str) -> dict[str, Any]:
    """The AI device: name, maker, software version, UDI-DI, and the extension pointing at its card."""
    identity = card.identity
    resource: dict[str, Any] = {
        "resourceType": "Device",
        "id": resource_id(card.device_id, card.version, "device"),
        "meta": {"profile": [DEVICE_PROFILE]},
        "extension": [{"url": MODEL_CARD_EXTENSION, "valueReference": card_reference}],
        # The portal that publishes the cards is the issuer of device ids: its base URL is their system.
        "identifier": [{"system": public_base_url(), "value": card.device_id}],
    }
    if identity.udi_di is not None:
        resource["udiCarrier"] = [{"deviceIdentifier": identity.udi_di}]
    resource["status"] = status
    resource["manufacturer"] = identity.manufacturer.name
    resource["deviceName"] = [{"name": identity.device_name, "type": "manufacturer-name"}]
    resource["type"] = AI_DEVICE_TYPE
    if not is_not_stated(identity.software_version):
        resource["version"] = [{"type": {"text": "software"}, "value": str(identity.software_version)}]
    contact = contact_points(card)
    if contact:
        resource["contact"] = contact
    return resource


def document_reference(
    catalog: Catalog, card: ModelCard, device_reference: dict[str, str], maker_reference: dict[str, str]
) -> dict[str, Any]:
    """The card as an AI-ModelCard DocumentReference: JSON, leaflet HTML and (when it can) CHAI XML."""
    identity = card.identity
    created = identity.release_date.isoformat()
    title = f"{identity.device_name} {card.version}"
    status, doc_status = document_status(catalog, card)
    content = [
        attachment(
            card_json(card).encode("utf-8"), "application/json", f"{title}: model card (JSON)", created
        ),
        attachment(
            tier_html(catalog, card, HTML_TIER).encode("utf-8"),
            "text/html",
            f"{title}: {TIER_LABELS[HTML_TIER].lower()} (HTML)",
            created,
        ),
    ]
    categories: list[dict[str, Any]] = [JSON_CATEGORY]
    # A card holding a character XML cannot carry has no CHAI XML (the app says so); the rest still goes.
    if xml_problem(card) is None:
        content.append(
            attachment(
                export_chai(card), "application/xml", f"{title}: CHAI applied model card (XML)", created
            )
        )
        categories.insert(0, CHAI_CATEGORY)
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": resource_id(card.device_id, card.version, "card"),
        "meta": {"profile": [MODEL_CARD_PROFILE]},
        "masterIdentifier": {"system": URI, "value": deep_link(card.device_id, card.version)},
        "status": status,
        "docStatus": doc_status,
        "type": MODEL_CARD_TYPE,
        "category": categories,
        "subject": device_reference,
        # R4's `date` is an instant: the release date at midnight UTC, never the time of export.
        "date": f"{created}T00:00:00Z",
        "author": [maker_reference],
        "custodian": maker_reference,
    }
    previous = _previous_version(catalog, card)
    if previous is not None:
        resource["relatesTo"] = [
            {
                "code": "replaces",
                # By identifier: the earlier version's Bundle is another download, not an entry here.
                "target": {
                    "identifier": {"system": URI, "value": deep_link(card.device_id, previous)},
                    "display": f"{identity.device_name} {previous}",
                },
            }
        ]
    resource["description"] = card.intended_use.summary
    resource["content"] = [{"attachment": a} for a in content]
    resource["context"] = {"related": [device_reference]}
    return resource


def _previous_version(catalog: Catalog, card: ModelCard) -> str | None:
    """The newest public version before this one (a draft follows the newest public one), if any."""
    own = version_order(card.version)
    earlier = [c.version for c in catalog.history(card.device_id) if version_order(c.version) < own]
    return earlier[-1] if earlier else None


def fhir_bundle(catalog: Catalog, card: ModelCard) -> dict[str, Any]:
    """The Bundle (type collection) of `card`: DocumentReference, Device, Organization, in that order."""
    maker = organization(card)
    maker_reference = _ref(maker, maker["name"])
    title = f"{card.identity.device_name} {card.version}"
    card_id = resource_id(card.device_id, card.version, "card")
    card_reference = {"reference": f"urn:uuid:{card_id}", "display": f"Model card of {title}"}
    # The portal knows a device only through its cards: in use while its card is published; a draft or a
    # withdrawn card says nothing certain about the device itself.
    status = "active" if card.identity.status is Status.published else "unknown"
    the_device = device(card, card_reference, status)
    document = document_reference(catalog, card, _ref(the_device, title), maker_reference)
    bundle_id = resource_id(card.device_id, card.version, "bundle")
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "identifier": {"system": URI, "value": f"urn:uuid:{bundle_id}"},
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in (document, the_device, maker)],
    }


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Raise FhirExportError unless `bundle` parses as a FHIR Bundle, every entry as its own resource."""
    from fhir.resources.R4B.bundle import Bundle  # deferred: ~300 model modules, only for this export
    from pydantic import ValidationError

    try:
        Bundle.model_validate(bundle)
    except ValidationError as error:
        raise FhirExportError(f"the FHIR Bundle is not valid FHIR R4: {error}") from error


def export_fhir(catalog: Catalog, card: ModelCard) -> bytes:
    """The validated Bundle of `card` as FHIR JSON: UTF-8, keys in FHIR's element order, final newline."""
    bundle = fhir_bundle(catalog, card)
    validate_bundle(bundle)
    return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
