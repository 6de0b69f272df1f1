"""Who made the device, which version this card describes, and its regulatory standing."""

from __future__ import annotations

from pydantic import Field

from gmlp_cards.model.base import CardModel, Date, HttpUrl, SemVer, ShortText, Slug, Status, Text
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
