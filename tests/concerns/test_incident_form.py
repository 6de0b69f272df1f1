"""The per-report document shaped like FDA Form 3500A and the EU MIR: filled, sourced, never invented."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from concern_helpers import make_report

from gmlp_cards.cards.loader import load_card
from gmlp_cards.concerns import ConcernStore, StoredReport
from gmlp_cards.concerns.assessment import Assessment, Category
from gmlp_cards.concerns.assessment_store import AssessmentLog
from gmlp_cards.concerns.clocks import Jurisdiction
from gmlp_cards.concerns.followup import Channel, DeviceRecords, FollowUp, Outcome
from gmlp_cards.concerns.incident_fields import IncidentDocument
from gmlp_cards.concerns.incident_form import incident_document
from gmlp_cards.concerns.incident_output import to_html, to_json
from gmlp_cards.concerns.report_details import load_details
from gmlp_cards.model import ModelCard

FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
CARD = Path(__file__).parents[2] / "model_cards" / "lumen-cxr-triage" / "1.1.0.yaml"
NARRATIVE = "The triage flag stayed <b>green</b> for a film with a pneumothorax & the patient waited."


@pytest.fixture
def card() -> ModelCard:
    loaded = load_card(CARD)
    assert loaded.card is not None
    return loaded.card


@pytest.fixture
def store(make_store: Callable[..., ConcernStore]) -> ConcernStore:
    return make_store(clock=lambda: FRIDAY_NOON)


def report_on_lumen(store: ConcernStore) -> StoredReport:
    receipt = store.submit(
        make_report(
            device_id="lumen-cxr-triage",
            card_version="1.1.0",
            harm_occurred="yes",
            seriousness="hospitalization",
            narrative=NARRATIVE,
        ),
        "sub-incident-1",
    ).number
    stored = store.get(receipt)
    assert stored is not None
    return stored


def document_of(store: ConcernStore, stored: StoredReport, card: ModelCard | None) -> IncidentDocument:
    details = load_details(store, [stored])[stored.id]
    return incident_document(stored, details, card, prepared_on=date(2026, 11, 27))


def fields(sections: object) -> dict[str, str]:
    """{"number label": shown value} of one form."""
    return {f"{f.number} {f.label}": f.shown for s in sections for f in s.fields}  # type: ignore[attr-defined]


def test_an_unassessed_report_fills_what_the_report_and_card_say_and_marks_the_rest(
    store: ConcernStore, card: ModelCard
) -> None:
    stored = report_on_lumen(store)
    fda = fields(document_of(store, stored, card).fda_3500a)
    assert fda["A1 Patient identifier"] == "To complete"
    assert fda["B2 Outcomes attributed to adverse event"] == "Hospital stay (new or longer)"
    assert fda["B3 Date of event"] == "2026-05-01"
    assert fda["B5 Describe event or problem (the reporter's words)"] == NARRATIVE
    assert fda["D1 Brand name"] == "Lumen CXR Triage"
    assert fda["D3 Manufacturer name, city and state"] == "Northwind Imaging (fictional)"
    assert fda["D4 Model or version (software version)"] == "2.5.0"
    assert fda["D4 UDI-DI"] == "00000000000017-FICTIONAL"
    assert fda["G5 PMA, 510(k) or De Novo number"] == "K000000-FICTIONAL"
    assert fda["G4 Date received by manufacturer"] == "2026-11-27"
    assert fda["H1 Type of reportable event"] == "To complete"
    assert fda["H6 Event problem and evaluation codes (IMDRF)"] == "To complete"
    assert fda["E3 Occupation"] == "Clinician (doctor, nurse, ...)"
    assert fda["E2 Health professional?"] == "Yes"


def test_the_assessment_and_desk_records_fill_the_codes_dates_classification_and_efforts(
    store: ConcernStore, card: ModelCard
) -> None:
    stored = report_on_lumen(store)
    AssessmentLog(store).record(
        stored.receipt,
        Assessment(
            category=Category.POSSIBLE_HEALTH_IMPACT,
            aware_on=date(2026, 11, 26),
            codes=("A090803",),
            answers={
                Jurisdiction.US: {"death_or_serious_injury": True},
                Jurisdiction.EU: {"serious_incident": True, "death_or_unanticipated_deterioration": True},
            },
            note="Reproduced on the reported film.",
        ),
        actor="alice",
    )
    records = DeviceRecords(store)
    records.record_udi(stored.receipt, "00812345678906", actor="alice")
    effort = FollowUp(date(2026, 11, 27), Channel.PHONE, "Which software build?", Outcome.NO_RESPONSE)
    records.add_followup(stored.receipt, effort, actor="alice")
    document = document_of(store, stored, card)
    fda, mir = fields(document.fda_3500a), fields(document.eu_mir)
    assert fda["H1 Type of reportable event"] == "Death or serious injury"
    assert fda["H6 Event problem and evaluation codes (IMDRF)"] == "A090803 - False Negative Result"
    assert fda["H10 Additional manufacturer narrative"] == "Reproduced on the reported film."
    assert fda["H10 Efforts to obtain missing information (21 CFR 803.50(b)(3))"] == (
        "2026-11-27 Phone: asked Which software build? -> No response"
    )
    assert fda["G4 Date received by manufacturer"] == "2026-11-26"
    assert fda["D4 UDI-DI"] == "00812345678906"  # the desk's record wins over the card
    assert mir["1.2c Manufacturer awareness date"] == "2026-11-26"
    assert mir["1.2g Classification of serious incident"] == (
        "Death or unanticipated serious deterioration in state of health"
    )
    assert mir["3.2 IMDRF medical device problem codes (Annex A)"] == "A090803 - False Negative Result"
    assert mir["3.3 IMDRF health effect codes (Annexes E and F)"] == "To complete"
    assert mir["2.2 Risk class"] == "IIa"
    assert mir["1.3.1b Manufacturer's reference number"] == stored.receipt


def test_without_the_card_the_device_fields_are_to_complete_not_guessed(store: ConcernStore) -> None:
    stored = report_on_lumen(store)
    fda = fields(document_of(store, stored, None).fda_3500a)
    assert fda["D1 Brand name"] == "To complete"
    assert fda["D4 UDI-DI"] == "To complete"
    assert fda["D4 Card version reported against"] == "1.1.0"


def test_the_html_escapes_the_reporters_text_and_loads_nothing(store: ConcernStore, card: ModelCard) -> None:
    page = to_html(document_of(store, report_on_lumen(store), card))
    assert "<b>green</b>" not in page
    assert "stayed &lt;b&gt;green&lt;/b&gt; for a film with a pneumothorax &amp; the patient" in page
    assert "default-src 'none'" in page
    assert "<script" not in page and "src=" not in page
    assert '<span class="todo">To complete</span>' in page


def test_the_json_keeps_unknown_fields_as_null_with_their_source(
    store: ConcernStore, card: ModelCard
) -> None:
    data = json.loads(to_json(document_of(store, report_on_lumen(store), card)))
    section_a = data["fda_3500a"][0]
    assert (section_a["section"], section_a["title"]) == ("A", "Patient information")
    assert section_a["fields"][0] == {
        "number": "A1",
        "label": "Patient identifier",
        "value": None,
        "source": None,
    }
    brand = data["fda_3500a"][2]["fields"][0]
    assert brand == {
        "number": "D1",
        "label": "Brand name",
        "value": "Lumen CXR Triage",
        "source": "model card 1.1.0",
    }
    assert [s["section"] for s in data["eu_mir"]] == ["1", "2", "3", "4", "5"]
