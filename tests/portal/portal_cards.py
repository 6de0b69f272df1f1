"""Small, valid fictional card files for the portal tests, built in code so their numbers always agree.

The shipped examples under model_cards/ are the main subjects of the tests; these cover what the
examples may not: a withdrawn version, a card full of `<script>` payloads, and a broken file.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from benchmarks.make_catalog import wilson_estimate

SCRIPT = "<script>alert('x')</script>"
"""A payload placed in every free-text field of the hostile card."""


def _row(tp: int, fn: int, fp: int, tn: int) -> dict[str, Any]:
    return {
        "n": tp + fn + fp + tn,
        "counts": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        "metrics": [
            wilson_estimate("sensitivity", tp, tp + fn, digits=4),
            wilson_estimate("specificity", tn, tn + fp, digits=4),
        ],
    }


def _subgroup(dimension: str, group: str, tp: int, fn: int, fp: int, tn: int) -> dict[str, Any]:
    return {"dimension": dimension, "group": group, **_row(tp, fn, fp, tn)}


# Six subgroup rows; `site B` is weaker (its sensitivity interval lies below the overall estimate)
# and `80+` is small (n 30 < 50), so both must be flagged in the back of pack.
SUBGROUPS = [
    _subgroup("sex", "female", 90, 10, 38, 362),
    _subgroup("sex", "male", 90, 10, 38, 362),
    _subgroup("age_band", "18-79", 170, 18, 73, 709),
    _subgroup("age_band", "80+", 10, 2, 3, 15),
    _subgroup("site", "site A", 140, 0, 50, 450),
    _subgroup("site", "site B", 40, 20, 26, 274),
]


def _dataset(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "sources": ["Hospital PACS"],
        "sites": ["site A", "site B"],
        "countries": ["Utopia"],
        "collection_start": "2020-01-01",
        "collection_end": "2021-12-31",
        "acquisition_devices": ["Acme DR 1"],
        "n_patients": 1000,
        "n_samples": 1000,
        "class_balance": [{"label": "pneumothorax", "count": 200}, {"label": "none", "count": 800}],
        "demographics": [
            {
                "dimension": "sex",
                "shares": [{"group": "female", "percent": 48}, {"group": "male", "percent": 52}],
            }
        ],
        "labelling": "Two radiologists, a third on disagreement.",
    }


def base_card(device_id: str = "lumen-test", version: str = "1.0.0") -> dict[str, Any]:
    """A complete published fictional card as a plain dict (what the YAML file holds)."""
    return {
        "schema_version": 1,
        "identity": {
            "device_id": device_id,
            "device_name": "Lumen Test Triage",
            "manufacturer": {"name": "Example Imaging Ltd", "contact_email": "safety@example.org"},
            "software_version": "2.0",
            "card_version": version,
            "release_date": "2024-01-15",
            "status": "published",
            "modality": "Chest X-ray",
            "clinical_area": "Radiology",
            "regulatory": [
                {"jurisdiction": "US", "pathway": "510(k)", "status": "cleared", "identifier": "K000000"}
            ],
            "machine_learning": "A convolutional network scores each image.",
            "pccp_authorized": False,
            "fictional": True,
        },
        "intended_use": {
            "summary": "Flags chest X-rays that may show a pneumothorax for earlier reading.",
            "purpose": "Worklist prioritisation of adult chest radiographs.",
            "indications": {
                "condition": "Pneumothorax",
                "target_population": "Adults 18 and over",
                "use_environment": "Hospital radiology departments",
            },
            "intended_users": ["Radiologists"],
            "decision_role": "inform",
            "automation": "triage",
            "workflow": "Runs after acquisition, before the radiologist reads the worklist.",
            "clinical_benefits": ["Suspected cases are read sooner."],
            "contraindications": ["Patients under 18."],
            "out_of_scope": ["Diagnosis without a radiologist."],
            "stop_using_if": ["Flag rates change suddenly."],
        },
        "inputs": {
            "acceptable": [
                {
                    "modality": "PA or AP chest radiograph",
                    "devices": ["Acme DR 1"],
                    "data_format": "DICOM",
                    "quality_requirements": "Whole chest in view, no heavy rotation.",
                }
            ],
            "unacceptable_handling": "The image is marked *not analysed*; nothing is flagged.",
        },
        "outputs": {
            "kind": "binary",
            "description": "A flag: suspected pneumothorax, or none.",
            "interpretation": "No flag does **not** rule out a pneumothorax.",
            "operating_points": [{"name": "default", "description": "Balanced.", "default": True}],
            "basis": "Pixel patterns of the lung edges.",
            "model_type": "Convolutional network",
            "architecture": "A ResNet-style image classifier.",
        },
        "performance": {
            "studies": [
                {
                    "id": "pivotal",
                    "title": "Retrospective pivotal study",
                    "design": "retrospective",
                    "primary": True,
                    "sites": ["site A", "site B"],
                    "countries": ["Utopia"],
                    "start_date": "2022-01-01",
                    "end_date": "2022-12-31",
                    "inclusion": ["Adults with a chest X-ray"],
                    "conducted_by": "An independent lab.",
                    "independence": "Sites and dates differ from training data.",
                    "reference_standard": {
                        "description": "Consensus of three radiologists.",
                        "how_established": "Blinded reads with adjudication.",
                    },
                    "unit_of_analysis": "image",
                    "endpoints": [
                        {"metric": "sensitivity", "threshold": 0.8},
                        {"metric": "specificity", "threshold": 0.95},
                    ],
                    "overall": _row(180, 20, 76, 724),
                    "subgroups": copy.deepcopy(SUBGROUPS),
                }
            ]
        },
        "data": {
            "training": [_dataset("Training set")],
            "test": [_dataset("Test set")],
            "split_unit": "site",
            "independence": "Different hospitals.",
            "intended_population": {
                "description": "Adults having a chest X-ray in hospital.",
                "demographics": [
                    {
                        "dimension": "sex",
                        "shares": [{"group": "female", "percent": 50}, {"group": "male", "percent": 50}],
                    }
                ],
            },
        },
        "risks": {
            "warnings": [
                {
                    "title": "Not for children",
                    "detail": "Do not use on patients under 18.",
                    "severity": "high",
                },
                {
                    "title": "Missed small pneumothorax",
                    "detail": "Small ones are missed more often.",
                    "severity": "critical",
                },
                {
                    "title": "Portable images",
                    "detail": "Portable images are less reliable.",
                    "severity": "moderate",
                },
                {"title": "Minor display lag", "detail": "Flags may appear late.", "severity": "low"},
            ],
            "limitations": [
                {"title": "Two sites only", "detail": "Tested at two hospitals.", "severity": "moderate"}
            ],
            "cybersecurity": "Runs inside the hospital network.",
            "privacy": "Images are not kept after analysis.",
        },
        "patient": {
            "default_language": "en",
            "texts": {
                "en": {
                    "summary": "A computer program looks at your chest X-ray first.",
                    "what_it_means": "A flag means a doctor looks at your X-ray sooner.",
                    "benefits": ["Your X-ray may be read sooner."],
                    "risks": ["The program can miss a problem; a doctor always reads the X-ray."],
                    "natural_frequencies": [
                        {"outcome": "with a collapsed lung are flagged", "per_1000": 900},
                        {"outcome": "without one are flagged anyway", "per_1000": 95},
                    ],
                    "talk_to_clinician": ["If you have sudden chest pain or trouble breathing."],
                }
            },
        },
        "monitoring": {
            "process": "Monthly audit of flags against reports.",
            "metrics": [
                {"metric": "sensitivity", "threshold": 0.85, "direction": "at_least", "frequency": "monthly"}
            ],
            "snapshots": [
                {
                    "period_end": "2024-03-31",
                    "metric": "sensitivity",
                    "value": 0.9,
                    "lower": 0.86,
                    "upper": 0.93,
                    "n": 300,
                }
            ],
            "update_policy": {
                "frequency": "yearly",
                "mode": "manual",
                "scope": "global",
                "description": "Each update is revalidated.",
            },
            "retraining_controls": "Locked model; retraining only with a new validation.",
        },
    }


def with_notice(
    card: dict[str, Any], previous: str, summary: str, change_types: tuple[str, ...] = ("labelling_only",)
) -> dict[str, Any]:
    card["change_notice"] = {
        "previous_version": previous,
        "effective_date": card["identity"]["release_date"],
        "change_types": list(change_types),
        "within_pccp": False,
        "summary": summary,
        "rationale": "Clearer wording.",
        "data_used": "none",
        "performance_summary": "Unchanged.",
        "bias_changes": "none known",
        "user_action": "Read the new warnings.",
    }
    return card


def history_cards(device_id: str = "lumen-test") -> list[dict[str, Any]]:
    """Three versions: 1.0.0 published, 1.0.1 withdrawn, 1.1.0 published (the latest)."""
    first = base_card(device_id, "1.0.0")
    withdrawn = with_notice(base_card(device_id, "1.0.1"), "1.0.0", "Typo fixes, later withdrawn.")
    withdrawn["identity"]["status"] = "withdrawn"
    withdrawn["identity"]["release_date"] = "2024-02-01"
    latest = with_notice(
        base_card(device_id, "1.1.0"), "1.0.1", "Intended use now says adults.", ("intended_use",)
    )
    latest["identity"]["release_date"] = "2024-06-01"
    latest["intended_use"]["summary"] = "Flags adult chest X-rays that may show a pneumothorax."
    return [first, withdrawn, latest]


def hostile_card() -> dict[str, Any]:
    """A valid card whose free text carries HTML and script payloads."""
    card = base_card("hostile-test", "1.0.0")
    card["identity"]["device_name"] = f"Hostile {SCRIPT} Device"
    card["intended_use"]["summary"] = f"Intended use text {SCRIPT} with [a link](javascript:alert(1))."
    card["intended_use"]["purpose"] = f"Purpose <img src=x onerror=alert(1)> {SCRIPT}"
    card["intended_use"]["workflow"] = SCRIPT
    card["outputs"]["interpretation"] = f"<iframe src='https://evil.example'></iframe>{SCRIPT}"
    card["risks"]["warnings"][0]["detail"] = f"Warning {SCRIPT}"
    card["risks"]["warnings"][0]["title"] = f"Title {SCRIPT}"
    card["risks"]["limitations"][0]["detail"] = SCRIPT
    card["patient"]["texts"]["en"]["summary"] = f"Patient {SCRIPT}"
    card["patient"]["texts"]["en"]["natural_frequencies"][0]["outcome"] = f"flag {SCRIPT}"
    card["performance"]["studies"][0]["title"] = f"Study {SCRIPT}"
    card["performance"]["studies"][0]["subgroups"][0]["group"] = f"grp {SCRIPT}"
    return card


def write_card(root: Path, card: dict[str, Any]) -> Path:
    identity = card["identity"]
    path = root / identity["device_id"] / f"{identity['card_version']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(card, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_fixture_catalog(root: Path) -> Path:
    """The test catalog: a device with history, a hostile device, and one broken file."""
    for card in history_cards():
        write_card(root, card)
    write_card(root, hostile_card())
    broken = root / "broken-test" / "1.0.0.yaml"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("schema_version: 1\nidentity: [not, a, mapping]\n", encoding="utf-8")
    return root
