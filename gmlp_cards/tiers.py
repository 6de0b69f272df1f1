"""What each tier of a card shows (front of pack, back of pack, leaflet), as renderer-neutral blocks.

The Streamlit renderer (gmlp_cards.ui.tiers) and the printable export (gmlp_cards.export_html) both
draw these blocks, so a reader sees the same content on screen and on paper.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

import pandas as pd

from gmlp_cards import evidence
from gmlp_cards.blocks import (
    Badge,
    Block,
    Bullets,
    DeviceLink,
    Facts,
    Heading,
    Markdown,
    Notice,
    ReportLink,
    Table,
)
from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.listing import regulatory_label
from gmlp_cards.checks.blocks import caution_blocks
from gmlp_cards.model import ModelCard, Risk, Status, semver_key

TIERS: tuple[str, ...] = ("front", "back", "leaflet")
TIER_LABELS = {"front": "Front of pack", "back": "Back of pack", "leaflet": "Leaflet"}
FICTIONAL_BADGE = "Fictional example — not a real medical device"

_ROLE = {"inform": "Informs clinical management", "drive": "Drives clinical management",
         "treat_or_diagnose": "Treats or diagnoses"}
_AUTOMATION = {"assistive": "assistive (a clinician decides)",
               "triage": "triage (changes the order of work; a clinician decides)",
               "autonomous": "autonomous (acts without a clinician's review)"}


def charts() -> ModuleType | None:
    """gmlp_cards.charts when installed; tiers degrade to tables without it."""
    try:
        return importlib.import_module("gmlp_cards.charts")
    except ImportError:
        return None


@dataclass(frozen=True)
class VersionFacts:
    """Where one version stands in its device's history."""

    device_id: str
    version: str
    status: Status
    latest: str | None  # newest published version, None when every version is withdrawn
    newer_published: tuple[str, ...]

    @property
    def is_latest(self) -> bool:
        return self.version == self.latest

    @property
    def withdrawn(self) -> bool:
        return self.status is Status.withdrawn


def version_facts(catalog: Catalog, card: ModelCard) -> VersionFacts:
    own = semver_key(card.version)
    newer = tuple(c.version for c in catalog.history(card.device_id)
                  if c.identity.status is Status.published and semver_key(c.version) > own)
    return VersionFacts(card.device_id, card.version, card.identity.status,
                        catalog.latest_version(card.device_id), newer)


def version_notices(facts: VersionFacts, tier: str = "front") -> list[Notice]:
    """The banners a reader must see before anything else about this version."""
    notices: list[Notice] = []
    link = (DeviceLink(f"Go to the latest version, {facts.latest}", facts.device_id, facts.latest, tier)
            if facts.latest and not facts.is_latest else None)
    if facts.withdrawn:
        notices.append(Notice("error", f"Version {facts.version} has been withdrawn by the "
                                       "manufacturer. It is shown for reference only.", link))
    elif not facts.is_latest and facts.latest:
        notices.append(Notice("warning", f"You are reading version {facts.version}. A newer "
                                         f"version, {facts.latest}, has been published.", link))
    return notices


def notices_between(history: list[ModelCard], old: str, new: str) -> list[ModelCard]:
    """Cards after `old` up to and including `new` that carry a change notice, oldest first."""
    low, high = semver_key(old), semver_key(new)
    if low > high:
        low, high = high, low
    return [c for c in history if c.change_notice is not None and low < semver_key(c.version) <= high]


def risk_item(risk: Risk) -> str:
    # Severity is our enum; title and detail are card Markdown, kept in the same safe item.
    return f"**{risk.severity.value.upper()}** · **{risk.title}** — {risk.detail}"


def role_text(card: ModelCard) -> str:
    use = card.intended_use
    return f"{_ROLE[use.decision_role.value]}; {_AUTOMATION[use.automation.value]}"


def front(card: ModelCard, facts: VersionFacts) -> list[Block]:
    identity, use = card.identity, card.intended_use
    blocks: list[Block] = []
    if identity.fictional:
        blocks.append(Badge(FICTIONAL_BADGE))
    blocks.extend(version_notices(facts, "front"))
    blocks.append(Facts((
        ("Device", identity.device_name),
        ("Manufacturer", f"{identity.manufacturer.name} ({identity.manufacturer.contact_email})"),
        ("Card version", f"{identity.card_version} · released {identity.release_date.isoformat()}"
                         f" · {identity.status.value} · software {identity.software_version}"),
        ("Regulatory status", "; ".join(regulatory_label(card))),
    )))
    blocks.append(Heading("Intended use"))
    blocks.append(Markdown(use.summary))
    blocks.append(Facts((
        ("Intended users", ", ".join(use.intended_users)),
        ("Population", use.indications.target_population),
        ("Use environment", use.indications.use_environment),
        ("Decision role", role_text(card)),
    )))
    blocks.append(Heading("Top warnings"))
    blocks.append(Bullets(tuple(risk_item(r) for r in card.risks.top_warnings(3))))
    blocks.append(ReportLink(card.device_id, card.version))
    return blocks


def inputs_table(card: ModelCard) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Input": a.modality, "Compatible devices": ", ".join(a.devices) or "any",
          "Protocol": a.protocol or "", "Format": a.data_format, "Quality": a.quality_requirements,
          "Preparation": a.preparation or ""} for a in card.inputs.acceptable],
        columns=["Input", "Compatible devices", "Protocol", "Format", "Quality", "Preparation"],
    )


def operating_points_table(card: ModelCard) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Operating point": p.name, "Default": "yes" if p.default else "",
          "Threshold": evidence.fmt(p.threshold), "What it trades off": p.description}
         for p in card.outputs.operating_points],
        columns=["Operating point", "Default", "Threshold", "What it trades off"],
    )


def back(card: ModelCard, facts: VersionFacts) -> list[Block]:
    use, outputs = card.intended_use, card.outputs
    blocks: list[Block] = []
    if card.identity.fictional:
        blocks.append(Badge(FICTIONAL_BADGE))
    blocks.extend(version_notices(facts, "back"))
    blocks += [Heading("Acceptable inputs"), Table("Acceptable inputs", inputs_table(card)),
               Facts((("Missing or unacceptable input", card.inputs.unacceptable_handling),))]
    if card.inputs.definitions:
        blocks.append(Facts(tuple((d.term, d.definition) for d in card.inputs.definitions)))
    blocks += [Heading("Reading the output"), Markdown(outputs.description),
               Markdown(outputs.interpretation)]
    if outputs.operating_points:
        blocks.append(Table("Operating points", operating_points_table(card)))
    if outputs.active_operating_point:
        blocks.append(Facts((("Which operating point is active", outputs.active_operating_point),)))
    blocks += [Heading("Workflow"), Markdown(use.workflow),
               Heading("Warnings and contraindications"),
               Bullets(tuple(risk_item(r) for r in card.risks.top_warnings(len(card.risks.warnings)))),
               ]
    if use.contraindications:
        blocks.append(Bullets(tuple(use.contraindications), "Contraindications"))
    if use.out_of_scope:
        blocks.append(Bullets(tuple(use.out_of_scope), "Not for"))
    if use.stop_using_if:
        blocks += [Heading("Stop using it if"), Bullets(tuple(use.stop_using_if))]
    blocks += caution_blocks(card)  # derived from the numbers by gmlp_cards.checks; cannot be hidden
    blocks += [Heading("What to do on a problem"),
               Notice("info", "If the output looks wrong, rely on your own clinical judgement, keep "
                              "the case, and report it. The manufacturer can be reached at "
                              f"{card.identity.manufacturer.contact_email}."),
               ReportLink(card.device_id, card.version)]
    return blocks


def tier_blocks(card: ModelCard, tier: str, facts: VersionFacts,
                history: list[ModelCard] | None = None) -> list[Block]:
    """The blocks of one tier; `history` (every public version, oldest first) feeds the leaflet."""
    if tier == "front":
        return front(card, facts)
    if tier == "back":
        return back(card, facts)
    if tier == "leaflet":
        from gmlp_cards.leaflet import leaflet  # leaflet builds on this module's helpers

        return leaflet(card, facts, history if history is not None else [card])
    raise ValueError(f"unknown tier {tier!r}; expected one of {', '.join(TIERS)}")


def page_title(card: ModelCard, tier: str) -> str:
    """Browser tab title, e.g. `Lumen CXR Triage 1.1.0 — Leaflet · GMLP Cards`."""
    return f"{card.identity.device_name} {card.version} — {TIER_LABELS[tier]} · GMLP Cards"
