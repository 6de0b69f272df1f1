"""How the device is meant to be used: intended use, acceptable inputs, and what its output means."""

from __future__ import annotations

from pydantic import Field, model_validator

from gmlp_cards.model.base import CardEnum, CardModel, ShortText, SubgroupDimension, Text
from gmlp_cards.model.not_stated import ShortTextOrNotStated, TextOrNotStated


class DecisionRole(CardEnum):
    """IMDRF significance of the information for the healthcare decision."""

    inform = "inform"
    drive = "drive"
    treat_or_diagnose = "treat_or_diagnose"


class Automation(CardEnum):
    """What the device does with a case: helps a clinician who decides (assistive), orders the
    worklist for a clinician (triage), or decides without one (autonomous)."""

    assistive = "assistive"
    triage = "triage"
    autonomous = "autonomous"


class Indications(CardModel):
    condition: Text = Field(description="The condition the device detects, predicts or informs on.")
    target_population: Text = Field(description="Patients the device is indicated for.")
    use_environment: Text = Field(description="Where it is used, e.g. emergency department.")


class PopulationCriterion(CardModel):
    """A machine-readable part of the intended population, so a reader can check a patient against it."""

    dimension: SubgroupDimension = Field(description="The axis, e.g. `age_band`.")
    allowed: list[ShortText] = Field(
        min_length=1, description="Groups on that axis inside the intended population."
    )
    statement: Text = Field(description="The card's own words for this criterion.")


class IntendedUse(CardModel):
    summary: ShortText = Field(description="The intended use in one sentence (front of pack).")
    purpose: Text = Field(description="Intended purpose in full.")
    indications: Indications = Field(description="Indications for use.")
    intended_users: list[ShortText] = Field(min_length=1, description="Who may operate the device.")
    population_criteria: list[PopulationCriterion] = Field(
        default_factory=list, description="Structured intended-population criteria."
    )
    decision_role: DecisionRole = Field(description="Informs, drives, or treats/diagnoses.")
    automation: Automation = Field(description="Assistive, triage or autonomous.")
    workflow: Text = Field(description="Phase of the clinical workflow and how it fits in.")
    clinical_benefits: list[Text] = Field(min_length=1, description="Expected clinical benefits.")
    contraindications: list[Text] = Field(default_factory=list, description="When not to use it.")
    out_of_scope: list[Text] = Field(default_factory=list, description="Uses it was not made for.")
    stop_using_if: list[Text] = Field(default_factory=list, description="Stop using it if ...")


class AcceptableInput(CardModel):
    modality: ShortText = Field(description="What kind of input, e.g. `PA/AP chest radiograph`.")
    devices: list[ShortText] = Field(
        default_factory=list, description="Compatible acquisition devices or systems."
    )
    protocol: Text | None = Field(default=None, description="Acquisition protocol requirements.")
    data_format: ShortTextOrNotStated = Field(
        description="e.g. `DICOM`, `HL7 FHIR Observation` (or not_stated)."
    )
    quality_requirements: Text = Field(description="Minimum quality for a valid result.")
    preparation: Text | None = Field(default=None, description="Required preparation, if any.")


class Definition(CardModel):
    term: ShortText = Field(description="The term, e.g. `sex`.")
    definition: Text = Field(description="What the card means by it, e.g. sex recorded at birth.")


class Inputs(CardModel):
    acceptable: list[AcceptableInput] = Field(min_length=1, description="Acceptable inputs.")
    unacceptable_handling: TextOrNotStated = Field(
        description="What the device does with missing or unacceptable input (or not_stated)."
    )
    definitions: list[Definition] = Field(default_factory=list, description="Definitions of terms.")


class OutputKind(CardEnum):
    """What the device puts out: yes or no (binary), ordered risk bands (ordinal), a score, or a
    measured quantity (continuous)."""

    binary = "binary"
    ordinal = "ordinal"
    score = "score"
    continuous = "continuous"


class OperatingPoint(CardModel):
    name: ShortText = Field(description="Name of the operating point, e.g. `default`.")
    description: Text = Field(description="What it trades off and when to choose it.")
    threshold: float | None = Field(default=None, description="Score threshold, if numeric.")
    default: bool = Field(default=False, description="True for the factory setting.")


class Outputs(CardModel):
    kind: OutputKind = Field(description="binary, ordinal (risk bands), score or continuous.")
    description: Text = Field(description="What the output is and means.")
    interpretation: Text = Field(description="How to read the output, and what it does not mean.")
    operating_points: list[OperatingPoint] = Field(
        default_factory=list, description="Configurable operating points."
    )
    active_operating_point: Text | None = Field(
        default=None, description="How a user can tell which operating point is active."
    )
    basis: Text = Field(description="The basis for the output: what the model looks at.")
    explainability: Text | None = Field(default=None, description="Explainability aids shown.")
    model_type: ShortText = Field(description="Model type at a high level.")
    architecture: Text = Field(description="Architecture at a high level.")
    foundation_models: list[ShortText] = Field(
        default_factory=list, description="Foundation models used, if any."
    )
    calibrated: bool | None = Field(default=None, description="Whether scores are calibrated probabilities.")

    @model_validator(mode="after")
    def _one_default(self) -> Outputs:
        names = [p.name for p in self.operating_points]
        if len(set(names)) != len(names):
            raise ValueError("operating point names must be unique")
        defaults = [p.name for p in self.operating_points if p.default]
        if self.operating_points and len(defaults) != 1:
            raise ValueError(f"exactly one operating point must be the default; found {len(defaults)}")
        return self
