"""The facts every tier shares: which tiers there are, where a version stands, the role and risk wording,
the headline result, the input and operating-point tables. The front/back pages and the leaflet build on
these."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.evidence import results
from gmlp_cards.model import ModelCard, Risk, Status, semver_key
from gmlp_cards.model.data import criteria_text, demographic_inputs_text
from gmlp_cards.render.blocks import DeviceLink, Notice

TIERS: tuple[str, ...] = ("front", "back", "leaflet")
TIER_LABELS = {"front": "Front of pack", "back": "Back of pack", "leaflet": "Leaflet"}
FICTIONAL_BADGE = "Fictional example — not a real medical device"
WITHDRAWN_REASON = "Reason given for the withdrawal ({}): {}"

_ROLE = {
    "inform": "Informs clinical management",
    "drive": "Drives clinical management",
    "treat_or_diagnose": "Treats or diagnoses",
}
_AUTOMATION = {
    "assistive": "assistive (a clinician decides)",
    "triage": "triage (changes the order of work; a clinician decides)",
    "autonomous": "autonomous (acts without a clinician's review)",
}


@dataclass(frozen=True)
class VersionFacts:
    """Where one version stands in its device's history."""

    device_id: str
    version: str
    status: Status
    latest: str | None  # newest published version, None when every version is withdrawn
    newer_published: tuple[str, ...]
    withdrawal: tuple[str, str] | None = None
    """(when, why) of a withdrawn version: from the card's own status history, else from the lock."""

    @property
    def is_latest(self) -> bool:
        return self.version == self.latest

    @property
    def withdrawn(self) -> bool:
        return self.status is Status.withdrawn


def version_facts(catalog: Catalog, card: ModelCard) -> VersionFacts:
    own = semver_key(card.version)
    newer = tuple(
        c.version
        for c in catalog.history(card.device_id)
        if c.identity.status is Status.published and semver_key(c.version) > own
    )
    return VersionFacts(
        card.device_id,
        card.version,
        card.identity.status,
        catalog.latest_version(card.device_id),
        newer,
        _withdrawal(catalog, card),
    )


def _withdrawal(catalog: Catalog, card: ModelCard) -> tuple[str, str] | None:
    if card.identity.status is not Status.withdrawn:
        return None
    step = card.identity.withdrawal  # schema 2: the card says why, whatever lock it sits beside
    if step is not None and step.reason:
        return step.date.isoformat(), step.reason
    entry = catalog.entry(card.device_id, card.version)
    lock = entry.lock if entry is not None else None  # schema 1: only the lock knows
    if lock is not None and lock.withdrawal_reason:
        return lock.withdrawn_at or "date not recorded", lock.withdrawal_reason
    return None


def version_notices(facts: VersionFacts, tier: str = "front") -> list[Notice]:
    """The banners a reader must see before anything else about this version."""
    notices: list[Notice] = []
    link = (
        DeviceLink(f"Go to the latest version, {facts.latest}", facts.device_id, facts.latest, tier)
        if facts.latest and not facts.is_latest
        else None
    )
    if facts.withdrawn:
        notices.append(
            Notice(
                "error",
                f"Version {facts.version} has been withdrawn by the "
                "manufacturer. It is shown for reference only."
                + ("" if facts.withdrawal is None else " " + WITHDRAWN_REASON.format(*facts.withdrawal)),
                link,
            )
        )
    elif not facts.is_latest and facts.latest:
        notices.append(
            Notice(
                "warning",
                f"You are reading version {facts.version}. A newer "
                f"version, {facts.latest}, has been published.",
                link,
            )
        )
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


def headline_result(card: ModelCard) -> str:
    """The one result the front of pack quotes: the primary study's first primary metric, written the
    one way every number is (`evidence.results.describe`: as stated, with its unit, interval, method,
    analysis and n), and the study it comes from.

    `Sensitivity 91.2% (95% CI 88.1% to 93.5%; Wilson score), n = 420; <study title>, retrospective,
    unit of analysis: study`. The metric is the one the forest plots and endpoints lead with.
    """
    study = card.performance.primary
    overall = study.overall
    names = results.primary_metric_names(study)
    metric = next((m for m in (overall.metric(n) for n in names) if m is not None), None)
    if metric is None and overall.metrics:
        metric = overall.metrics[0]  # no endpoint and none of the usual three: the first one stated
    analysis = (
        f"{study.title}, {study.design.value.replace('_', ' ')}, "
        f"unit of analysis: {study.unit_of_analysis.value}"
    )
    if metric is None:
        return f"No overall result is stated (n = {overall.n}); {analysis}"
    text = results.describe(metric, note=False)
    if metric.n is None:
        text += f", n = {overall.n} (the study's)"
    note = " (the leaflet gives the maker's note on this number)" if metric.explanation_text else ""
    return f"{metric.title} {text}{note}; {analysis}"


def how_it_works(card: ModelCard) -> str:
    """One line on what the model is and what it gives: the card's model type and output description."""
    outputs = card.outputs
    return f"{outputs.model_type.rstrip('.')}. {outputs.description}"


def inputs_table(card: ModelCard) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Input": a.modality,
                "Compatible devices": ", ".join(a.devices) or "any",
                "Protocol": a.protocol or "",
                "Format": a.data_format,
                "Quality": a.quality_requirements,
                "Preparation": a.preparation or "",
            }
            for a in card.inputs.acceptable
        ],
        columns=["Input", "Compatible devices", "Protocol", "Format", "Quality", "Preparation"],
    )


def operating_points_table(card: ModelCard) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Operating point": p.name,
                "Default": "yes" if p.default else "",
                "Threshold": results.fmt(p.threshold),
                "What it trades off": p.description,
            }
            for p in card.outputs.operating_points
        ],
        columns=["Operating point", "Default", "Threshold", "What it trades off"],
    )


def development_facts(card: ModelCard) -> tuple[tuple[str, str], ...]:
    """Schema 2's development facts HTI-1 asks for, those the card gives (schema 1 has none)."""
    data = card.data
    found = (
        ("Funding", data.funding),
        ("Training data criteria", criteria_text(data.training_criteria)),
        ("Demographic input features", demographic_inputs_text(data.demographic_inputs)),
    )
    return tuple((label, str(value)) for label, value in found if value is not None)


def fairness_facts(card: ModelCard) -> tuple[tuple[str, str], ...]:
    """How fairness is monitored in use and how a site checks the device locally, when given."""
    m = card.monitoring
    found = (("Fairness monitoring", m.fairness_monitoring), ("Local validation", m.local_validation))
    return tuple((label, str(value)) for label, value in found if value is not None)
