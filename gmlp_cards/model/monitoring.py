"""Post-market monitoring, update policy, and the change notice that accompanies a new version."""

from __future__ import annotations

from pydantic import Field, model_validator

from gmlp_cards.model.base import (
    CardEnum,
    CardModel,
    Count,
    Date,
    SemVer,
    ShortText,
    Text,
)
from gmlp_cards.model.data import refuse_in_schema_1
from gmlp_cards.model.not_stated import (
    NotStatedText,
    OrNotStated,
    ShortTextOrNotStated,
    TextOrNotStated,
)
from gmlp_cards.model.vocabulary import MetricName


class Direction(CardEnum):
    """Which side of its threshold a monitored value must stay on: at or above it (at_least) or at or
    below it (at_most); a value beyond it is a breach, which triggers investigation."""

    at_least = "at_least"
    at_most = "at_most"


class MonitoredMetric(CardModel):
    metric: MetricName = Field(description="The metric watched in deployment.")
    threshold: float = Field(description="Value that triggers investigation.")
    direction: Direction = Field(description="Acceptable when the value is at_least/at_most it.")
    frequency: ShortText = Field(description="How often it is computed, e.g. `monthly`.")

    def breached(self, value: float) -> bool:
        return value < self.threshold if self.direction is Direction.at_least else value > self.threshold


class Snapshot(CardModel):
    period_end: Date = Field(description="Last day of the monitored period.")
    metric: MetricName = Field(description="Which monitored metric.")
    value: float = Field(description="Observed value.")
    lower: float | None = Field(default=None, description="Lower 95% bound, if computed.")
    upper: float | None = Field(default=None, description="Upper 95% bound, if computed.")
    n: Count = Field(description="Units observed in the period.")
    software_version: ShortText | None = Field(
        default=None, description="Device software version in use during the period, if not this one."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Snapshot:
        if self.lower is not None and self.lower > self.value:
            raise ValueError(f"lower bound {self.lower} is above the value {self.value}")
        if self.upper is not None and self.value > self.upper:
            raise ValueError(f"upper bound {self.upper} is below the value {self.value}")
        return self


class UpdateMode(CardEnum):
    """Whether a person releases each update (manual) or the device updates itself (automatic)."""

    manual = "manual"
    automatic = "automatic"


class UpdateScope(CardEnum):
    """Whether an update reaches every site alike (global) or is made for one site (local)."""

    global_ = "global"
    local = "local"


class UpdatePolicy(CardModel):
    frequency: ShortTextOrNotStated = Field(description="How often updates are expected (or not_stated).")
    mode: UpdateMode = Field(description="manual or automatic.")
    scope: UpdateScope = Field(description="global (all sites) or local (site-specific).")
    description: Text = Field(description="How updates are validated and released.")


class Monitoring(CardModel):
    process: TextOrNotStated = Field(description="How real-world performance is monitored (or not_stated).")
    metrics: list[MonitoredMetric] = Field(
        default_factory=list,
        description="Monitored metrics; none only when `process` is not stated.",
    )
    snapshots: list[Snapshot] = Field(default_factory=list, description="Real-world results.")
    update_policy: OrNotStated[UpdatePolicy] = Field(
        description="Scope and timing of updates (or not_stated)."
    )
    retraining_controls: TextOrNotStated = Field(
        description="How retraining is controlled against overfitting, bias and drift (or not_stated)."
    )
    fairness_monitoring: TextOrNotStated | None = Field(
        default=None,
        description="Schema 2: how and how often fairness (performance per subgroup) is monitored in use, "
        "or `{not_stated: why}`.",
    )
    local_validation: TextOrNotStated | None = Field(
        default=None,
        description="Schema 2: how a site can check validity and fairness on its own patients before and "
        "during use, or `{not_stated: why}`.",
    )

    @model_validator(mode="after")
    def _snapshots_watched(self) -> Monitoring:
        if not self.metrics and not isinstance(self.process, NotStatedText):
            raise ValueError("a monitoring process needs at least one monitored metric in `metrics`")
        watched = {m.metric for m in self.metrics}
        stray = sorted({s.metric.value for s in self.snapshots if s.metric not in watched})
        if stray:
            raise ValueError(f"snapshots report {', '.join(stray)}, which is not a monitored metric")
        refuse_in_schema_1(self, ("fairness_monitoring", "local_validation"))
        return self


class ChangeType(CardEnum):
    performance = "performance"
    inputs = "inputs"
    intended_use = "intended_use"
    labelling_only = "labelling_only"
    fix = "fix"
    security = "security"


class ChangeNotice(CardModel):
    """What changed since the previous version, why, and what the user must do."""

    previous_version: SemVer = Field(description="The version this one replaces.")
    effective_date: Date = Field(description="Date the change takes effect.")
    change_types: list[ChangeType] = Field(min_length=1, description="Kinds of change.")
    within_pccp: bool = Field(description="Whether the change falls under the authorized PCCP.")
    summary: ShortText = Field(description="What changed, in one sentence.")
    rationale: Text = Field(description="Why it changed.")
    data_used: Text = Field(description="Data used to make and validate the change, or `none`.")
    performance_summary: Text = Field(description="Updated performance, in words.")
    labelling_sections: list[ShortText] = Field(
        default_factory=list, description="Card sections whose content changed."
    )
    bias_changes: Text = Field(description="Change in known biases, or `none known`.")
    user_action: Text = Field(description="What the user must do.")

    @model_validator(mode="after")
    def _labelling_only_alone(self) -> ChangeNotice:
        if ChangeType.labelling_only in self.change_types and len(self.change_types) > 1:
            raise ValueError("`labelling_only` cannot be combined with other change types")
        return self
