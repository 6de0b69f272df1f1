"""CHAI's OngoingMaintenance and monitoring results read into our card's `monitoring` (used by `evidence`)."""

from __future__ import annotations

from typing import Any

from gmlp_cards.formats.chai import field_labels, schema2_fields
from gmlp_cards.formats.chai.source import Source
from gmlp_cards.formats.md_parts import split
from gmlp_cards.model.provenance import NOT_STATED


def maintenance(
    source: Source, thresholds: list[dict[str, Any]], snapshots: list[dict[str, Any]]
) -> dict[str, Any]:
    labels = [
        field_labels.UPDATE_FREQUENCY,
        field_labels.UPDATE_MODE,
        field_labels.UPDATE_SCOPE,
        field_labels.UPDATE_VALIDATION,
        field_labels.RETRAINING,
        schema2_fields.FAIRNESS_MONITORING,
        schema2_fields.LOCAL_VALIDATION,
    ]
    process, parts = split(source.text("TrustIngredients/AISystemFacts/OngoingMaintenance"), labels)
    if not thresholds:
        thresholds = [
            source.missing(
                "monitoring.metrics",
                "Monitored metrics with thresholds, direction "
                "and frequency (an `other` metric at 0 stands in).",
                {"metric": "other", "threshold": 0, "direction": "at_least", "frequency": NOT_STATED},
            )
        ]
    return {
        "process": process
        or source.missing("monitoring.process", "How real-world performance is monitored."),
        "metrics": thresholds,
        "snapshots": snapshots,
        "update_policy": {
            "frequency": parts.get(field_labels.UPDATE_FREQUENCY)
            or source.missing("monitoring.update_policy.frequency", "How often updates are expected."),
            "mode": parts.get(field_labels.UPDATE_MODE)
            or source.assumed(
                "monitoring.update_policy.mode", "Update mode; `manual` was assumed.", "manual"
            ),
            "scope": parts.get(field_labels.UPDATE_SCOPE)
            or source.assumed(
                "monitoring.update_policy.scope", "Update scope; `global` was assumed.", "global"
            ),
            "description": parts.get(field_labels.UPDATE_VALIDATION)
            or source.missing(
                "monitoring.update_policy.description", "How updates are validated and released."
            ),
        },
        "retraining_controls": parts.get(field_labels.RETRAINING)
        or source.missing(
            "monitoring.retraining_controls",
            "How retraining is controlled against overfitting, bias and drift.",
        ),
        **(schema2_fields.read_maintenance(parts) if source.schema == 2 else {}),
    }
