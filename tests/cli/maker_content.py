"""What a maker writes into the `new-device` draft: the real content of a fictional device.

The numbers are those of the demo fixture card (tests/fixtures/cards/valid/demo-dr-screen), whose
estimates and Wilson 95% intervals were worked out from its confusion counts, so they agree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/model-card.schema.json"

STUDY_DATES = {"start_date": dt.date(2024, 1, 8), "end_date": dt.date(2024, 6, 28)}
DATASET = {
    "sources": ["Retrospective screening archive"],
    "sites": ["Clinic A", "Clinic B"],
    "countries": ["US"],
    "labelling": "Two graders per image; a retina specialist settled disagreements.",
}

FILLED: dict[str, Any] = {
    "identity": {
        "device_name": "Fictional FundusCheck",
        "manufacturer": {"name": "Example Fictional Devices Ltd", "contact_email": "safety@example.org"},
        "software_version": "3.0.2",
        "release_date": dt.date(2026, 11, 2),
        "modality": "Colour fundus photograph",
        "clinical_area": "Ophthalmology",
        "regulatory": [{"jurisdiction": "US", "pathway": "510(k)", "status": "cleared"}],
        "machine_learning": "A locked convolutional network grades photographs; it does not learn in use.",
        "pccp_authorized": False,
        "fictional": True,
    },
    "intended_use": {
        "summary": "Flags adults with diabetes who should see an eye specialist.",
        "purpose": "Screening of fundus photographs of adults with diabetes for referable retinopathy.",
        "indications": {
            "condition": "More-than-mild diabetic retinopathy.",
            "target_population": "Adults aged 22 and over with diabetes.",
            "use_environment": "Primary care clinics with a trained camera operator.",
        },
        "intended_users": ["Primary care physicians"],
        "decision_role": "drive",
        "automation": "autonomous",
        "workflow": "At a routine diabetes visit, before any referral decision.",
        "clinical_benefits": ["Earlier referral of patients with sight-threatening disease."],
    },
    "inputs": {
        "acceptable": [
            {
                "modality": "45-degree colour fundus photograph",
                "data_format": "DICOM",
                "quality_requirements": "Both fields per eye present and in focus.",
            }
        ],
        "unacceptable_handling": "Ungradable exams are returned with advice to refer.",
    },
    "outputs": {
        "kind": "binary",
        "description": "Refer, or rescreen in 12 months.",
        "interpretation": "A negative result does not rule out other eye disease.",
        "basis": "Lesions such as microaneurysms, haemorrhages and exudates.",
        "model_type": "Convolutional neural network",
        "architecture": "One image classifier whose scores are averaged per patient.",
    },
    "performance": {
        "studies": [
            {
                "id": "main-study",
                "title": "Retrospective study in primary care",
                "design": "retrospective",
                "sites": ["Clinic C"],
                "countries": ["US"],
                **STUDY_DATES,
                "inclusion": ["Adults with diabetes and no earlier retinopathy diagnosis."],
                "conducted_by": "An independent reading centre.",
                "independence": "No study site or patient contributed training data.",
                "reference_standard": {
                    "description": "ETDRS severity from widefield photographs.",
                    "how_established": "Two certified graders, adjudicated.",
                },
                "unit_of_analysis": "patient",
                "overall": {
                    "n": 500,
                    "counts": {"tp": 88, "fp": 20, "fn": 12, "tn": 380},
                    "metrics": [
                        {
                            "kind": "estimate",
                            "name": "sensitivity",
                            "n": 100,
                            "estimate": 0.88,
                            "lower": 0.802,
                            "upper": 0.93,
                            "method": "wilson",
                        },
                        {
                            "kind": "estimate",
                            "name": "specificity",
                            "n": 400,
                            "estimate": 0.95,
                            "lower": 0.924,
                            "upper": 0.967,
                            "method": "wilson",
                        },
                    ],
                },
            }
        ]
    },
    "data": {
        "training": [
            {
                "name": "Development set",
                **DATASET,
                "collection_start": dt.date(2015, 1, 1),
                "collection_end": dt.date(2022, 12, 31),
                "n_patients": 20000,
                "n_samples": 80000,
            }
        ],
        "test": [
            {
                "name": "Study set",
                **DATASET,
                "sites": ["Clinic C"],
                "collection_start": dt.date(2024, 1, 8),
                "collection_end": dt.date(2024, 6, 28),
                "n_patients": 500,
                "n_samples": 500,
            }
        ],
        "split_unit": "site",
        "independence": "Test sites never appear in the training data.",
        "intended_population": {"description": "Adults with diabetes attending primary care."},
    },
    "risks": {
        "warnings": [
            {"title": "Not a full eye exam", "detail": "Refer patients with symptoms.", "severity": "high"}
        ],
        "limitations": [
            {
                "title": "Few patients over 75",
                "detail": "Performance there is uncertain.",
                "severity": "moderate",
            }
        ],
        "cybersecurity": "Images leave the clinic only over TLS.",
        "privacy": "Images are deleted from the analysis server after 30 days.",
    },
    "patient": {
        "texts": {
            "en": {
                "summary": "A computer program looks at photos of your eyes for damage from diabetes.",
                "what_it_means": "If it finds signs of damage, you will be sent to an eye doctor.",
                "benefits": ["Damage can be found early."],
                "risks": ["It can miss damage. Keep your yearly eye checks."],
                "talk_to_clinician": ["If your sight gets worse."],
            }
        }
    },
    "monitoring": {
        "process": "Monthly review of ungradable rates and referral outcomes.",
        "metrics": [
            {"metric": "sensitivity", "threshold": 0.85, "direction": "at_least", "frequency": "quarterly"}
        ],
        "update_policy": {
            "frequency": "At most yearly",
            "mode": "manual",
            "scope": "global",
            "description": "Each update is validated on an independent test set before release.",
        },
        "retraining_controls": "Retraining follows a written protocol with fixed acceptance criteria.",
    },
}


class _NoAliases(yaml.SafeDumper):
    """Card files refuse YAML aliases; the shared dicts above are written out each time."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def merged(draft: Any, real: Any) -> Any:
    """`draft` with every value `real` gives put in its place; keys only the draft has stay."""
    if isinstance(draft, dict) and isinstance(real, dict):
        return {**draft, **{k: merged(draft.get(k), v) for k, v in real.items()}}
    return real


def fill_new_device_draft(path: Path) -> None:
    """What the maker does: write the real content over every placeholder (comments go with them)."""
    draft = yaml.safe_load(path.read_text(encoding="utf-8"))
    body = yaml.dump(merged(draft, FILLED), Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(f"{SCHEMA_LINE}\n# A fictional device, for the tests.\n{body}", encoding="utf-8")


NOTICE: dict[str, Any] = {
    "change_types": ["labelling_only"],
    "within_pccp": False,
    "summary": "The warning now tells users to refer patients with new floaters.",
    "rationale": "Users asked what counts as a symptom.",
    "data_used": "None; the device and its evidence are unchanged.",
    "performance_summary": "Unchanged.",
    "bias_changes": "None known.",
    "user_action": "Read the updated warning.",
}
NEW_WARNING = "Refer patients with symptoms, such as new floaters or blurred vision."


def fill_next_version(path: Path) -> None:
    """A labelling-only change in a draft from `new-version`, and its change notice written out."""
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    card["risks"]["warnings"][0]["detail"] = NEW_WARNING
    card["change_notice"] |= NOTICE
    body = yaml.dump(card, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(f"{SCHEMA_LINE}\n# A fictional device, for the tests.\n{body}", encoding="utf-8")
