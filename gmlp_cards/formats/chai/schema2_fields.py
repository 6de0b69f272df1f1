"""The schema-2 fields HTI-1 asks for, in CHAI's own elements, and back from our export.

CHAI has a place for each: `TransparencyInformation/FundingSource` for the funding, a labelled part of
`DevelopmentDataCharacterization` for the training criteria and the demographic inputs, and of
`OngoingMaintenance` for fairness monitoring and local validation. Only an export of a schema-2 card
(`Card schema: 2` keyword) is read back into them: a schema-1 draft has no such fields, so a vendor's
FundingSource stays verbatim under `identity.provenance.unmapped`.
"""

from __future__ import annotations

from typing import Any

from gmlp_cards.formats.chai import field_labels
from gmlp_cards.formats.chai.xml_build import NOT_IN_CARD
from gmlp_cards.formats.md_parts import Part, compose, items, split
from gmlp_cards.model import ModelCard
from gmlp_cards.model.data import DemographicInputs, TrainingCriteria
from gmlp_cards.model.not_stated import NotStated

TRAINING_CRITERIA, DEMOGRAPHIC_INPUTS = "Training data criteria", "Demographic input features"
INCLUDED, EXCLUDED = "Included", "Excluded"
FAIRNESS_MONITORING, LOCAL_VALIDATION = "Fairness monitoring", "Local validation"
NO_DEMOGRAPHIC_INPUT = "none"
_NOT_STATED_PREFIX = "Not stated in the source: "


def _text(value: Any) -> str | None:
    """A field as CHAI text: a not-stated value with its reason, so the import can tell it apart."""
    if value is None:
        return None
    if isinstance(value, NotStated):
        return _NOT_STATED_PREFIX + value.not_stated
    return str(value)


def _back(text: str | None) -> Any:
    """The inverse of `_text` for a field that may be `{not_stated: why}`."""
    if text is None:
        return None
    if text.startswith(_NOT_STATED_PREFIX):
        return {"not_stated": text.removeprefix(_NOT_STATED_PREFIX)}
    return text


def funding_text(card: ModelCard) -> str | None:
    return _text(card.data.funding)


def development_parts(card: ModelCard) -> str:
    """The `#### Development` block of DevelopmentDataCharacterization; empty when the card has neither."""
    criteria, inputs = card.data.training_criteria, card.data.demographic_inputs
    parts: list[Part] = []
    if isinstance(criteria, TrainingCriteria):
        body = compose(None, [(INCLUDED, criteria.inclusion), (EXCLUDED, criteria.exclusion)])
        parts.append((TRAINING_CRITERIA, body))
    else:
        parts.append((TRAINING_CRITERIA, _text(criteria)))
    if isinstance(inputs, DemographicInputs):
        used = ", ".join(v.value for v in inputs.variables) or NO_DEMOGRAPHIC_INPUT
        parts.append((DEMOGRAPHIC_INPUTS, used + (f"\n\n{inputs.detail}" if inputs.detail else "")))
    else:
        parts.append((DEMOGRAPHIC_INPUTS, _text(inputs)))
    text = compose(None, parts)
    return f"#### {field_labels.DEVELOPMENT}\n\n{text}" if text else ""


def maintenance_parts(card: ModelCard) -> list[Part]:
    monitoring = card.monitoring
    return [
        (FAIRNESS_MONITORING, _text(monitoring.fairness_monitoring)),
        (LOCAL_VALIDATION, _text(monitoring.local_validation)),
    ]


def _criteria(body: str | None) -> Any:
    if body is None or body.startswith(_NOT_STATED_PREFIX):
        return _back(body)
    _, parts = split(body, [INCLUDED, EXCLUDED])
    return {"inclusion": items(parts.get(INCLUDED)), "exclusion": items(parts.get(EXCLUDED))}


def _inputs(body: str | None) -> Any:
    if body is None or body.startswith(_NOT_STATED_PREFIX):
        return _back(body)
    listed, _, detail = body.partition("\n\n")
    variables = [v for v in listed.split(", ") if v and v != NO_DEMOGRAPHIC_INPUT]
    return {"variables": variables, **({"detail": detail.strip()} if detail.strip() else {})}


def read_development(body: str | None) -> dict[str, Any]:
    """data.training_criteria and data.demographic_inputs from our `#### Development` block."""
    _, parts = split(body, [TRAINING_CRITERIA, DEMOGRAPHIC_INPUTS])
    found = {
        "training_criteria": _criteria(parts.get(TRAINING_CRITERIA)),
        "demographic_inputs": _inputs(parts.get(DEMOGRAPHIC_INPUTS)),
    }
    return {k: v for k, v in found.items() if v is not None}


def read_maintenance(parts: dict[str, str]) -> dict[str, Any]:
    found = {
        "fairness_monitoring": _back(parts.get(FAIRNESS_MONITORING)),
        "local_validation": _back(parts.get(LOCAL_VALIDATION)),
    }
    return {k: v for k, v in found.items() if v is not None}


def read_funding(text: str | None) -> dict[str, Any]:
    return {} if text is None or text == NOT_IN_CARD else {"funding": _back(text)}
