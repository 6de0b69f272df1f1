"""Plain-language information for patients and caregivers, in one or more languages."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from gmlp_cards.model.base import CardModel, ShortText, Text

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]


class NaturalFrequency(CardModel):
    outcome: ShortText = Field(description="What happens, e.g. `correctly told they need a check`.")
    per_1000: int = Field(ge=0, le=1000, description="How many out of 1,000 people like this.")


class PatientText(CardModel):
    summary: Text = Field(description="What this tool does in my care, in plain words.")
    what_it_means: Text = Field(description="What a result means for me.")
    benefits: list[Text] = Field(min_length=1, description="Possible benefits, plainly.")
    risks: list[Text] = Field(min_length=1, description="What can go wrong, plainly.")
    natural_frequencies: list[NaturalFrequency] = Field(
        default_factory=list, description="Benefits and risks out of 1,000 people."
    )
    talk_to_clinician: list[Text] = Field(min_length=1, description="When to talk to my clinician.")


class PatientInformation(CardModel):
    default_language: LanguageCode = Field(default="en", description="Language shown first.")
    texts: dict[LanguageCode, PatientText] = Field(
        description="Patient texts keyed by language code (`en`, `ko`, ...)."
    )

    @model_validator(mode="after")
    def _has_default(self) -> PatientInformation:
        if self.default_language not in self.texts:
            raise ValueError(f"texts has no entry for the default language {self.default_language!r}")
        return self
