"""What each tier of a card shows (front of pack, back of pack, leaflet), as renderer-neutral blocks.

The Streamlit renderer (gmlp_cards.ui.render) and the printable export (gmlp_cards.formats.html) both
draw these blocks, so a reader sees the same content on screen and on paper.
"""

from __future__ import annotations

from collections.abc import Sequence

from gmlp_cards.cards.listing import regulatory_label
from gmlp_cards.checks import unmet_endpoints
from gmlp_cards.model import ModelCard
from gmlp_cards.render.blocks import (
    Badge,
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
    headline_result,
    how_it_works,
    inputs_table,
    operating_points_table,
    risk_item,
    role_text,
    version_notices,
)
from gmlp_cards.tiers.finding_blocks import caution_blocks
from gmlp_cards.tiers.leaflet import leaflet

GLANCE_BRIEF = 100
"""Characters of a glance value a phone shows before "Show all": about three lines of a 390 px screen."""


def banners(card: ModelCard, facts: VersionFacts, tier: str) -> list[Block]:
    """What a reader must see before anything else: who issued the card (fictional, not by the
    manufacturer), then withdrawn or newer-version."""
    return source_banners(card, short=tier != "leaflet") + list(version_notices(facts, tier))


def split_banners(blocks: Sequence[Block]) -> tuple[list[Block], list[Block]]:
    """(the leading badge and notices, the rest): the device page draws the first above its selectors."""
    lead = 0
    while lead < len(blocks) and isinstance(blocks[lead], Badge | Notice):
        lead += 1
    return list(blocks[:lead]), list(blocks[lead:])


def front(card: ModelCard, facts: VersionFacts) -> list[Block]:
    """The glance (issue 15): who it is for and what it decides, the top warnings, one result, how it
    works, how to report; identity details last. Compact facts lists, not tables, so a phone shows the
    first warning on the first screen."""
    identity, use = card.identity, card.intended_use
    blocks = banners(card, facts, "front")
    # On a phone, a long value shows its first words and "Show all" (render/brief.py), so the first
    # warning is on the first screen whatever the card's lengths; the population, often several
    # sentences of indications, comes after the warnings, beside the result it was studied in.
    blocks.append(
        Facts(
            (
                ("Intended use", use.summary),
                ("Intended users", ", ".join(use.intended_users)),
                ("Decision role", role_text(card)),
            ),
            brief=GLANCE_BRIEF,
        )
    )
    blocks.append(Heading("Top warnings", 3))
    blocks.append(Bullets(tuple(risk_item(r) for r in card.risks.top_warnings(3)), brief=GLANCE_BRIEF))
    # An endpoint the numbers show not met sits beside the headline, so the one result quoted
    # cannot read as a success the study did not show (the one judgement: model.criteria).
    unmet = tuple(("Primary endpoint", e.sentence()) for e in unmet_endpoints(card))
    blocks.append(
        Facts(
            (
                ("Population", use.indications.target_population),
                ("Headline result", headline_result(card)),
                *unmet,
                ("How it works", how_it_works(card)),
            )
        )
    )
    blocks.append(ReportLink(card.device_id, card.version))
    blocks.append(
        Facts(
            (
                ("Manufacturer", f"{identity.manufacturer.name} ({identity.manufacturer.contact_email})"),
                (
                    "Card version",
                    f"{identity.card_version} · released {identity.release_date.isoformat()}"
                    f" · {identity.status.value} · software {identity.software_version}",
                ),
                ("Regulatory status", "; ".join(regulatory_label(card))),
                ("Clinical area", f"{identity.clinical_area}; {identity.modality}"),
                ("Use environment", use.indications.use_environment),
            )
        )
    )
    return blocks


def back(card: ModelCard, facts: VersionFacts) -> list[Block]:
    use, outputs = card.intended_use, card.outputs
    blocks = banners(card, facts, "back")
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
