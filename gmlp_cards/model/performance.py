"""Clinical evidence: studies, their design, endpoints, overall and subgroup results."""

from __future__ import annotations

from pydantic import Field, model_validator

from gmlp_cards.model.base import CardEnum, CardModel, Count, Date, ShortText, Slug, Text
from gmlp_cards.model.metrics import Metric, MetricName, ResultRow, SubgroupResult


class StudyDesign(CardEnum):
    retrospective = "retrospective"
    prospective = "prospective"
    randomized = "randomized"
    reader_study = "reader_study"


class UnitOfAnalysis(CardEnum):
    patient = "patient"
    study = "study"
    image = "image"
    eye = "eye"
    lesion = "lesion"
    encounter = "encounter"
    episode = "episode"


class Bound(CardEnum):
    """Which number of an estimate a criterion is judged on."""

    # Named `lower_bound`, not `lower`, so it does not shadow `str.lower`; card files keep "lower".
    lower_bound = "lower"
    estimate = "estimate"


class Endpoint(CardModel):
    metric: MetricName = Field(description="The metric the endpoint is about.")
    threshold: float = Field(ge=0, le=1, description="Pre-specified acceptance threshold (0..1).")
    judged_on: Bound = Field(
        default=Bound.lower_bound, description="Met when this number (lower bound or estimate) >= threshold."
    )
    description: Text | None = Field(default=None, description="The endpoint as pre-specified.")
    operating_point: ShortText | None = Field(
        default=None, description="Operating point the endpoint is judged at, if not the default."
    )


class ReferenceStandard(CardModel):
    description: Text = Field(description="What the ground truth was.")
    how_established: Text = Field(description="Who set it and how (readers, adjudication, tests).")
    limitations: Text | None = Field(default=None, description="Known limits of the reference.")


class Reference(CardModel):
    kind: ShortText = Field(description="`doi`, `trial`, `url`, `document`.")
    value: ShortText = Field(description="The identifier or address.")
    title: ShortText | None = Field(default=None, description="Human-readable title.")


class OperatingPointResult(ResultRow):
    operating_point: ShortText = Field(description="Operating point these results are for.")


class RiskBand(CardModel):
    band: ShortText = Field(description="Name of the band, e.g. `high`.")
    n: Count = Field(description="Units in this band.")
    events: Count = Field(description="Units in this band with the condition.")

    @model_validator(mode="after")
    def _events_fit(self) -> RiskBand:
        if self.events > self.n:
            raise ValueError(f"events {self.events} exceed n {self.n} in band {self.band!r}")
        return self


class ReaderStudy(CardModel):
    description: Text = Field(description="Design of the human-AI team study.")
    readers: Count = Field(description="Number of readers.")
    cases: Count = Field(description="Number of cases.")
    unaided: list[Metric] = Field(min_length=1, description="Reader performance without the device.")
    aided: list[Metric] = Field(min_length=1, description="Reader performance with the device.")


class Study(CardModel):
    id: Slug = Field(description="Short identifier, unique within the card.")
    title: ShortText = Field(description="Name of the study.")
    design: StudyDesign = Field(description="Retrospective, prospective, randomized, reader study.")
    primary: bool = Field(default=False, description="True for the pivotal study shown first.")
    sites: list[ShortText] = Field(min_length=1, description="Sites where test data came from.")
    countries: list[ShortText] = Field(min_length=1, description="Countries of those sites.")
    start_date: Date = Field(description="First date of data collection.")
    end_date: Date = Field(description="Last date of data collection.")
    inclusion: list[Text] = Field(min_length=1, description="Inclusion criteria.")
    exclusion: list[Text] = Field(default_factory=list, description="Exclusion criteria.")
    conducted_by: Text = Field(description="Who ran the evaluation.")
    independence: Text = Field(description="How the test data are independent of training data.")
    reference_standard: ReferenceStandard = Field(description="Ground truth and its limits.")
    unit_of_analysis: UnitOfAnalysis = Field(description="What one counted unit is.")
    n_patients: Count | None = Field(default=None, description="Patients, when units are not patients.")
    endpoints: list[Endpoint] = Field(default_factory=list, description="Pre-specified endpoints.")
    overall: ResultRow = Field(description="Results over the whole test population.")
    by_operating_point: list[OperatingPointResult] = Field(
        default_factory=list, description="Overall results at other operating points."
    )
    subgroups: list[SubgroupResult] = Field(default_factory=list, description="Subgroup results.")
    risk_bands: list[RiskBand] = Field(
        default_factory=list, description="Per-band counts for ordinal outputs."
    )
    reader_study: ReaderStudy | None = Field(default=None, description="Human-AI team results.")
    repeatability: Text | None = Field(default=None, description="Repeatability and reproducibility.")
    references: list[Reference] = Field(default_factory=list, description="Evidence references.")

    @model_validator(mode="after")
    def _coherent(self) -> Study:
        problems: list[str] = []
        if self.end_date < self.start_date:
            problems.append(f"end_date {self.end_date} is before start_date {self.start_date}")
        for row in self.subgroups:
            if row.n > self.overall.n:
                problems.append(
                    f"subgroup {row.dimension.value}={row.group!r} has n {row.n}, "
                    f"more than the study n {self.overall.n}"
                )
        keys = [(r.dimension, r.group, r.operating_point) for r in self.subgroups]
        for key in sorted({k for k in keys if keys.count(k) > 1}, key=str):
            problems.append(f"subgroup {key[0].value}={key[1]!r} is listed more than once")
        if self.risk_bands and sum(b.n for b in self.risk_bands) != self.overall.n:
            problems.append(
                f"risk bands add up to {sum(b.n for b in self.risk_bands)}, not the study n {self.overall.n}"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Performance(CardModel):
    studies: list[Study] = Field(min_length=1, description="Clinical performance studies.")

    @model_validator(mode="after")
    def _unique_ids(self) -> Performance:
        ids = [s.id for s in self.studies]
        if len(set(ids)) != len(ids):
            raise ValueError("study ids must be unique")
        return self

    @property
    def primary(self) -> Study:
        return next((s for s in self.studies if s.primary), self.studies[0])
