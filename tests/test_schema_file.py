"""The committed JSON Schema is exactly what `gmlp-cards schema` prints, and documents every field."""

from __future__ import annotations

import io
import json
from pathlib import Path

from gmlp_cards.cli.main import main

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "model-card.schema.json"


def printed_schema() -> dict:
    out = io.StringIO()
    assert main(["schema"], out) == 0
    return json.loads(out.getvalue())


def test_the_committed_schema_file_is_the_generated_schema():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == printed_schema(), (
        "schema/model-card.schema.json is stale: run `gmlp-cards schema > schema/model-card.schema.json`"
    )


def test_the_committed_schema_file_is_byte_for_byte_the_printed_text():
    out = io.StringIO()
    main(["schema"], out)
    assert SCHEMA_FILE.read_text(encoding="utf-8") == out.getvalue()


def undocumented(schema: dict) -> list[str]:
    missing = []
    for model_name, model in {"ModelCard": schema, **schema.get("$defs", {})}.items():
        for field, spec in model.get("properties", {}).items():
            if not spec.get("description"):
                missing.append(f"{model_name}.{field}")
    return missing


def test_every_field_in_the_schema_has_a_description():
    assert undocumented(printed_schema()) == []


def test_the_schema_forbids_unknown_keys_in_every_object():
    schema = printed_schema()
    for name, model in {"ModelCard": schema, **schema["$defs"]}.items():
        if model.get("type") == "object" and "properties" in model:
            assert model.get("additionalProperties") is False, name
