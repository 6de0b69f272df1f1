"""The FHIR R4 Bundle of a card (issue 19): valid FHIR, the AI Transparency IG's profiles, read back."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from apptest_support import MENU_OPEN, open_page
from chai_support import REPO
from demo_export import export_demo
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.device import Device
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.organization import Organization
from lxml import etree

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats.fhir import FhirExportError, export_fhir, validate_bundle

EXAMPLES = Catalog.load(REPO / "model_cards")
EVERY_EXAMPLE = [(d, v) for d in EXAMPLES.device_ids() for v in EXAMPLES.versions(d)]
IG = "http://hl7.org/fhir/uv/aitransparency"

_BUNDLES: dict[tuple[str, str], bytes] = {}


def bundle_bytes(device: str, version: str) -> bytes:
    """One export per example card for the whole module: each carries its leaflet, charts and all."""
    if (device, version) not in _BUNDLES:
        _BUNDLES[device, version] = export_fhir(EXAMPLES, EXAMPLES.card(device, version))
    return _BUNDLES[device, version]


def read_back(device: str, version: str) -> Bundle:
    return Bundle.model_validate_json(bundle_bytes(device, version))


def the(bundle: Bundle, kind: type[Any]) -> Any:
    [found] = [e.resource for e in bundle.entry if isinstance(e.resource, kind)]
    return found


def content_of(document: DocumentReference, content_type: str) -> bytes:
    """The attachment's bytes: fhir.resources decodes base64Binary on parsing."""
    [attachment] = [c.attachment for c in document.content if c.attachment.contentType == content_type]
    assert isinstance(attachment.data, bytes)
    return attachment.data


def test_there_are_examples_to_export() -> None:
    assert len(EVERY_EXAMPLE) >= 11


@pytest.mark.parametrize(("device", "version"), EVERY_EXAMPLE, ids=[f"{d}-{v}" for d, v in EVERY_EXAMPLE])
def test_the_bundle_of_every_example_is_valid_fhir(device: str, version: str) -> None:
    bundle = read_back(device, version)  # fhir.resources validates every element on parsing
    assert bundle.type == "collection"
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds == ["DocumentReference", "Device", "Organization"]
    # Every reference in the Bundle is to one of its own entries, by the entry's fullUrl.
    urls = {e.fullUrl for e in bundle.entry}
    text = bundle_bytes(device, version).decode("utf-8")
    references = {r.split('"')[0] for r in text.split('"reference": "')[1:]}
    assert references and references <= urls


def test_the_card_is_read_back_from_the_bundle() -> None:
    bundle = read_back("lumen-cxr-triage", "1.1.0")
    card = json.loads(content_of(the(bundle, DocumentReference), "application/json"))
    # Literal values from model_cards/lumen-cxr-triage/1.1.0.yaml.
    assert card["identity"]["card_version"] == "1.1.0"
    assert card["intended_use"]["summary"] == (
        "Flags adult chest X-rays that may show a pneumothorax so that a radiologist can read them sooner."
    )
    [primary] = [s for s in card["performance"]["studies"] if s["primary"]]
    assert primary["id"] == "pivotal-2022"
    assert primary["overall"]["n"] == 1180
    sensitivity = primary["overall"]["metrics"][0]
    assert (sensitivity["name"], sensitivity["n"]) == ("sensitivity", 420)
    assert (sensitivity["estimate"], sensitivity["lower"], sensitivity["upper"]) == (0.912, 0.881, 0.935)
    assert (sensitivity["level"], sensitivity["method"]) == (0.95, "wilson")


def test_the_document_reference_states_version_intended_use_and_dates() -> None:
    document = the(read_back("lumen-cxr-triage", "1.1.0"), DocumentReference)
    assert document.masterIdentifier.value.endswith("device=lumen-cxr-triage&version=1.1.0&tier=front")
    assert document.description.startswith("Flags adult chest X-rays that may show a pneumothorax")
    assert document.date.isoformat() == "2024-05-20T00:00:00+00:00"  # the card's release date
    assert {str(c.attachment.creation) for c in document.content} == {"2024-05-20"}
    assert (document.status, document.docStatus) == ("current", "final")
    [replaces] = document.relatesTo
    assert replaces.code == "replaces"
    assert replaces.target.identifier.value.endswith("device=lumen-cxr-triage&version=1.0.0&tier=front")


def test_an_older_version_is_superseded_and_replaces_nothing() -> None:
    document = the(read_back("lumen-cxr-triage", "1.0.0"), DocumentReference)
    assert document.status == "superseded"
    assert not document.relatesTo


def _demo_edited(tmp_path: Path, old: str, new: str) -> bytes:
    """The FHIR export of the fixture card demo-dr-screen 1.0.0 with `old` replaced by `new`, alone."""
    source = REPO / "tests" / "fixtures" / "cards" / "valid" / "demo-dr-screen" / "1.0.0.yaml"
    folder = tmp_path / "cards" / "demo-dr-screen"
    folder.mkdir(parents=True)
    text = source.read_text(encoding="utf-8")
    assert old in text
    (folder / "1.0.0.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    catalog = Catalog.load(tmp_path / "cards")
    return export_fhir(catalog, catalog.card("demo-dr-screen", "1.0.0"))


def _demo_as(status: str, tmp_path: Path) -> Bundle:
    edited = _demo_edited(tmp_path, "\n  status: published\n", f"\n  status: {status}\n")
    return Bundle.model_validate_json(edited)


SCRIPT = "<script>alert(1)</script>"


def test_hostile_card_text_is_carried_as_data(tmp_path: Path) -> None:
    summary = f'Flags adults {SCRIPT} "quoted" \\ and [a link](javascript:alert(1)).'
    edited = _demo_edited(
        tmp_path,
        "  summary: Flags adults with diabetes who should see an eye specialist for diabetic retinopathy.",
        "  summary: " + json.dumps(summary),
    )
    document = the(Bundle.model_validate_json(edited), DocumentReference)
    assert document.description == summary  # the text exactly, in a JSON string: nothing runs in JSON
    assert json.loads(content_of(document, "application/json"))["intended_use"]["summary"] == summary
    page = content_of(document, "text/html").decode("utf-8")
    # The HTML export's own escaping: the tag is text, the link is not a link.
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page.lower()


def test_a_withdrawn_card_is_not_to_be_relied_on(tmp_path: Path) -> None:
    bundle = _demo_as("withdrawn", tmp_path)
    document = the(bundle, DocumentReference)
    assert (document.status, document.docStatus) == ("entered-in-error", "final")
    assert the(bundle, Device).status == "unknown"  # the card is withdrawn; the device's state is not known


def test_a_draft_is_preliminary(tmp_path: Path) -> None:
    bundle = _demo_as("draft", tmp_path)
    document = the(bundle, DocumentReference)
    assert (document.status, document.docStatus) == ("current", "preliminary")
    assert the(bundle, Device).status == "unknown"


def test_every_attachment_carries_base64_data_its_size_and_sha1() -> None:
    # Read on the wire, as an EHR gets it: `data` and `hash` are base64 text (FHIR base64Binary).
    bundle = json.loads(bundle_bytes("lumen-cxr-triage", "1.1.0"))
    attachments = [c["attachment"] for c in bundle["entry"][0]["resource"]["content"]]
    assert [a["contentType"] for a in attachments] == ["application/json", "text/html", "application/xml"]
    for attachment in attachments:
        data = base64.b64decode(attachment["data"], validate=True)
        assert attachment["size"] == len(data)
        assert base64.b64decode(attachment["hash"], validate=True) == hashlib.sha1(data).digest()
        assert attachment["title"].startswith("Lumen CXR Triage 1.1.0: ")


def test_the_html_is_the_leaflet_and_the_xml_is_chai() -> None:
    document = the(read_back("lumen-cxr-triage", "1.1.0"), DocumentReference)
    page = content_of(document, "text/html").decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Lumen CXR Triage" in page and "tier-leaflet" in page
    root = etree.fromstring(content_of(document, "application/xml"))
    assert etree.QName(root).localname == "AppliedModelCard"


def test_the_document_reference_follows_the_ig_model_card_profile() -> None:
    document = the(read_back("lumen-cxr-triage", "1.1.0"), DocumentReference)
    assert document.meta.profile == [f"{IG}/StructureDefinition/AI-ModelCard"]
    [coding] = document.type.coding  # fixed "(exactly)" by the profile: nothing else, not even a display
    assert (coding.system, coding.code, coding.display) == (
        f"{IG}/CodeSystem/AIinputsCS",
        "AIModelCard",
        None,
    )
    categories = [(c.system, c.code) for cat in document.category for c in cat.coding or []]
    assert (f"{IG}/CodeSystem/AIinputsCS", "AImodelCardCHAIformat") in categories


def test_the_device_follows_the_ig_device_profile_and_points_at_its_card() -> None:
    bundle = read_back("lumen-cxr-triage", "1.1.0")
    device = the(bundle, Device)
    assert device.meta.profile == [f"{IG}/StructureDefinition/AI-Device"]
    [coding] = device.type.coding  # fixed "(exactly)" as well
    assert (coding.system, coding.code) == (f"{IG}/CodeSystem/AIdeviceTypeCS", "Artificial-Intelligence")
    assert coding.display is None
    [extension] = device.extension
    assert extension.url == f"{IG}/StructureDefinition/aitransparency.modelCardDescription"
    card_url = next(e.fullUrl for e in bundle.entry if isinstance(e.resource, DocumentReference))
    assert extension.valueReference.reference == card_url
    device_url = next(e.fullUrl for e in bundle.entry if isinstance(e.resource, Device))
    document = the(bundle, DocumentReference)
    assert document.subject.reference == device_url
    assert [r.reference for r in document.context.related] == [device_url]


def test_the_device_carries_the_cards_identity() -> None:
    device = the(read_back("lumen-cxr-triage", "1.1.0"), Device)
    # Literal values from model_cards/lumen-cxr-triage/1.1.0.yaml.
    assert [n.name for n in device.deviceName] == ["Lumen CXR Triage"]
    assert device.manufacturer == "Northwind Imaging (fictional)"
    assert [v.value for v in device.version] == ["2.5.0"]
    assert [u.deviceIdentifier for u in device.udiCarrier] == ["00000000000017-FICTIONAL"]
    assert device.status == "active"
    assert [i.value for i in device.identifier] == ["lumen-cxr-triage"]


def test_the_organization_is_the_manufacturer_with_its_contact() -> None:
    bundle = read_back("lumen-cxr-triage", "1.1.0")
    maker = the(bundle, Organization)
    assert maker.name == "Northwind Imaging (fictional)"
    assert [(t.system, t.value) for t in maker.telecom] == [
        ("email", "device-safety@northwind-imaging.example.com"),
        ("url", "https://northwind-imaging.example.com"),
    ]
    assert [a.text for a in maker.address] == ["100 Example Way, Springfield, USA (fictional address)"]
    maker_url = next(e.fullUrl for e in bundle.entry if isinstance(e.resource, Organization))
    assert [a.reference for a in the(bundle, DocumentReference).author] == [maker_url]


def test_a_card_without_a_udi_di_has_no_udi_carrier() -> None:
    without = [(d, v) for d, v in EVERY_EXAMPLE if EXAMPLES.card(d, v).identity.udi_di is None]
    if not without:
        pytest.skip("every example card has a UDI-DI")
    assert the(read_back(*without[0]), Device).udiCarrier is None


def test_two_exports_are_byte_equal() -> None:
    card = EXAMPLES.card("lumen-cxr-triage", "1.1.0")
    assert export_fhir(EXAMPLES, card) == bundle_bytes("lumen-cxr-triage", "1.1.0")


def test_an_invalid_bundle_is_refused() -> None:
    bundle = json.loads(bundle_bytes("lumen-cxr-triage", "1.1.0"))
    broken = copy.deepcopy(bundle)
    broken["entry"][1]["resource"]["status"] = 7  # Device.status is a code: never a number
    with pytest.raises(FhirExportError, match="not valid FHIR R4"):
        validate_bundle(broken)
    validate_bundle(bundle)


def test_cli_exports_fhir(tmp_path: Path) -> None:
    target = tmp_path / "bundle.json"
    assert export_demo(target, "--to", "fhir") == 0
    bundle = Bundle.model_validate_json(target.read_bytes())
    card = json.loads(content_of(the(bundle, DocumentReference), "application/json"))
    assert (card["identity"]["device_id"], card["identity"]["card_version"]) == ("demo-dr-screen", "1.0.0")


def test_the_device_page_offers_the_bundle_in_its_download_menu() -> None:
    at = open_page(
        "device", device="lumen-cxr-triage", version="1.1.0", tier="front", session_state=MENU_OPEN
    )
    [button] = [b.proto for b in at.get("download_button") if b.proto.label == "FHIR R4 Bundle (JSON)"]
    assert not button.disabled
