"""Reader-facing words for concern fields and choices, kept in one place for translation."""

from __future__ import annotations

from .assessment import Category
from .clocks import Jurisdiction, Reportability
from .followup import Channel, Outcome
from .report import ConcernType, HarmOccurred, ReporterRole, Seriousness
from .triage import Resolution, Status

FIELD_LABELS: dict[str, str] = {
    "device": "Device and model card version",
    "device_id": "Device",
    "card_version": "Card version",
    "reporter_role": "You are",
    "concern_type": "What kind of problem",
    "harm_occurred": "Was anyone harmed?",
    "seriousness": "How serious was the harm?",
    "event_date": "When did it happen? (if known)",
    "narrative": "What happened",
    "contact_email": "Email for follow-up questions (optional)",
    "contact_consent": "I agree to be contacted about this report at this address",
    "withhold_identity": "Do not share my identity with the manufacturer",
}

ROLE_LABELS: dict[ReporterRole, str] = {
    ReporterRole.PATIENT: "Patient",
    ReporterRole.CAREGIVER: "Caregiver or family member",
    ReporterRole.CLINICIAN: "Clinician (doctor, nurse, ...)",
    ReporterRole.OTHER_PROFESSIONAL: "Other professional (technician, IT, researcher, ...)",
    ReporterRole.OTHER: "Other",
}

TYPE_LABELS: dict[ConcernType, str] = {
    ConcernType.WRONG_OUTPUT: "Wrong or misleading output",
    ConcernType.MALFUNCTION: "Malfunction or unavailable",
    ConcernType.BAD_INPUT_ACCEPTED: "Accepted an input it should have refused",
    ConcernType.USABILITY: "Hard to use or understand",
    ConcernType.CARD_UNCLEAR: "Information in the model card is unclear or wrong",
    ConcernType.POSSIBLE_HARM: "Possible harm to a person",
    ConcernType.SECURITY_PRIVACY: "Security or privacy",
    ConcernType.OTHER: "Other",
}

HARM_LABELS: dict[HarmOccurred, str] = {
    HarmOccurred.YES: "Yes",
    HarmOccurred.NO: "No",
    HarmOccurred.UNKNOWN: "I don't know",
}

SERIOUSNESS_LABELS: dict[Seriousness, str] = {
    Seriousness.DEATH: "Death",
    Seriousness.LIFE_THREATENING: "Life-threatening",
    Seriousness.HOSPITALIZATION: "Hospital stay (new or longer)",
    Seriousness.DISABILITY: "Disability or permanent damage",
    Seriousness.INTERVENTION: "Needed treatment to prevent permanent harm",
    Seriousness.OTHER_SERIOUS: "Other serious medical event",
    Seriousness.NOT_SERIOUS: "Not serious",
}

STATUS_LABELS: dict[Status, str] = {
    Status.NEW: "New",
    Status.UNDER_REVIEW: "Under review",
    Status.CLOSED: "Closed",
}

RESOLUTION_LABELS: dict[Resolution, str] = {
    Resolution.CORRECTED_IN_NEW_VERSION: "Corrected in a new version",
    Resolution.CARD_UPDATED: "Card information updated",
    Resolution.WORKING_AS_INTENDED: "Working as intended",
    Resolution.COULD_NOT_REPRODUCE: "Could not reproduce",
    Resolution.DUPLICATE: "Duplicate of another report",
    Resolution.NOT_ABOUT_THIS_DEVICE: "Not about this device",
    Resolution.OTHER: "Other",
}

CATEGORY_LABELS: dict[Category, str] = {
    Category.COMPLAINT: "Complaint",
    Category.POSSIBLE_HEALTH_IMPACT: "Possible health impact",
    Category.SUPPORT_QUESTION: "Support question",
    Category.CHANGE_REQUEST: "Change request",
    Category.PRIVACY: "Privacy",
}

JURISDICTION_LABELS: dict[Jurisdiction, str] = {
    Jurisdiction.US: "United States (FDA, 21 CFR 803)",
    Jurisdiction.EU: "European Union (MDR Art. 87)",
    Jurisdiction.UK: "Great Britain (MHRA, UK MDR 2002)",
}

REPORTABILITY_LABELS: dict[Reportability, str] = {
    Reportability.REPORTABLE: "Reportable",
    Reportability.NOT_REPORTABLE: "Not reportable",
    Reportability.UNDETERMINED: "Not decided yet",
}

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.EMAIL: "Email",
    Channel.PHONE: "Phone",
    Channel.LETTER: "Letter",
    Channel.IN_PERSON: "In person",
    Channel.OTHER: "Other",
}

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.INFORMATION_RECEIVED: "Information received",
    Outcome.PARTIAL_INFORMATION: "Part of the information received",
    Outcome.NO_RESPONSE: "No response",
    Outcome.DECLINED: "Declined to give information",
    Outcome.NOT_REACHABLE: "Could not be reached",
}

ANSWER_LABELS: dict[bool | None, str] = {None: "Not answered", True: "Yes", False: "No"}

PRIVACY_WARNING = (
    "Do not enter patient names, dates of birth, medical record numbers or anything else "
    "that identifies a patient. Describe what happened without them."
)
URGENT_WARNING = (
    "This form is not watched around the clock. If someone needs urgent help, contact local "
    "emergency services or the care team now."
)
WITHHOLD_HELP = (
    "The manufacturer then sees your report without your email address. The portal keeps "
    "the address only if you agreed to be contacted."
)
WHAT_HAPPENS_NEXT = (
    "The manufacturer's team reviews every new report and decides what to do: correct the "
    "device, update its model card, or explain. Keep your receipt number and quote it if you "
    "write to the manufacturer. If you agreed to be contacted, they may email you with "
    "questions. In the United States you may also report to FDA MedWatch."
)

# MDR Annex I 23.4(z): users and patients are told to report a serious incident to the manufacturer
# and to the authority of their country. Shown on the form and again with the receipt.
AUTHORITY_NOTICE = (
    "If someone died or their health seriously worsened, or could have, you may also report it "
    "to the medicines and medical devices authority where it happened, besides this report to "
    "the manufacturer: in the United States, FDA MedWatch "
    "(https://www.fda.gov/safety/medwatch-fda-safety-information-and-adverse-event-reporting-program); "
    "in the United Kingdom, the MHRA Yellow Card scheme (https://yellowcard.mhra.gov.uk); "
    "in the European Union, the national competent authority for medical devices of your country."
)

# The honeypot: people never see this field (it is hidden from sight, from screen readers and from
# the tab order); the label is for anyone who meets it anyway, e.g. with styles turned off.
HONEYPOT_LABEL = "Leave this field empty (it is here to catch automated spam)"

NOT_ACCEPTED = (
    "We could not accept this report, so nothing was stored. What you typed is still here. "
    "If you are a person and see this, please clear every field you were not asked to fill in "
    "and send the report again, or contact the manufacturer directly."
)


def rate_limited(reports: int, minutes: int, retry_at_utc: str, wait_minutes: int) -> str:
    """Why a report was refused by the rate limit, and when to send it again."""
    return (
        f"Reports from your network have reached the limit of {reports} in {minutes} minutes, so "
        f"this one was not stored yet. What you typed is still here: please send it again after "
        f"{retry_at_utc} UTC (in about {wait_minutes} minute{'s' if wait_minutes != 1 else ''})."
    )
