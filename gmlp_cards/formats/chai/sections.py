"""CHAI elements read into our card's sections, one function per section (used by `importer`).

Each reader first looks for the labelled parts our own export writes (`md_parts`), then falls back to
reading a vendor's unlabelled text as the nearest field, verbatim. What it cannot fill it records as a
gap; source text it cannot place it keeps in `unmapped`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from gmlp_cards.formats.chai import field_labels
from gmlp_cards.formats.chai.source import Source, is_none_like
from gmlp_cards.formats.md_parts import items, split
from gmlp_cards.model.base import SEMVER_PATTERN

PLACEHOLDER_EMAIL = "not.stated@example.invalid"
"""A syntactically valid address on the reserved `.invalid` domain: it can never reach anyone."""

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}


def short_pieces(text: str, limit: int = 300) -> list[str]:
    """Text cut at sentence ends into pieces that fit a short field, each piece verbatim."""
    pieces: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        while len(sentence) > limit:  # no sentence end in reach: cut at the last space
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            pieces.append(sentence)
    return pieces


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")
    return slug or "imported-device"


UNREAD_DATE = dt.date(1970, 1, 1)
"""Stands in for a release date the source gives in a form we cannot read: plainly not a real release
date (never the import's own day, which would pass for one), and recorded as a gap naming the text."""


def _date(text: str | None) -> tuple[dt.date | None, bool]:
    """(date, exact): ISO dates and the US form `08/23/2024` (month first) are exact; 'July 2024' or
    'Feb 2025' give the 1st of the month."""
    text = (text or "").strip()
    try:
        return dt.date.fromisoformat(text), True
    except ValueError:
        pass
    us = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if us:
        try:
            return dt.date(int(us[3]), int(us[1]), int(us[2])), True
        except ValueError:  # 23/08/2024 is not a US date: say so rather than guess day-first
            return None, False
    match = re.fullmatch(r"([A-Za-z]+)\.? (\d{4})", text)
    if match and match[1][:3].lower() in _MONTHS:
        return dt.date(int(match[2]), _MONTHS[match[1][:3].lower()], 1), False
    return None, False


def card_schema(root: Any) -> int:
    """2 when the source is our export of a schema-2 card (its `Card schema: 2` keyword), else 1."""
    keywords = [(k.text or "").strip() for k in root.iter("{*}Keyword")]
    return 2 if f"{field_labels.CARD_SCHEMA}: 2" in keywords else 1


def yes_or_no(text: str | None) -> bool | None:
    return None if text is None else text.strip().lower().startswith("yes")


def identity(
    source: Source, source_file: str, device_id: str | None, card_version: str | None
) -> dict[str, Any]:
    keywords = [k.text.strip() for k in source.root.iter("{*}Keyword") if k.text and k.text.strip()]
    tagged = {k.split(": ", 1)[0]: k.split(": ", 1)[1] for k in keywords if ": " in k}
    for keyword in keywords:
        if keyword != field_labels.FICTIONAL and keyword.split(": ", 1)[0] not in (
            field_labels.DEVICE_ID,
            field_labels.MODALITY,
            field_labels.CLINICAL_AREA,
            field_labels.CARD_SCHEMA,
        ):
            source.keep("ModelSummary/Keywords/Keyword", keyword)
    stage = source.text("ReleaseInfo/ReleaseStage") or ""
    found_version = re.search(rf"{field_labels.CARD_VERSION} (\S+?)\)", stage)
    version = card_version or (
        found_version[1] if found_version and re.match(SEMVER_PATTERN, found_version[1]) else "1.0.0"
    )
    date, exact = _date(source.text("ReleaseInfo/ReleaseDate"))
    if date is None:
        date = source.missing(
            "identity.release_date",
            f"Release date: the source's ReleaseInfo/ReleaseDate is "
            f"{source.text('ReleaseInfo/ReleaseDate')!r}, which is not a date we can read (ISO "
            f"2024-08-23, US 08/23/2024 or 'August 2024'); {UNREAD_DATE.isoformat()} stands in.",
            UNREAD_DATE,
        )
    elif not exact:
        source.assumed(
            "identity.release_date",
            f"Release date: the source gives only "
            f"{source.text('ReleaseInfo/ReleaseDate')!r}; the 1st of that month was used.",
            None,
        )
    source.release_date = date
    approval = source.text("ReleaseInfo/RegulatoryApproval")
    lead, parts = split(approval, [field_labels.UDI_DI, field_labels.PCCP])
    regulatory = [r for r in (field_labels.parse_regulatory_line(line) for line in items(lead)) if r]
    if not regulatory:
        regulatory = _foreign_regulatory(source, stage, approval)
    pccp = yes_or_no(parts.get(field_labels.PCCP))
    ours = field_labels.DEVICE_ID in tagged
    return {
        "device_id": device_id or tagged.get(field_labels.DEVICE_ID) or _slug(Path(source_file).stem),
        "device_name": (
            source.text("BasicInfo/ModelName") or source.missing("identity.device_name", "Device name.")
        )[:300],
        "manufacturer": _manufacturer(source, ours),
        "software_version": (
            source.text("ReleaseInfo/ReleaseVersion")
            or source.missing("identity.software_version", "Version of the device software this card covers.")
        )[:300],
        "card_version": version,
        "release_date": date.isoformat(),
        "status": "draft",
        "modality": tagged.get(field_labels.MODALITY)
        or source.missing("identity.modality", "Input modality, e.g. `CT pulmonary angiography`."),
        "clinical_area": tagged.get(field_labels.CLINICAL_AREA)
        or source.missing("identity.clinical_area", "Clinical specialty, e.g. `Radiology`."),
        "regulatory": regulatory,
        **({"udi_di": parts[field_labels.UDI_DI]} if field_labels.UDI_DI in parts else {}),
        "machine_learning": split(source.text("ModelSummary/Summary"), [field_labels.MACHINE_LEARNING])[
            1
        ].get(field_labels.MACHINE_LEARNING)
        or source.missing(
            "identity.machine_learning",
            "A statement that the device uses machine learning, and how "
            "(CHAI's ModelType and Summary give only part of it).",
        ),
        "pccp_authorized": pccp
        if pccp is not None
        else source.assumed(
            "identity.pccp_authorized",
            "Whether a change control plan (PCCP) is authorized; `false` was assumed.",
            False,
        ),
        "fictional": field_labels.FICTIONAL in keywords,
    }


def _manufacturer(source: Source, ours: bool) -> dict[str, Any]:
    contact = source.text("BasicInfo/DeveloperContact") or ""
    _, parts = split(contact, [field_labels.EMAIL, field_labels.WEB, field_labels.ADDRESS])
    maker: dict[str, Any] = {
        "name": (
            source.text("BasicInfo/ModelDeveloper")
            or source.missing("identity.manufacturer.name", "Legal manufacturer name.")
        )[:300]
    }
    email = parts.get(field_labels.EMAIL) or next(
        iter(re.findall(r"[^@\s:;,()<>]+@[^@\s;,()<>]+\.[A-Za-z]{2,}", contact)), None
    )
    maker["contact_email"] = email or source.missing(
        "identity.manufacturer.contact_email",
        "An email address where users reach the maker about this device.",
        PLACEHOLDER_EMAIL,
    )
    website = parts.get(field_labels.WEB) or next(
        iter(re.findall(r"(?:https?://|www\.)[^\s;,()<>]+", contact)), None
    )
    if website:
        maker["website"] = website if website.startswith("http") else "https://" + website
    if field_labels.ADDRESS in parts:
        maker["address"] = parts[field_labels.ADDRESS]
    if not ours:
        source.keep("BasicInfo/DeveloperContact", contact)
    return maker


def _foreign_regulatory(source: Source, stage: str, approval: str | None) -> list[dict[str, Any]]:
    """FDA numbers found in a vendor's free text: K = 510(k), DEN = De Novo, P = PMA."""
    text = f"{stage} {approval or ''}"
    risk = source.text("Warnings/ClinicalRiskLevel") or ""
    fda_class = re.search(r"Class (\w+) \(FDA\)", risk)
    found = []
    for number in dict.fromkeys(re.findall(r"\b(K\d{6}|DEN\d{6}|P\d{6})\b", text)):
        pathway = {"K": "510(k)", "D": "De Novo", "P": "PMA"}[number[0]]
        entry = {
            "jurisdiction": "US",
            "pathway": pathway,
            "status": "cleared" if "clear" in text.lower() else "authorized",
            "identifier": number,
        }
        if fda_class:
            entry["device_class"] = fda_class[1]
        found.append(entry)
    source.keep_elements(
        "ReleaseInfo/ReleaseStage",
        "ReleaseInfo/GlobalAvailability",
        "ReleaseInfo/RegulatoryApproval",
        "Warnings/ClinicalRiskLevel",
    )
    source.missing(
        "identity.regulatory",
        "Regulatory status per jurisdiction with pathway, file "
        "number, class and date"
        + (" (only the FDA number could be read)" if found else "")
        + "; see GlobalAvailability under identity.provenance.unmapped.",
        None,
    )
    return found


def intended_use(source: Source) -> dict[str, Any]:
    summary_lead, _ = split(source.text("ModelSummary/Summary"), [field_labels.MACHINE_LEARNING])
    labels = [
        field_labels.CONDITION,
        field_labels.USE_ENVIRONMENT,
        field_labels.WORKFLOW,
        field_labels.DECISION_ROLE,
        field_labels.AUTOMATION,
        field_labels.BENEFITS,
    ]
    purpose, parts = split(source.text("UsesAndDirections/IntendedUseAndWorkflow"), labels)
    if summary_lead and len(summary_lead) <= 300 and "\n" not in summary_lead:
        summary = summary_lead
    elif summary_lead:
        summary = source.assumed(
            "intended_use.summary",
            "One-sentence intended use: the first sentence of CHAI's Summary was used.",
            short_pieces(summary_lead)[0],
        )
        source.keep("ModelSummary/Summary", summary_lead)
    else:
        summary = source.missing("intended_use.summary", "The intended use in one sentence.")
    population, population_parts = split(
        source.text("UsesAndDirections/TargetedPatientPopulation"),
        [field_labels.INTENDED_POPULATION, field_labels.CRITERIA],
    )
    users = items(source.text("UsesAndDirections/PrimaryIntendedUsers"))
    users = [piece for user in users for piece in short_pieces(user)]
    scope_lead, scope = split(
        source.text("UsesAndDirections/CautionedOutOfScopeSettings"), [field_labels.CONTRAINDICATIONS]
    )
    _, how = split(
        source.text("UsesAndDirections/HowToUse"), [field_labels.ACTIVE_POINT, field_labels.STOP_IF]
    )
    words = " ".join(filter(None, [purpose, summary_lead])).lower()
    return {
        "summary": summary,
        "purpose": purpose or source.missing("intended_use.purpose", "The intended purpose in full."),
        "indications": {
            "condition": parts.get(field_labels.CONDITION)
            or source.missing(
                "intended_use.indications.condition", "The condition the device detects or informs on."
            ),
            "target_population": population
            or source.missing(
                "intended_use.indications.target_population", "Patients the device is indicated for."
            ),
            "use_environment": parts.get(field_labels.USE_ENVIRONMENT)
            or source.missing(
                "intended_use.indications.use_environment", "Where it is used, e.g. emergency department."
            ),
        },
        "population_criteria": [
            c
            for c in map(
                field_labels.parse_criterion_line, items(population_parts.get(field_labels.CRITERIA))
            )
            if c
        ],
        "intended_users": users or [source.missing("intended_use.intended_users", "Who may use it.")],
        "decision_role": parts.get(field_labels.DECISION_ROLE)
        or source.assumed(
            "intended_use.decision_role",
            "Decision role (inform, drive, treat_or_diagnose); `inform` was assumed.",
            "inform",
        ),
        "automation": parts.get(field_labels.AUTOMATION)
        or source.assumed(
            "intended_use.automation",
            "Degree of automation; "
            + ("`triage` was read from the text." if "triage" in words else "`assistive` was assumed."),
            "triage" if "triage" in words else "assistive",
        ),
        # CHAI's element is "intended use *and workflow*": a vendor's text describes both.
        "workflow": parts.get(field_labels.WORKFLOW)
        or purpose
        or source.missing(
            "intended_use.workflow", "Phase of the clinical workflow and how the device fits in."
        ),
        "clinical_benefits": items(parts.get(field_labels.BENEFITS))
        or [source.missing("intended_use.clinical_benefits", "Expected clinical benefits.")],
        "contraindications": items(scope.get(field_labels.CONTRAINDICATIONS)),
        "out_of_scope": [] if is_none_like(scope_lead) else items(scope_lead),
        "stop_using_if": items(how.get(field_labels.STOP_IF)),
    }
