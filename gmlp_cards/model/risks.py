"""Known limitations, failure modes, biases, warnings and security notes, each with a severity."""

from __future__ import annotations

from pydantic import Field

from gmlp_cards.model.base import CardModel, Severity, ShortText, Text
from gmlp_cards.model.not_stated import TextOrNotStated


class Risk(CardModel):
    title: ShortText = Field(description="Short name of the risk or limitation.")
    detail: Text = Field(description="What it is, when it happens, what to do.")
    severity: Severity = Field(description="low, moderate, high or critical.")


class Risks(CardModel):
    warnings: list[Risk] = Field(min_length=1, description="Warnings and precautions for users.")
    limitations: list[Risk] = Field(min_length=1, description="Known limitations.")
    failure_modes: list[Risk] = Field(default_factory=list, description="Known failure modes.")
    known_biases: list[Risk] = Field(default_factory=list, description="Known biases.")
    under_represented: list[ShortText] = Field(
        default_factory=list, description="Groups under-represented in the evidence."
    )
    cybersecurity: TextOrNotStated = Field(description="Cybersecurity notes for operators (or not_stated).")
    privacy: TextOrNotStated = Field(description="What data the device processes and keeps (or not_stated).")

    def top_warnings(self, limit: int = 3) -> list[Risk]:
        """Most severe warnings first; ties keep the maker's order (sorted is stable)."""
        return sorted(self.warnings, key=lambda r: -r.severity.rank)[:limit]
