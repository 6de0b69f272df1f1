"""CHAI data characterization, warnings, patient disclosure and resources read into our card.

Used by `importer`; like `sections`, each reader takes our export's labelled parts first and a
vendor's unlabelled text second, and records every gap.
"""

from __future__ import annotations

import re
from typing import Any

from gmlp_cards.formats.chai import field_labels, schema2_fields
from gmlp_cards.formats.chai.source import Source, is_none_like
from gmlp_cards.formats.md_parts import items, sections, split
from gmlp_cards.model.provenance import NOT_STATED

_DATASET_LABELS = [
    field_labels.SOURCES,
    field_labels.SITES,
    field_labels.COUNTRIES,
    field_labels.COLLECTED,
    field_labels.DEVICES,
    field_labels.PATIENTS,
    field_labels.SAMPLES,
    field_labels.SAMPLE_UNIT,
    field_labels.CLASSES,
    field_labels.DEMOGRAPHICS,
    field_labels.LABELLING,
]
_SHARE = re.compile(r"^(?P<group>.+) (?P<percent>[0-9.]+)%$")


def _distributions(body: str | None) -> list[dict[str, Any]]:
    """`sex: female 48.5%, male 51.5%` lines back into distributions."""
    found = []
    for line in items(body):
        dimension, _, rest = line.partition(": ")
        shares = [m.groupdict() for m in map(_SHARE.match, rest.split(", ")) if m]
        if shares:
            found.append(
                {
                    "dimension": dimension,
                    "shares": [{"group": s["group"], "percent": float(s["percent"])} for s in shares],
                }
            )
    return found


def _count(text: str | None) -> int | dict[str, str]:
    """A count the source states, or not stated (never a zero standing in for it)."""
    if text is not None and text.strip().isdigit():
        return int(text)
    return {"not_stated": "the source CHAI card does not state it"}


def _dataset(name: str, body: str) -> dict[str, Any]:
    _, parts = split(body, _DATASET_LABELS)
    start, _, end = parts.get(field_labels.COLLECTED, "").partition(" to ")
    classes = [c.rpartition(": ") for c in items(parts.get(field_labels.CLASSES))]
    return {
        "name": name,
        "sources": items(parts.get(field_labels.SOURCES)),
        "sites": items(parts.get(field_labels.SITES)),
        "countries": items(parts.get(field_labels.COUNTRIES)),
        "collection_start": start,
        "collection_end": end,
        "acquisition_devices": items(parts.get(field_labels.DEVICES)),
        "n_patients": _count(parts.get(field_labels.PATIENTS)),
        "n_samples": _count(parts.get(field_labels.SAMPLES)),
        **({"sample_unit": parts[field_labels.SAMPLE_UNIT]} if field_labels.SAMPLE_UNIT in parts else {}),
        "class_balance": [{"label": label, "count": int(count)} for label, _, count in classes],
        "demographics": _distributions(parts.get(field_labels.DEMOGRAPHICS)),
        "labelling": parts.get(field_labels.LABELLING, NOT_STATED),
    }


def _placeholder_dataset(source: Source, role: str) -> dict[str, Any]:
    date = source.release_date.isoformat()
    return source.missing(
        f"data.{role}",
        f"{role.capitalize()} data: sources, sites, countries, "
        "collection dates, acquisition devices, numbers of patients and samples, class "
        "balance, demographics in percent, labelling (counts of 0 and the release date "
        "stand in for them).",
        {
            "name": f"{role.capitalize()} data (not stated)",
            "sources": [NOT_STATED],
            "sites": [NOT_STATED],
            "countries": [NOT_STATED],
            "collection_start": date,
            "collection_end": date,
            "n_patients": 0,
            "n_samples": 0,
            "labelling": NOT_STATED,
        },
    )


def data(source: Source) -> dict[str, Any]:
    facts = "TrustIngredients/AISystemFacts/"
    text = source.text(facts + "DevelopmentDataCharacterization")
    training, test, population = [], [], None
    development: dict[str, Any] = {}
    for heading, body in sections(text):
        role, _, name = heading.partition(": ")
        if role == field_labels.TRAINING:
            training.append(_dataset(name, body))
        elif role == field_labels.TEST:
            test.append(_dataset(name, body))
        elif heading == field_labels.INTENDED_POPULATION:
            population = split(body, [field_labels.DEMOGRAPHICS, field_labels.PREVALENCE])
        elif heading == field_labels.DEVELOPMENT and source.schema == 2:
            development = schema2_fields.read_development(body)
    if not training and not test:
        source.keep(facts + "DevelopmentDataCharacterization", text)
    bias = source.text(facts + "BiasMitigationApproaches")
    independence, parts = split(
        bias, [field_labels.SPLIT_UNIT, field_labels.OVERLAP, field_labels.SUBGROUPS_ANALYSED]
    )
    if not parts:  # a vendor's bias text: not our independence statement
        source.keep(facts + "BiasMitigationApproaches", bias)
        independence = ""
    target, target_parts = split(
        source.text("UsesAndDirections/TargetedPatientPopulation"),
        [field_labels.INTENDED_POPULATION, field_labels.CRITERIA],
    )
    description = (
        (population[0] if population else None)
        or target_parts.get(field_labels.INTENDED_POPULATION)
        or target
    )
    out: dict[str, Any] = {
        "training": training or [_placeholder_dataset(source, "training")],
        "test": test or [_placeholder_dataset(source, "test")],
        "split_unit": parts.get(field_labels.SPLIT_UNIT)
        or source.assumed(
            "data.split_unit",
            "Unit at which training and test data were separated; `patient` was assumed.",
            "patient",
        ),
        "independence": independence
        or source.missing("data.independence", "How independence of test from training data was ensured."),
        "intended_population": {
            "description": description
            or source.missing(
                "data.intended_population.description", "The population the device is meant for."
            ),
            "demographics": _distributions(population[1].get(field_labels.DEMOGRAPHICS))
            if population
            else [],
            **(
                {"prevalence": float(population[1][field_labels.PREVALENCE])}
                if population and field_labels.PREVALENCE in population[1]
                else {}
            ),
        },
    }
    if field_labels.OVERLAP in parts:
        out["overlap_justification"] = parts[field_labels.OVERLAP]
    if source.schema == 2:
        out |= development | schema2_fields.read_funding(
            source.text("TrustIngredients/TransparencyInformation/FundingSource")
        )
    return out


def _risks(body: str | None) -> list[dict[str, Any]]:
    return [r for r in map(field_labels.parse_risk_line, items(body)) if r]


def risks(source: Source) -> dict[str, Any]:
    known = source.text("Warnings/KnownRisksAndLimitations")
    lead, parts = split(known, [field_labels.WARNINGS, field_labels.LIMITATIONS, field_labels.FAILURE_MODES])
    warnings, limitations = (
        _risks(parts.get(field_labels.WARNINGS)),
        _risks(parts.get(field_labels.LIMITATIONS)),
    )
    if lead:  # a vendor's text: kept whole as one limitation, its severity for the maker to set
        limitations.append(
            {
                "title": "Known risks and limitations (CHAI card text)",
                "detail": lead,
                "severity": source.assumed(
                    "risks.limitations",
                    "Severity of the imported risks and limitations text; `moderate` was assumed.",
                    "moderate",
                ),
            }
        )
    if not warnings:
        warnings = [
            source.missing(
                "risks.warnings",
                "Warnings and precautions for users, each with a "
                "severity (a `high` placeholder stands in, so it shows first).",
                {"title": "Warnings not stated", "detail": NOT_STATED, "severity": "high"},
            )
        ]
    if not limitations:
        limitations = [
            source.missing(
                "risks.limitations",
                "Known limitations, each with a severity.",
                {"title": "Limitations not stated", "detail": NOT_STATED, "severity": "moderate"},
            )
        ]
    biases_text = source.text("Warnings/KnownBiasesOrEthicalConsiderations")
    biases_lead, bias_parts = split(biases_text, [field_labels.BIASES, field_labels.UNDER_REPRESENTED])
    biases = _risks(bias_parts.get(field_labels.BIASES))
    if biases_lead and not is_none_like(biases_lead):
        biases.append(
            {
                "title": "Known biases or ethical considerations (CHAI card text)",
                "detail": biases_lead,
                "severity": source.assumed(
                    "risks.known_biases",
                    "Severity of the imported bias text; `moderate` was assumed.",
                    "moderate",
                ),
            }
        )
    security, security_parts = split(
        source.text("TrustIngredients/AISystemFacts/Security"), [field_labels.PRIVACY]
    )
    return {
        "warnings": warnings,
        "limitations": limitations,
        "failure_modes": _risks(parts.get(field_labels.FAILURE_MODES)),
        "known_biases": biases,
        "under_represented": [u[:300] for u in items(bias_parts.get(field_labels.UNDER_REPRESENTED))],
        "cybersecurity": security
        or source.missing("risks.cybersecurity", "Cybersecurity notes for operators."),
        "privacy": security_parts.get(field_labels.PRIVACY)
        or source.missing("risks.privacy", "What data the device processes and keeps."),
    }


def patient(source: Source) -> dict[str, Any]:
    text = source.text("Resources/PatientConsentOrDisclosure")
    labels = [
        field_labels.LANGUAGE,
        field_labels.WHAT_IT_MEANS,
        field_labels.PATIENT_BENEFITS,
        field_labels.PATIENT_RISKS,
        field_labels.PER_1000,
        field_labels.TALK,
    ]
    summary, parts = split(text, labels)
    if not parts:
        source.keep("Resources/PatientConsentOrDisclosure", text)
        source.missing(
            "patient",
            "Plain-language patient information (summary, what a result means, "
            "benefits, risks, natural frequencies, when to talk to the clinician).",
            None,
        )
        return {
            "default_language": "en",
            "texts": {
                "en": {
                    "summary": NOT_STATED,
                    "what_it_means": NOT_STATED,
                    "benefits": [NOT_STATED],
                    "risks": [NOT_STATED],
                    "talk_to_clinician": [NOT_STATED],
                }
            },
        }
    frequencies = []
    for line in items(parts.get(field_labels.PER_1000)):
        match = re.match(r"^(\d+) in 1,000: (.+)$", line)
        if match:
            frequencies.append({"per_1000": int(match[1]), "outcome": match[2]})
    language = parts.get(field_labels.LANGUAGE, "en")
    return {
        "default_language": language,
        "texts": {
            language: {
                "summary": summary or NOT_STATED,
                "what_it_means": parts.get(field_labels.WHAT_IT_MEANS, NOT_STATED),
                "benefits": items(parts.get(field_labels.PATIENT_BENEFITS)) or [NOT_STATED],
                "risks": items(parts.get(field_labels.PATIENT_RISKS)) or [NOT_STATED],
                "natural_frequencies": frequencies,
                "talk_to_clinician": items(parts.get(field_labels.TALK)) or [NOT_STATED],
            }
        },
    }


def references(source: Source, studies: list[dict[str, Any]]) -> None:
    """Evidence references onto their studies; a vendor's links go onto the primary study."""
    by_id = {s["id"]: s for s in studies}
    primary = next((s for s in studies if s["primary"]), studies[0])
    ours = False
    for line in items(source.text("Resources/EvaluationReferences")):
        parsed = field_labels.parse_reference_line(line)
        if parsed and parsed[0] in by_id:
            by_id[parsed[0]]["references"].append(parsed[1])
            ours = True
    if ours:
        return
    seen: set[str] = set()
    for element in (
        "Resources/EvaluationReferences",
        "Resources/PeerReviewedPublications",
        "Resources/ClinicalTrial",
        "ReleaseInfo/RegulatoryApproval",
    ):
        text = source.text(element) or ""
        for title, url in re.findall(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", text):
            if url not in seen and len(url) <= 300:
                seen.add(url)
                primary["references"].append({"kind": "url", "value": url, "title": title[:300]})
        for trial in re.findall(r"\bNCT\d{8}\b", text):
            if trial not in seen:
                seen.add(trial)
                primary["references"].append({"kind": "trial", "value": trial})
        if element != "ReleaseInfo/RegulatoryApproval":
            source.keep(element, text)


def leftovers(source: Source) -> None:
    """CHAI elements our card has no field for, kept verbatim (funding, stakeholders, EHRs, ...)."""
    source.keep_elements(
        *([] if source.schema == 2 else ["TrustIngredients/TransparencyInformation/FundingSource"]),
        "TrustIngredients/TransparencyInformation/ThirdPartyInformation",
        "TrustIngredients/TransparencyInformation/StakeholdersConsulted",
        "Resources/ReimbursementStatus",
        "Bibliography",
    )
    ehr = source.element("ReleaseInfo/EHRCompatibility")
    if ehr is not None:
        source.keep("ReleaseInfo/EHRCompatibility", ", ".join(e.text or "" for e in ehr if e.text))
