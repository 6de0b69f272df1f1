"""Who made the device, which version this card describes, and its regulatory standing."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from gmlp_cards.model.base import (
    CardModel,
    Date,
    HttpUrl,
    SemVer,
    ShortText,
    Slug,
    Status,
    Text,
    reading_schema,
)
from gmlp_cards.model.not_stated import EmailOrNotStated, OrNotStated, ShortTextOrNotStated
from gmlp_cards.model.provenance import Provenance


class Manufacturer(CardModel):
    name: ShortText = Field(description="Legal manufacturer name.")
    contact_email: EmailOrNotStated = Field(
        description="Where users reach the maker about this device (or not_stated)."
    )
    website: HttpUrl | None = Field(default=None, description="Maker's web site.")
    address: ShortText | None = Field(default=None, description="Postal address.")


class RegulatoryStatus(CardModel):
    jurisdiction: ShortText = Field(description="Where this status applies, e.g. `US`, `EU`, `KR`.")
    pathway: ShortText = Field(description="Route to market, e.g. `510(k)`, `De Novo`, `EU MDR`.")
    status: ShortText = Field(description="e.g. `cleared`, `CE marked`, `investigational only`.")
    identifier: ShortText | None = Field(
        default=None, description="File or certificate number, e.g. K000000."
    )
    device_class: ShortText | None = Field(default=None, description="Risk class, e.g. `II`, `IIa`.")
    notified_body: ShortText | None = Field(default=None, description="EU notified body, if any.")
    date: Date | None = Field(default=None, description="Date of the decision.")
    source: ShortText | None = Field(
        default=None, description="Where the decision (and its date) was read, if not the card's documents."
    )


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class StatusChange(CardModel):
    """One step of a card's public life, kept in the card itself (not only in the lock).

    `gmlp-cards withdraw` writes the withdrawal here, so the reason travels with the file: a fresh
    repository's `gmlp-cards lock --init` reads it back instead of losing it.
    """

    status: Status = Field(description="published or withdrawn.")
    date: Date = Field(description="When the card took this status (YYYY-MM-DD).")
    reason: Text | None = Field(
        default=None, description="Why; required for a withdrawal (readers are shown it)."
    )
    published_sha256: Sha256 | None = Field(
        default=None,
        description="On a withdrawal: the SHA-256 the file had while it was published (written by "
        "`gmlp-cards withdraw`), so that anyone can check the withdrawal changed nothing else.",
    )

    @model_validator(mode="after")
    def _step_is_complete(self) -> StatusChange:
        if self.status is Status.draft:
            raise ValueError("a status history records published and withdrawn only, not draft")
        if self.status is Status.withdrawn and (self.reason is None or not self.reason.strip()):
            raise ValueError("a withdrawal needs its reason; readers are shown it")
        if self.status is Status.published and self.published_sha256 is not None:
            raise ValueError("published_sha256 belongs on the withdrawal, not on the publication")
        return self


class Identity(CardModel):
    device_id: Slug = Field(description="Stable identifier; also the folder name under model_cards/.")
    device_name: ShortText = Field(description="Name of the device as marketed.")
    manufacturer: Manufacturer = Field(description="Who makes the device and how to reach them.")
    software_version: ShortTextOrNotStated = Field(
        description="Version of the device software this card covers (or not_stated)."
    )
    card_version: SemVer = Field(description="Version of this card (semver); also the file name.")
    release_date: Date = Field(description="Date this card version was released.")
    status: Status = Field(description="draft, published or withdrawn.")
    status_history: list[StatusChange] = Field(
        default_factory=list,
        description="Schema 2: the card's publication and withdrawal, oldest first, with the reason "
        "for a withdrawal. Written by `gmlp-cards withdraw`; do not edit a published card by hand.",
    )
    modality: ShortText = Field(description="Input modality, e.g. `Chest X-ray`, `Vital signs`.")
    clinical_area: ShortText = Field(description="Clinical specialty, e.g. `Radiology`.")
    regulatory: list[RegulatoryStatus] = Field(
        default_factory=list, description="Regulatory status per jurisdiction."
    )
    udi_di: ShortText | None = Field(default=None, description="UDI device identifier, if assigned.")
    machine_learning: Text = Field(description="Statement that the device uses machine learning, and how.")
    pccp_authorized: OrNotStated[bool] = Field(
        description="Whether a predetermined change control plan (PCCP) is authorized (or not_stated)."
    )
    fictional: bool = Field(
        default=False, description="True for invented example devices; shown prominently."
    )
    transcription: Text | None = Field(
        default=None,
        description="Set when the card is not issued by the manufacturer: who transcribed it from which "
        "public documents. Shown on every tier.",
    )
    provenance: Provenance | None = Field(
        default=None,
        description="Set only on drafts imported from another format (e.g. a CHAI card): the source "
        "and the gaps the manufacturer must close before the card can be published.",
    )

    @property
    def withdrawal(self) -> StatusChange | None:
        """The withdrawal this card records, if it has one."""
        return next((s for s in reversed(self.status_history) if s.status is Status.withdrawn), None)

    @model_validator(mode="after")
    def _history_fits_status(self) -> Identity:
        history = self.status_history
        if not history:
            return self
        if reading_schema() == 1:
            raise ValueError(
                "identity.status_history is a schema 2 field; set schema_version: 2 "
                "(`gmlp-cards migrate`) to record it"
            )
        dates = [s.date for s in history]
        if dates != sorted(dates):
            raise ValueError("identity.status_history must be oldest first (its dates go backwards)")
        if self.withdrawal is not None and self.status is not Status.withdrawn:
            raise ValueError(
                f"identity.status_history records a withdrawal but status is {self.status.value}; "
                "a withdrawn version stays withdrawn"
            )
        if self.status is not Status.draft and history[-1].status is not self.status:
            raise ValueError(
                f"the last identity.status_history step is {history[-1].status.value} but status is "
                f"{self.status.value}; they must agree"
            )
        return self
