"""One report as the fields of FDA Form 3500A and of the EU Manufacturer Incident Report (MIR).

A regulatory team files from this: each field is filled from the report, the desk's assessment and
records (UDI-DI, follow-up efforts) or the reported card version, and names where its value came
from; a field the portal does not know reads "To complete", never a guess.

Shapes followed (section letters and numbers as the forms print them):
- FDA Form 3500A (MedWatch, mandatory reporting) and 21 CFR 803.52, which lists its blocks for a
  manufacturer report: A patient, B adverse event or product problem, D suspect medical device,
  E initial reporter, G all manufacturers, H device manufacturers only (C concerns drugs and
  F user facilities and importers, so neither applies). Sources: FDA, "Instructions for Completing
  the MedWatch Form 3500A" (www.fda.gov/medwatch/report/instruc.htm, section and block index);
  21 CFR 803.52 (www.ecfr.gov), whose paragraphs name the blocks a manufacturer report contains.
- European Commission, "Manufacturer Incident Report (MIR) for Serious Incidents (MDR/IVDR)",
  reporting template 7.3.1 (health.ec.europa.eu, medical devices vigilance): section 1
  administrative information (1.1 competent authority, 1.2 dates, type and classification, 1.3
  submitter and manufacturer), 2 medical device information, 3 incident information (IMDRF AET
  codes), 4 the manufacturer's investigation, 5 general comments.
Only the fields the portal can fill or a team must add for a software device are listed; the
forms' other fields (e.g. implant dates, lot numbers) stay on the official forms.
"""

from __future__ import annotations

from datetime import date

from gmlp_cards.model import ModelCard

from . import labels as wording
from .clocks import Jurisdiction
from .export import contact_for_manufacturer
from .incident_fields import FormField, FormSection, IncidentDocument, Sources, known, numbered, yes
from .report import ReporterRole
from .report_details import ReportDetails
from .store import StoredReport

_PROFESSIONALS = {ReporterRole.CLINICIAN, ReporterRole.OTHER_PROFESSIONAL}
_LAY = {ReporterRole.PATIENT, ReporterRole.CAREGIVER}
_ASSESSMENT, _REPORT, _DESK = "assessment", "report", "desk record"


def _to_complete(*numbered_labels: tuple[str, str]) -> tuple[FormField, ...]:
    return tuple(FormField(number, label, None) for number, label in numbered_labels)


def _fda(facts: Sources) -> tuple[FormSection, ...]:
    report, card, assessment = facts.report, facts.card, facts.assessment
    identity = card.identity if card else None
    us = Jurisdiction.US
    event_type = yes(facts.answer(us, "death_or_serious_injury"), "Death or serious injury") or yes(
        facts.answer(us, "malfunction_likely_to_harm"), "Malfunction"
    )
    role = report.reporter_role
    professional = "Yes" if role in _PROFESSIONALS else "No" if role in _LAY else None
    harm = f"Reporter: harm occurred - {wording.HARM_LABELS[report.harm_occurred]}; "
    received = assessment.aware_on if assessment else facts.stored.received_at.date()
    return (
        FormSection(
            "A",
            "Patient information",
            _to_complete(
                ("A1", "Patient identifier"), ("A2", "Age or date of birth"), ("A3", "Sex"), ("A4", "Weight")
            ),
        ),
        FormSection(
            "B",
            "Adverse event or product problem",
            (
                known(
                    "B1",
                    "Adverse event and/or product problem",
                    harm + wording.TYPE_LABELS[report.concern_type],
                    _REPORT,
                ),
                known(
                    "B2",
                    "Outcomes attributed to adverse event",
                    wording.SERIOUSNESS_LABELS[report.seriousness] if report.seriousness else None,
                    _REPORT,
                ),
                known("B3", "Date of event", report.event_date, _REPORT),
                known(
                    "B4",
                    "Date of this report",
                    assessment.filed_on.get(us) if assessment else None,
                    _ASSESSMENT,
                ),
                known("B5", "Describe event or problem (the reporter's words)", report.narrative, _REPORT),
                *_to_complete(("B6", "Relevant tests or laboratory data"), ("B7", "Other relevant history")),
            ),
        ),
        FormSection(
            "D",
            "Suspect medical device",
            (
                facts.card_fact("D1", "Brand name", identity.device_name if identity else None),
                FormField("D2", "Common device name and product code", None),
                facts.card_fact(
                    "D3",
                    "Manufacturer name, city and state",
                    identity.manufacturer.name if identity else None,
                ),
                facts.card_fact(
                    "D4",
                    "Model or version (software version)",
                    identity.software_version if identity else None,
                ),
                numbered("D4", facts.udi()),
                known("D4", "Card version reported against", report.card_version, _REPORT),
                *_to_complete(("D5", "Operator of device"), ("D10", "Device available for evaluation")),
            ),
        ),
        FormSection(
            "E",
            "Initial reporter",
            (
                known("E1", "Name, address and contact", contact_for_manufacturer(facts.stored), _REPORT),
                known("E2", "Health professional?", professional, _REPORT),
                known("E3", "Occupation", wording.ROLE_LABELS[role], _REPORT),
                FormField("E4", "Initial reporter also sent report to FDA", None),
            ),
        ),
        FormSection(
            "G",
            "All manufacturers",
            (
                facts.card_fact(
                    "G1",
                    "Contact office (name and address)",
                    identity.manufacturer.name if identity else None,
                ),
                known(
                    "G4", "Date received by manufacturer", received, _ASSESSMENT if assessment else _REPORT
                ),
                facts.card_fact("G5", "PMA, 510(k) or De Novo number", _us_identifier(card)),
                *_to_complete(
                    ("G7", "Type of report (initial, follow-up)"), ("G9", "Manufacturer report number")
                ),
            ),
        ),
        FormSection(
            "H",
            "Device manufacturers only",
            (
                known("H1", "Type of reportable event", event_type, _ASSESSMENT),
                FormField("H3", "Device evaluated by manufacturer?", None),
                known("H6", "Event problem and evaluation codes (IMDRF)", facts.codes("AEF"), _ASSESSMENT),
                known(
                    "H10",
                    "Additional manufacturer narrative",
                    assessment.note if assessment else None,
                    _ASSESSMENT,
                ),
                known(
                    "H10",
                    "Efforts to obtain missing information (21 CFR 803.50(b)(3))",
                    facts.followups(),
                    _DESK,
                ),
            ),
        ),
    )


def _us_identifier(card: ModelCard | None) -> str | None:
    if card is None:
        return None
    found = [
        r.identifier for r in card.identity.regulatory if r.jurisdiction.upper() == "US" and r.identifier
    ]
    return "; ".join(found) if found else None


def _mir_classification(facts: Sources) -> str | None:
    eu = Jurisdiction.EU
    if facts.answer(eu, "serious_public_health_threat"):
        return "Serious public health threat"
    if facts.answer(eu, "death_or_unanticipated_deterioration"):
        return "Death or unanticipated serious deterioration in state of health"
    if facts.answer(eu, "serious_incident"):
        return "All other reportable incidents"
    return None


def _mir(facts: Sources) -> tuple[FormSection, ...]:
    report, card, assessment = facts.report, facts.card, facts.assessment
    identity = card.identity if card else None
    regulatory = identity.regulatory if identity else []
    eu_class = next((r.device_class for r in regulatory if r.jurisdiction.upper() == "EU"), None)
    return (
        FormSection(
            "1",
            "Administrative information",
            (
                FormField("1.1", "Responsible competent authority (NCA)", None),
                known(
                    "1.2a",
                    "Date of report submission",
                    assessment.filed_on.get(Jurisdiction.EU) if assessment else None,
                    _ASSESSMENT,
                ),
                known("1.2b", "Date of incident", report.event_date, _REPORT),
                known(
                    "1.2c",
                    "Manufacturer awareness date",
                    assessment.aware_on if assessment else None,
                    _ASSESSMENT,
                ),
                FormField("1.2e", "Type of report", None),
                known("1.2g", "Classification of serious incident", _mir_classification(facts), _ASSESSMENT),
                known("1.3.1b", "Manufacturer's reference number", facts.stored.receipt, _REPORT),
                facts.card_fact(
                    "1.3.2", "Manufacturer name", identity.manufacturer.name if identity else None
                ),
                FormField("1.3.2", "Single registration number (SRN)", None),
            ),
        ),
        FormSection(
            "2",
            "Medical device information",
            (
                facts.card_fact("2.1", "Device name", identity.device_name if identity else None),
                numbered("2.1", facts.udi()),
                facts.card_fact("2.2", "Risk class", eu_class),
                facts.card_fact("2.3", "Software version", identity.software_version if identity else None),
                known("2.3", "Card version reported against", report.card_version, _REPORT),
                FormField("2.4", "Notified body and certificate", None),
            ),
        ),
        FormSection(
            "3",
            "Incident information",
            (
                known("3.1", "Description of the incident (the reporter's words)", report.narrative, _REPORT),
                known("3.2", "IMDRF medical device problem codes (Annex A)", facts.codes("A"), _ASSESSMENT),
                known("3.3", "IMDRF health effect codes (Annexes E and F)", facts.codes("EF"), _ASSESSMENT),
                *_to_complete(("3.4", "Patient information"), ("3.5", "Number of patients involved")),
            ),
        ),
        FormSection(
            "4",
            "Manufacturer's investigation",
            (
                known(
                    "4.1",
                    "Results of the investigation so far",
                    assessment.note if assessment else None,
                    _ASSESSMENT,
                ),
                known("4.1", "Efforts to obtain missing information", facts.followups(), _DESK),
                FormField("4.2", "Root cause and final comments", None),
            ),
        ),
        FormSection("5", "General comments", (FormField("5", "Comments", None),)),
    )


def incident_document(
    stored: StoredReport, details: ReportDetails, card: ModelCard | None, *, prepared_on: date
) -> IncidentDocument:
    """Both forms for this report; `card` is the reported card version (None when it is gone)."""
    facts = Sources(stored, details, card)
    return IncidentDocument(stored.receipt, prepared_on, _fda(facts), _mir(facts))
