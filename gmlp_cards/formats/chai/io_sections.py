"""CHAI elements read into our card's inputs and outputs sections (used by the importer, like `sections`)."""

from __future__ import annotations

import re
from typing import Any

from gmlp_cards.formats.chai import field_labels
from gmlp_cards.formats.chai.sections import short_pieces, yes_or_no
from gmlp_cards.formats.chai.source import Source, is_none_like
from gmlp_cards.formats.md_parts import items, sections, split
from gmlp_cards.model.provenance import NOT_STATED


def inputs(source: Source) -> dict[str, Any]:
    acceptable = []
    for modality, body in sections(source.text("TrustIngredients/AISystemFacts/InputDataSource")):
        _, parts = split(
            body,
            [
                field_labels.DEVICES,
                field_labels.PROTOCOL,
                field_labels.DATA_FORMAT,
                field_labels.QUALITY,
                field_labels.PREPARATION,
            ],
        )
        entry = {
            "modality": modality,
            "devices": items(parts.get(field_labels.DEVICES)),
            "data_format": parts.get(field_labels.DATA_FORMAT) or NOT_STATED,
            "quality_requirements": parts.get(field_labels.QUALITY) or NOT_STATED,
        }
        entry.update(
            {
                k: parts[label]
                for k, label in (
                    ("protocol", field_labels.PROTOCOL),
                    ("preparation", field_labels.PREPARATION),
                )
                if label in parts
            }
        )
        acceptable.append(entry)
    types = source.text("TrustIngredients/AISystemFacts/OutputAndInputDataTypes")
    _, parts = split(
        types,
        [field_labels.INPUTS, field_labels.OUTPUT_KIND, field_labels.UNACCEPTABLE, field_labels.DEFINITIONS],
    )
    if not acceptable:
        source.keep(
            "TrustIngredients/AISystemFacts/InputDataSource",
            source.text("TrustIngredients/AISystemFacts/InputDataSource"),
        )
        source.keep("TrustIngredients/AISystemFacts/OutputAndInputDataTypes", types)
        acceptable = [
            source.missing(
                "inputs.acceptable",
                "Acceptable inputs as a table: modality, "
                "compatible acquisition devices and protocols, data format, quality "
                "requirements (CHAI's OutputAndInputDataTypes is kept under "
                "identity.provenance.unmapped to help).",
                {"modality": NOT_STATED, "data_format": NOT_STATED, "quality_requirements": NOT_STATED},
            )
        ]
    definitions = []
    for line in items(parts.get(field_labels.DEFINITIONS)):
        match = re.match(r"^\*\*(.+?)\*\*: (.+)$", line, re.DOTALL)
        if match:
            definitions.append({"term": match[1], "definition": match[2]})
    return {
        "acceptable": acceptable,
        "unacceptable_handling": parts.get(field_labels.UNACCEPTABLE)
        or source.missing(
            "inputs.unacceptable_handling", "What the device does with missing or unacceptable input."
        ),
        "definitions": definitions,
    }


def outputs(source: Source) -> dict[str, Any]:
    facts = "TrustIngredients/AISystemFacts/"
    description, parts = split(
        source.text(facts + "OutcomesAndOutputs"),
        [field_labels.OUTPUT_KIND, field_labels.OPERATING_POINTS, field_labels.CALIBRATED],
    )
    model_type, model_parts = split(source.text(facts + "ModelType"), [field_labels.ARCHITECTURE])
    transparency = source.text(facts + "Transparency")
    _, clear = split(transparency, [field_labels.BASIS, field_labels.EXPLAINABILITY])
    how_lead, how = split(
        source.text("UsesAndDirections/HowToUse"), [field_labels.ACTIVE_POINT, field_labels.STOP_IF]
    )
    kind = parts.get(field_labels.OUTPUT_KIND)
    if kind is None:
        binary = "binary" in (description or "").lower()
        kind = source.assumed(
            "outputs.kind",
            "Output kind (binary, ordinal, score, continuous); "
            + ("`binary` was read from the text." if binary else "`binary` was assumed."),
            "binary",
        )
    explainability = clear.get(field_labels.EXPLAINABILITY) or (transparency if not clear else None)
    out: dict[str, Any] = {
        "kind": kind,
        "description": description or source.missing("outputs.description", "What the output is."),
        "interpretation": how_lead
        or source.missing("outputs.interpretation", "How to read the output, and what it does not mean."),
        "operating_points": [
            p
            for p in map(
                field_labels.parse_operating_point_line, items(parts.get(field_labels.OPERATING_POINTS))
            )
            if p
        ],
        "basis": clear.get(field_labels.BASIS)
        or source.missing("outputs.basis", "The basis for the output: what the model looks at."),
        "model_type": (
            short_pieces(model_type)[0]
            if model_type
            else source.missing("outputs.model_type", "Model type at a high level.")
        ),
        "architecture": model_parts.get(field_labels.ARCHITECTURE)
        or model_type
        or source.missing("outputs.architecture", "Architecture at a high level."),
        "foundation_models": [
            f[:300] for f in items(source.text(facts + "FoundationModels")) if not is_none_like(f)
        ],
    }
    if explainability:
        out["explainability"] = explainability
    if field_labels.ACTIVE_POINT in how:
        out["active_operating_point"] = how[field_labels.ACTIVE_POINT]
    if field_labels.CALIBRATED in parts:
        out["calibrated"] = yes_or_no(parts[field_labels.CALIBRATED])
    return out
