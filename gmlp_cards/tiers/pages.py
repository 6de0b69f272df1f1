"""What each tier of a card shows (front of pack, back of pack, leaflet), as renderer-neutral blocks.

The Streamlit renderer (gmlp_cards.ui.render) and the printable export (gmlp_cards.formats.html) both
draw these blocks, so a reader sees the same content on screen and on paper.
"""

from __future__ import annotations

from gmlp_cards.cards.listing import regulatory_label
from gmlp_cards.model import ModelCard
from gmlp_cards.render.blocks import (
    Block,
    Bullets,
    Facts,
    Heading,
    Markdown,
    Notice,
    ReportLink,
    Table,
)
from gmlp_cards.tiers.banners import source_banners
from gmlp_cards.tiers.facts import (
    TIER_LABELS,
    TIERS,
    VersionFacts,
    inputs_table,
    operating_points_table,
    risk_item,
    role_text,
    version_notices,
)
from gmlp_cards.tiers.finding_blocks import caution_blocks
from gmlp_cards.tiers.leaflet import leaflet


def front(card: ModelCard, facts: VersionFacts) -> list[Block]:
    identity, use = card.identity, card.intended_use
    blocks: list[Block] = []
    blocks.extend(source_banners(card))
    blocks.extend(version_notices(facts, "front"))
    blocks.append(
        Facts(
            (
                ("Device", identity.device_name),
                ("Manufacturer", f"{identity.manufacturer.name} ({identity.manufacturer.contact_email})"),
                (
                    "Card version",
                    f"{identity.card_version} · released {identity.release_date.isoformat()}"
                    f" · {identity.status.value} · software {identity.software_version}",
                ),
                ("Regulatory status", "; ".join(regulatory_label(card))),
            )
        )
    )
    blocks.append(Heading("Intended use"))
    blocks.append(Markdown(use.summary))
    blocks.append(
        Facts(
            (
                ("Intended users", ", ".join(use.intended_users)),
                ("Population", use.indications.target_population),
                ("Use environment", use.indications.use_environment),
                ("Decision role", role_text(card)),
            )
        )
    )
    blocks.append(Heading("Top warnings"))
    blocks.append(Bullets(tuple(risk_item(r) for r in card.risks.top_warnings(3))))
    blocks.append(ReportLink(card.device_id, card.version))
    return blocks


def back(card: ModelCard, facts: VersionFacts) -> list[Block]:
    use, outputs = card.intended_use, card.outputs
    blocks: list[Block] = source_banners(card)
    blocks.extend(version_notices(facts, "back"))
    blocks += [
        Heading("Acceptable inputs"),
        Table("Acceptable inputs", inputs_table(card)),
        Facts((("Missing or unacceptable input", card.inputs.unacceptable_handling),)),
    ]
    if card.inputs.definitions:
        blocks.append(Facts(tuple((d.term, d.definition) for d in card.inputs.definitions)))
    blocks += [Heading("Reading the output"), Markdown(outputs.description), Markdown(outputs.interpretation)]
    if outputs.operating_points:
        blocks.append(Table("Operating points", operating_points_table(card)))
    if outputs.active_operating_point:
        blocks.append(Facts((("Which operating point is active", outputs.active_operating_point),)))
    blocks += [
        Heading("Workflow"),
        Markdown(use.workflow),
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
    blocks += [
        Heading("What to do on a problem"),
        Notice(
            "info",
            "If the output looks wrong, rely on your own clinical judgement, keep "
            "the case, and report it. The manufacturer can be reached at "
            f"{card.identity.manufacturer.contact_email}.",
        ),
        ReportLink(card.device_id, card.version),
    ]
    return blocks


def tier_blocks(
    card: ModelCard, tier: str, facts: VersionFacts, history: list[ModelCard] | None = None
) -> list[Block]:
    """The blocks of one tier; `history` (every public version, oldest first) feeds the leaflet."""
    if tier == "front":
        return front(card, facts)
    if tier == "back":
        return back(card, facts)
    if tier == "leaflet":
        return leaflet(card, facts, history if history is not None else [card])
    raise ValueError(f"unknown tier {tier!r}; expected one of {', '.join(TIERS)}")


def page_title(card: ModelCard, tier: str) -> str:
    """Browser tab title, e.g. `Lumen CXR Triage 1.1.0 — Leaflet · GMLP Cards`."""
    return f"{card.identity.device_name} {card.version} — {TIER_LABELS[tier]} · GMLP Cards"
