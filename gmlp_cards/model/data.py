"""Training and test data: sources, sizes, demographics, and how independence was ensured."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from gmlp_cards.model.base import (
    CardEnum,
    CardModel,
    Count,
    Date,
    Percent,
    ShortText,
    Slug,
    SubgroupDimension,
    Text,
    reading_schema,
)
from gmlp_cards.model.not_stated import NamesOrNotStated, OrNotStated, TextOrNotStated


def _decimals(value: float) -> int:
    """Decimals as written: 12.5 -> 1, 50 -> 0; 1e-05 (no point in its repr) -> 5."""
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        return max(0, len(mantissa.split(".")[-1] if "." in mantissa else "") - int(exponent))
    return len(text.split(".", 1)[1].rstrip("0"))


class Share(CardModel):
    group: ShortText = Field(description="Category on the dimension, e.g. `female`.")
    percent: Percent = Field(description="Share of the dataset in percent.")


class Distribution(CardModel):
    """A demographic breakdown in percent; the shares must add up to 100 within rounding."""

    dimension: SubgroupDimension = Field(description="The axis, e.g. `sex`.")
    shares: list[Share] = Field(min_length=1, description="Shares per group, in percent.")

    @model_validator(mode="after")
    def _sums_to_100(self) -> Distribution:
        total = sum(s.percent for s in self.shares)
        decimals = max(_decimals(s.percent) for s in self.shares)
        # Each share may be off by half a unit of its last decimal, but at least 1 point overall.
        tolerance = max(1.0, 0.5 * 10.0**-decimals * len(self.shares)) + 1e-9
        if abs(total - 100) > tolerance:
            raise ValueError(
                f"{self.dimension.value} shares add up to {total:g}%, not 100% "
                f"(allowed rounding: {tolerance:.2g} points)"
            )
        groups = [s.group for s in self.shares]
        if len(set(groups)) != len(groups):
            raise ValueError(f"{self.dimension.value} lists a group more than once")
        return self

    def share(self, group: str) -> float | None:
        return next((s.percent for s in self.shares if s.group == group), None)


class ClassCount(CardModel):
    label: ShortText = Field(description="Class label, e.g. `referable DR`.")
    count: Count = Field(description="Samples with that label.")


class CountExplanation(CardModel):
    """Why a test set's size differs from its study's n, pinned to both numbers (as a metric's
    `unreconciled` entry is): accepted only while both still hold, so a changed number is checked again."""

    study: Slug = Field(description="The `id` of the study whose n differs from this set's.")
    study_n: Count = Field(description="That study's overall n, as the card states it.")
    set_n: Count = Field(description="This set's n_samples, as the card states it.")
    text: Text = Field(description="Why they differ, e.g. `the study analysed the 600 gradable images`.")


class Dataset(CardModel):
    name: ShortText = Field(description="Name of the dataset.")
    sources: list[ShortText] = Field(min_length=1, description="Where the data came from.")
    sites: NamesOrNotStated = Field(description="Sites that contributed data (or not_stated).")
    countries: NamesOrNotStated = Field(description="Countries of those sites (or not_stated).")
    collection_start: OrNotStated[Date] = Field(description="First date of collection (or not_stated).")
    collection_end: OrNotStated[Date] = Field(description="Last date of collection (or not_stated).")
    acquisition_devices: list[ShortText] = Field(
        default_factory=list, description="Devices that acquired the data."
    )
    n_patients: OrNotStated[Count] = Field(description="Number of patients (or not_stated).")
    n_samples: OrNotStated[Count] = Field(description="Number of samples (images, episodes, ...).")
    sample_unit: ShortText | None = Field(
        default=None, description="What one sample is (e.g. `eye`), when demographics are per person."
    )
    class_balance: list[ClassCount] = Field(default_factory=list, description="Counts per class.")
    demographics: list[Distribution] = Field(
        default_factory=list, description="Demographic distribution in percent."
    )
    labelling: Text = Field(description="How labels were made.")
    n_explanation: CountExplanation | None = Field(
        default=None,
        description="For a test set whose size is no study's n: which study it feeds and why they differ.",
    )

    @model_validator(mode="after")
    def _coherent(self) -> Dataset:
        start, end = self.collection_start, self.collection_end
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise ValueError("collection_end is before collection_start")
        if (
            self.class_balance
            and isinstance(self.n_samples, int)
            and (sum(c.count for c in self.class_balance) != self.n_samples)
        ):
            raise ValueError(
                f"class_balance adds up to {sum(c.count for c in self.class_balance)}, "
                f"not n_samples {self.n_samples}"
            )
        return self


class SplitUnit(CardEnum):
    """What training and test data never share: a patient, a site, a period, or both site and period
    (a split by site or by time also tests the device on data from elsewhere, or from later)."""

    patient = "patient"
    site = "site"
    time = "time"
    site_and_time = "site_and_time"


class IntendedPopulation(CardModel):
    description: Text = Field(description="Who the device is for, in words.")
    prevalence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Expected prevalence of the condition where the device is used (0..1); used for "
        "predictive values and icon arrays instead of an enriched study prevalence.",
    )
    demographics: list[Distribution] = Field(
        default_factory=list, description="Expected distribution, for comparison with the data."
    )


class DemographicInput(CardEnum):
    """The variables HTI-1 asks about when they are model inputs (45 CFR 170.315(b)(11)(iv)(A)(4))."""

    race = "race"
    ethnicity = "ethnicity"
    language = "language"
    sexual_orientation = "sexual_orientation"
    gender_identity = "gender_identity"
    sex = "sex"
    date_of_birth = "date_of_birth"
    age = "age"
    social_determinants_of_health = "social_determinants_of_health"
    health_status_assessment = "health_status_assessment"


class DemographicInputs(CardModel):
    """Which demographic variables the model takes as input: none is a statement too (`variables: []`)."""

    variables: list[DemographicInput] = Field(
        description="Demographic variables used as input features; `[]` when the model uses none of them."
    )
    detail: Text | None = Field(
        default=None, description="How they are used, or how the model is kept from inferring them."
    )

    @model_validator(mode="after")
    def _once_each(self) -> DemographicInputs:
        if len(set(self.variables)) != len(self.variables):
            raise ValueError("demographic_inputs.variables lists a variable more than once")
        return self


class TrainingCriteria(CardModel):
    """Inclusion and exclusion criteria that shaped the training data."""

    inclusion: list[ShortText] = Field(min_length=1, description="Who or what was included.")
    exclusion: list[ShortText] = Field(
        default_factory=list, description="Who or what was excluded; `[]` when nothing was."
    )


def refuse_in_schema_1(part: CardModel, names: tuple[str, ...]) -> None:
    """Fields schema 1 does not have, refused there: a published schema-1 file must not gain meaning."""
    given = [name for name in names if getattr(part, name) is not None]
    if given and reading_schema() == 1:
        kind = "is a schema 2 field" if len(given) == 1 else "are schema 2 fields"
        raise ValueError(
            f"{', '.join(given)} {kind}: set schema_version: 2 "
            "(`gmlp-cards migrate` writes the next version so)"
        )


class DataSection(CardModel):
    training: OrNotStated[list[Dataset]] = Field(
        description="Training (and tuning) data, or `{not_stated: why}` when the source describes none."
    )
    test: list[Dataset] = Field(min_length=1, description="Test data.")
    split_unit: OrNotStated[SplitUnit] = Field(
        description="Unit at which training and test were separated (or not_stated)."
    )
    independence: Text = Field(description="How independence of test from training was ensured.")
    overlap_justification: Text | None = Field(
        default=None, description="Why sites shared between training and test are acceptable."
    )
    intended_population: IntendedPopulation = Field(description="The population it is meant for.")
    funding: TextOrNotStated | None = Field(
        default=None,
        description="Schema 2: who funded the development of the model and its data (HTI-1's funding "
        "source), or `{not_stated: why}`.",
    )
    training_criteria: OrNotStated[TrainingCriteria] | None = Field(
        default=None,
        description="Schema 2: inclusion and exclusion criteria of the training data, or "
        "`{not_stated: why}`.",
    )
    demographic_inputs: OrNotStated[DemographicInputs] | None = Field(
        default=None,
        description="Schema 2: demographic variables the model takes as input (HTI-1 lists race, "
        "ethnicity, language, sexual orientation, gender identity, sex, date of birth, social "
        "determinants, health status), or `{not_stated: why}`.",
    )

    @property
    def training_sets(self) -> list[Dataset]:
        """The training datasets described; [] when the source describes none."""
        return self.training if isinstance(self.training, list) else []

    @model_validator(mode="after")
    def _some_training(self) -> DataSection:
        if isinstance(self.training, list) and not self.training:
            raise ValueError("training lists no dataset: describe one, or write `{not_stated: why}`")
        refuse_in_schema_1(self, ("funding", "training_criteria", "demographic_inputs"))
        return self


# How the schema-2 development facts read, in HTI-1 and on the leaflet alike.


def criteria_text(criteria: TrainingCriteria | object | None) -> str | None:
    """Inclusion and exclusion criteria of the training data as two bullet lists; not stated as such."""
    if criteria is None:
        return None
    if not isinstance(criteria, TrainingCriteria):
        return str(criteria)  # NotStated reads `not stated`; the reason is in the card
    inclusion = "\n".join(f"- {c}" for c in criteria.inclusion)
    exclusion = "\n".join(f"- {c}" for c in criteria.exclusion) or "- none"
    return f"Inclusion:\n{inclusion}\nExclusion:\n{exclusion}"


def demographic_inputs_text(inputs: DemographicInputs | object | None) -> str | None:
    """Which of the rule's demographic variables are input features: `none` is a statement too."""
    if inputs is None:
        return None
    if not isinstance(inputs, DemographicInputs):
        return str(inputs)
    used = ", ".join(v.label for v in inputs.variables)
    text = f"Input features: {used}." if used else "None of these variables is an input feature."
    return text + (f" {inputs.detail}" if inputs.detail else "")
