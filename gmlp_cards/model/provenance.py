"""Where a card came from when it was imported, and what the importer could not fill from the source."""

from __future__ import annotations

from pydantic import Field

from gmlp_cards.model.base import CardEnum, CardModel, Date, ShortText, Text

NOT_STATED = "Not stated in the source CHAI card — the manufacturer must provide this."
"""Placeholder for every required text the source did not give. A card holding it anywhere cannot be
published (ModelCard refuses), so a reader can only ever meet it on a draft marked as imported."""

NOT_STATED_MARK = "Not stated in the source"
"""The part of NOT_STATED that the publish check looks for, so a lightly edited placeholder still counts."""


class GapKind(CardEnum):
    """Why an imported field still needs the manufacturer."""

    missing = "missing"
    """The source says nothing: the field holds NOT_STATED, a zero count, or an empty table."""
    assumed = "assumed"
    """The importer chose a value (an enum, a date from a month) that the manufacturer must confirm."""


class Gap(CardModel):
    field: ShortText = Field(description="Field path in this card, e.g. `inputs.acceptable`.")
    kind: GapKind = Field(description="`missing` (placeholder) or `assumed` (importer's choice).")
    need: Text = Field(description="What the manufacturer must provide or confirm, in one sentence.")


class SourceText(CardModel):
    element: ShortText = Field(
        description="Element path in the source, e.g. `ReleaseInfo/GlobalAvailability`."
    )
    text: Text = Field(description="The source's text, verbatim.")


class Provenance(CardModel):
    """Record of an import: the source file, and every gap the manufacturer must close before publishing."""

    source_format: ShortText = Field(description="Format of the source, e.g. `CHAI applied model card v0.2`.")
    source_file: ShortText = Field(description="File name of the source card.")
    source_sha256: ShortText = Field(description="SHA-256 of the source file's bytes.")
    imported_on: Date = Field(description="Date of the import.")
    gaps: list[Gap] = Field(
        default_factory=list,
        description="Fields the source did not state or that the importer assumed; publishing is "
        "refused while any remain.",
    )
    unmapped: list[SourceText] = Field(
        default_factory=list,
        description="Source text with no home in this card format, kept verbatim so nothing is lost.",
    )
