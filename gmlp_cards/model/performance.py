"""Clinical evidence: studies, their design, endpoints, overall and subgroup results."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from gmlp_cards.model.base import CardEnum, CardModel, Count, Date, ShortText, Slug, Text
from gmlp_cards.model.metrics import AnyMetric, Metric, MetricKey, Source
from gmlp_cards.model.not_stated import NamesOrNotStated, NotStated, OrNotStated
from gmlp_cards.model.results import ResultRow, SubgroupResult
from gmlp_cards.model.vocabulary import Analysis


class StudyDesign(CardEnum):
    """How a study gathered its evidence: from data collected before it (retrospective), from patients
    enrolled for it (prospective), by random allocation (randomized), or by clinicians reading cases
    with and without the device (reader_study)."""

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
    case = "case"
    frame = "frame"
    video = "video"
    read = "read"

    def counted(self, n: int | None) -> str:
        """`1 study`, `300 studies`, `12 lesions`, `n not stated`."""
        if n is None:
            return "n not stated"
        word = self.value if n == 1 else ("studies" if self.value == "study" else f"{self.value}s")
        return f"{n:,} {word}"


class Bound(CardEnum):
    """Which number of an estimate a criterion is judged on."""

    # Named `lower_bound`, not `lower`, so it does not shadow `str.lower`; card files keep "lower".
    lower_bound = "lower"
    upper_bound = "upper"
    estimate = "estimate"


class EndpointKind(CardEnum):
    threshold = "threshold"
    """The estimate or a bound against a threshold (the better side of it, by the metric's direction)."""
    non_inferiority = "non_inferiority"
    """A difference against a comparator: its lower bound above minus the margin."""
    superiority = "superiority"
    """A difference against a comparator: its lower bound above the threshold (0 unless given)."""
    trend = "trend"
    """A trend across ordered groups (e.g. event rates rising across risk bands): judged by the maker."""
    maker_judged = "maker_judged"
    """Any other pre-specified criterion, in words, with the result the source states."""


class ReaderArm(CardEnum):
    """The readers of a reader study with the device's output (aided) or without it (unaided)."""

    aided = "aided"
    unaided = "unaided"


class StatedResult(CardEnum):
    """What the source says of an endpoint the card's numbers cannot judge (trend, maker_judged): met,
    not met, or not stated."""

    met = "met"
    not_met = "not_met"
    not_stated = "not_stated"


NOT_DISCLOSED = "not_disclosed"


class Endpoint(CardModel):
    kind: EndpointKind = Field(
        default=EndpointKind.threshold,
        description="threshold, non_inferiority, superiority, trend or maker_judged.",
    )
    metric: MetricKey = Field(
        description="The metric the endpoint is about (for a difference: the difference)."
    )
    analysis: Analysis | None = Field(
        default=None,
        description="Which analysis of the metric is judged; by default the observed one, or the only one.",
    )
    threshold: float | Literal["not_disclosed"] | None = Field(
        default=None,
        description="Pre-specified threshold: 0..1 for a share, the metric's unit otherwise; "
        "`not_disclosed` when the source redacts or does not state it.",
    )
    margin: float | None = Field(default=None, gt=0, description="Non-inferiority margin, same scale.")
    judged_on: Bound = Field(
        default=Bound.lower_bound,
        description="The number judged (lower bound, upper bound or estimate).",
    )
    stated_result: StatedResult | None = Field(
        default=None, description="The result the source states (required for trend and maker_judged)."
    )
    description: Text | None = Field(default=None, description="The endpoint as pre-specified.")
    operating_point: ShortText | None = Field(
        default=None, description="Operating point the endpoint is judged at, if not the default."
    )
    arm: ReaderArm | None = Field(
        default=None,
        description="For an endpoint of the reader study: `aided` or `unaided` readers' metric.",
    )
    source: Source | None = Field(default=None, description="Where the endpoint was read.")

    @property
    def limit(self) -> float | None:
        """The threshold as a number; None when it is not disclosed or the kind has none."""
        if self.kind is EndpointKind.non_inferiority:
            return None if self.margin is None else -self.margin
        if self.kind is EndpointKind.superiority and self.threshold is None:
            return 0.0
        return self.threshold if isinstance(self.threshold, float) else None

    @model_validator(mode="after")
    def _complete(self) -> Endpoint:
        kind = self.kind
        if kind is EndpointKind.threshold and self.threshold is None:
            raise ValueError("a threshold endpoint needs `threshold` (a number, or not_disclosed)")
        if kind is EndpointKind.non_inferiority and self.margin is None:
            raise ValueError("a non-inferiority endpoint needs `margin`")
        if kind is not EndpointKind.non_inferiority and self.margin is not None:
            raise ValueError("`margin` belongs to a non-inferiority endpoint")
        judged_by_maker = kind in (EndpointKind.trend, EndpointKind.maker_judged)
        if judged_by_maker and (self.description is None or self.stated_result is None):
            raise ValueError(f"a {kind.value} endpoint needs `description` and `stated_result`")
        return self


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


class TargetResult(ResultRow):
    target_condition: ShortText = Field(description="The other target condition these results are for.")


class RiskBand(CardModel):
    band: ShortText = Field(description="Name of the band, e.g. `high`.")
    score_range: ShortText | None = Field(default=None, description="Scores in this band, e.g. `7-10`.")
    n: Count = Field(description="Units in this band.")
    events: Count = Field(description="Units in this band with the condition.")
    metrics: list[Metric] = Field(
        default_factory=list,
        description="Per-band results: predictive values with intervals, likelihood ratios, rates of "
        "other outcomes.",
    )
    source: Source | None = Field(default=None, description="Where the band's numbers were read.")

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
    sites: NamesOrNotStated = Field(description="Sites where test data came from (or not_stated).")
    countries: NamesOrNotStated = Field(description="Countries of those sites (or not_stated).")
    start_date: OrNotStated[Date] = Field(description="First date of data collection (or not_stated).")
    end_date: OrNotStated[Date] = Field(description="Last date of data collection (or not_stated).")
    target_condition: ShortText | None = Field(
        default=None, description="The condition `overall` is for, when the device detects several."
    )
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
    by_target: list[TargetResult] = Field(
        default_factory=list, description="Overall results for the device's other target conditions."
    )
    subgroups: list[SubgroupResult] = Field(default_factory=list, description="Subgroup results.")
    risk_bands: list[RiskBand] = Field(
        default_factory=list, description="Per-band counts for ordinal outputs."
    )
    reader_study: ReaderStudy | None = Field(default=None, description="Human-AI team results.")
    repeatability: Text | None = Field(default=None, description="Repeatability and reproducibility.")
    references: list[Reference] = Field(default_factory=list, description="Evidence references.")
    source: Source | None = Field(default=None, description="The document the study is reported in.")
    stated_conclusion: Text | None = Field(
        default=None,
        description="The study's conclusion as the source words it (e.g. `the primary endpoint was "
        "marginally met`), with its page; shown beside the computed endpoint results.",
    )

    def endpoint_metric(self, endpoint: Endpoint) -> AnyMetric | None:
        """The result `endpoint` is judged on: the overall row's metric, or the reader study's arm."""
        if endpoint.arm is not None:
            if self.reader_study is None:
                return None
            arm = self.reader_study.aided if endpoint.arm is ReaderArm.aided else self.reader_study.unaided
            found = [m for m in arm if m.name == endpoint.metric]
            if endpoint.analysis is not None:
                found = [m for m in found if m.analysis is endpoint.analysis]
            return found[0] if found else None
        return self.overall.metric(endpoint.metric, endpoint.analysis)

    @model_validator(mode="after")
    def _coherent(self) -> Study:
        problems: list[str] = []
        dated = not isinstance(self.start_date, NotStated) and not isinstance(self.end_date, NotStated)
        if dated and self.end_date < self.start_date:  # type: ignore[operator]  # both dates here
            problems.append(f"end_date {self.end_date} is before start_date {self.start_date}")
        for row in self.subgroups:
            if row.size is not None and row.size > self.overall.n:
                cells = " × ".join(f"{d.value}={g!r}" for d, g in row.cells)
                problems.append(f"subgroup {cells} has n {row.size}, more than the study n {self.overall.n}")
        keys = [(tuple(r.cells), r.operating_point) for r in self.subgroups]
        for key in sorted({k for k in keys if keys.count(k) > 1}, key=str):
            cells = " × ".join(f"{d.value}={g!r}" for d, g in key[0])
            problems.append(f"subgroup {cells} is listed more than once")
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
