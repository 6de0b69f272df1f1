"""The model card: one complete, immutable description of one version of one device."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidatorFunctionWrapHandler, model_validator

from gmlp_cards.model.base import (
    CURRENT_SCHEMA,
    CardModel,
    Status,
    schema_of,
    semver_key,
)
from gmlp_cards.model.data import DataSection
from gmlp_cards.model.identity import Identity
from gmlp_cards.model.monitoring import ChangeNotice, Monitoring
from gmlp_cards.model.not_applicable import NotApplicable
from gmlp_cards.model.patient import PatientInformation
from gmlp_cards.model.performance import Performance
from gmlp_cards.model.provenance import NOT_STATED_MARK
from gmlp_cards.model.risks import Risks
from gmlp_cards.model.usage import Inputs, IntendedUse, Outputs

SCHEMA_VERSION = CURRENT_SCHEMA


class ModelCard(CardModel):
    """A versioned model card for an AI-enabled medical device (GMLP principle 9)."""

    schema_version: Literal[1, 2] = Field(
        description="Version of this card format: 2 today; 1 is still read (published files never change)."
    )
    identity: Identity = Field(description="Device, maker, card version and regulatory status.")
    intended_use: IntendedUse = Field(description="Intended use, indications, users and role.")
    inputs: Inputs = Field(description="Acceptable inputs and how bad input is handled.")
    outputs: Outputs = Field(description="What the output means and how to read it.")
    performance: Performance = Field(description="Clinical performance evidence.")
    data: DataSection = Field(description="Training and test data characteristics.")
    risks: Risks = Field(description="Warnings, limitations, biases, security and privacy.")
    patient: PatientInformation = Field(description="Plain-language patient information.")
    monitoring: Monitoring = Field(description="Post-market monitoring and update policy.")
    change_notice: ChangeNotice | None = Field(
        default=None, description="Required on every version after the first."
    )
    not_applicable: list[NotApplicable] = Field(
        default_factory=list,
        description="Schema 2: coverage items or principles that do not apply to this device, each "
        "with the reason readers are shown (e.g. no reader study for an over-the-counter device).",
    )

    @property
    def device_id(self) -> str:
        return self.identity.device_id

    @property
    def version(self) -> str:
        return self.identity.card_version

    @model_validator(mode="wrap")
    @classmethod
    def _in_its_schema(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> ModelCard:
        """Validate every part under the card's own schema: the few rules that differ read it."""
        version = data.get("schema_version") if isinstance(data, dict) else None
        with schema_of(version if version in (1, 2) else CURRENT_SCHEMA):
            return handler(data)  # type: ignore[no-any-return]

    @model_validator(mode="after")
    def _cross_references(self) -> ModelCard:
        problems: list[str] = []
        points = {p.name for p in self.outputs.operating_points}
        for study in self.performance.studies:
            named: list[str | None] = [r.operating_point for r in study.subgroups]
            named += [r.operating_point for r in study.by_operating_point]
            for name in sorted({n for n in named if n is not None and n not in points}):
                problems.append(
                    f"study {study.id!r} names operating point {name!r}, "
                    "which outputs.operating_points does not define"
                )
            for endpoint in study.endpoints:
                if study.endpoint_metric(endpoint) is None:
                    analysis = "" if endpoint.analysis is None else f" ({endpoint.analysis.value})"
                    problems.append(
                        f"study {study.id!r} has an endpoint on {endpoint.metric}{analysis} "
                        + ("" if endpoint.arm is None else f" of {endpoint.arm.value} readers")
                        + " but no result for it"
                    )
        problems.extend(self._not_applicable_problems())
        notice = self.change_notice
        if notice is not None and semver_key(notice.previous_version) >= semver_key(self.version):
            problems.append(
                f"change_notice.previous_version {notice.previous_version} is not older than "
                f"card_version {self.version}"
            )
        problems.extend(self._publish_blockers())
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _not_applicable_problems(self) -> list[str]:
        if not self.not_applicable:
            return []
        if self.schema_version == 1:
            return ["not_applicable is a schema 2 field; set schema_version: 2 (`gmlp-cards migrate`)"]
        keys = [n.item.value for n in self.not_applicable]
        return [
            f"not_applicable declares {key!r} more than once; give one reason"
            for key in sorted({k for k in keys if keys.count(k) > 1})
        ]

    def _publish_blockers(self) -> list[str]:
        """An imported draft may hold placeholders; only a draft may (so publishing refuses them)."""
        if self.identity.status is Status.draft:
            return []
        problems: list[str] = []
        provenance = self.identity.provenance
        if provenance is not None and provenance.gaps:
            problems.append(
                f"status is {self.identity.status.value} but identity.provenance lists "
                f"{len(provenance.gaps)} unresolved import gaps; fill them and remove them, or keep "
                "the card a draft"
            )
        if NOT_STATED_MARK in self.model_dump_json():
            problems.append(
                f"status is {self.identity.status.value} but the card still holds the import "
                f"placeholder {NOT_STATED_MARK!r}...; replace it with the real content"
            )
        return problems
