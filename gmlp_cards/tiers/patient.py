"""What the patient view shows, as renderer-neutral blocks: built once, drawn by the page and the PDF.

The banners come first and cannot be left out by a card (fictional, language fallback, withdrawn,
newer version, imported or unpublished draft); then the card's plain words, its natural
frequencies, the icon array with its text equivalent, the groups less is known about (derived
from the numbers, gmlp_cards.checks) and how to report a problem. Every number is a natural
frequency over one denominator for the whole page (`page_denominator`), worded by
`patient_words.frequency_text` so none is rounded to all or none.
"""

from __future__ import annotations

from gmlp_cards.checks import less_known_groups
from gmlp_cards.evidence.icon_array import PER_1000, frequency, outcome_counts, page_denominator
from gmlp_cards.evidence.outcome_shares import icon_facts
from gmlp_cards.evidence.patient_facts import Language, frequencies_table
from gmlp_cards.model import ModelCard, Status
from gmlp_cards.render.blocks import (
    Block,
    Bullets,
    DeviceLink,
    Heading,
    IconArray,
    Markdown,
    Notice,
    ReportLink,
    Table,
)
from gmlp_cards.render.icon_array_figure import ORDER
from gmlp_cards.tiers.banners import source_banners
from gmlp_cards.tiers.facts import VersionFacts
from gmlp_cards.tiers.patient_words import count_text, frequency_text, language_name, text


def icon_array_blocks(card: ModelCard, lang: str, total: int | None = None) -> list[Block]:
    """Out of `total` people like me, what happens: the marks and the same in words.

    `total` is the page's denominator; alone (the leaflet), the section chooses its own.
    """
    found = icon_facts(card)
    if found is None:
        return []
    total = total or page_denominator(found.all_shares())
    shares = found.shares
    counts = outcome_counts(found.sensitivity, found.specificity, found.prevalence, total)
    drawn = counts.as_dict()
    labels = {k: text(lang, f"icons_{k}") for k in ORDER}
    title = text(lang, "icons_title", total=count_text(total))
    ill = frequency(found.prevalence, total, drawn["true_positive"] + drawn["false_negative"])
    blocks: list[Block] = [
        Heading(title, level=3),
        Markdown(text(lang, "icons_intro", ill=frequency_text(lang, ill))),
        IconArray(counts, tuple(labels.items()), title),
        # The text equivalent, always shown: screen readers cannot read the marks.
        Bullets(
            tuple(
                text(
                    lang,
                    "icons_item",
                    n=frequency_text(lang, frequency(shares[k], total, drawn[k])),
                    outcome=labels[k],
                )
                for k in ORDER
            )
        ),
    ]
    values = found.values
    if values is not None and values.ppv is not None:
        ppv = frequency_text(lang, frequency(values.ppv.estimate, total))
        blocks.append(Markdown(text(lang, "icons_positive", ppv=ppv)))
    if values is not None and values.npv is not None:
        npv = frequency_text(lang, frequency(values.npv.estimate, total))
        blocks.append(Markdown(text(lang, "icons_negative", npv=npv)))
    prevalence = frequency_text(lang, frequency(found.prevalence, total))
    blocks.append(Markdown(text(lang, "icons_source", prevalence=prevalence)))
    return blocks


def patient_denominator(card: ModelCard, lang: str) -> int:
    """The one denominator of the patient page: 100 only when every figure on it is whole per 100."""
    shares = [f.per_1000 / PER_1000 for f in card.patient.texts[lang].natural_frequencies]
    found = icon_facts(card)
    return page_denominator(shares + (found.all_shares() if found is not None else []))


def banners(card: ModelCard, lang: Language, facts: VersionFacts) -> list[Block]:
    """What a reader must see before anything else; no card can hide these."""
    shown = lang.shown
    blocks: list[Block] = []
    blocks.extend(source_banners(card, text(shown, "fictional")))
    if lang.fell_back and lang.requested:
        # `requested` is the URL's `lang` as typed (an unknown code is shown as itself).
        requested, name = language_name(lang.requested), language_name(shown)
        blocks.append(Notice("info", text(shown, "fallback", requested=requested, shown=name)))
    provenance = card.identity.provenance
    if provenance is not None:  # an imported draft must never pass for a real card
        imported = text(shown, "imported", source=provenance.source_file, gaps=len(provenance.gaps))
        blocks.append(Notice("error", imported))
    elif card.identity.status is Status.draft:
        blocks.append(Notice("warning", text(shown, "draft")))
    if facts.withdrawn:
        blocks.append(Notice("error", text(shown, "withdrawn")))
    if facts.latest and not facts.is_latest:
        link = DeviceLink(text(shown, "newer_link"), card.device_id, facts.latest, "patient", shown)
        blocks.append(Notice("warning", text(shown, "newer"), link))
    return blocks


def _frequency_blocks(card: ModelCard, lang: str, total: int) -> list[Block]:
    words = card.patient.texts[lang]
    if not words.natural_frequencies:
        return []
    per = count_text(total)
    items = tuple(
        text(
            lang,
            "frequency_item",
            n=frequency_text(lang, frequency(f.per_1000 / PER_1000, total)),
            outcome=f.outcome,
        )
        for f in words.natural_frequencies
    )
    table = frequencies_table(
        words, text(lang, "frequency_outcome"), text(lang, "frequency_count", total=per), total
    )
    return [
        Heading(text(lang, "frequencies", total=per)),
        Markdown(text(lang, "frequencies_intro", total=per)),
        Bullets(items),
        Table(text(lang, "frequency_table"), table),
    ]


def _less_known_blocks(card: ModelCard, lang: str) -> list[Block]:
    # Derived from the card's numbers (gmlp_cards.checks), so a maker cannot leave a group out.
    groups = less_known_groups(card)
    if not groups:
        return []
    items = tuple(
        text(lang, "less_known_item", group=group, dimension=text(lang, f"dimension_{dimension.value}"))
        for dimension, group in groups
    )
    blocks: list[Block] = [Heading(text(lang, "less_known_title")), Markdown(text(lang, "less_known_intro"))]
    blocks.append(Bullets(items))
    # The groups are named in the card's evidence, which has no translations: a page in another
    # language than the card's first says so, a visible fallback rather than a silent one.
    if lang != card.patient.default_language:
        blocks.append(Markdown(text(lang, "less_known_names")))
    return blocks


def patient_blocks(card: ModelCard, lang: Language, facts: VersionFacts) -> list[Block]:
    """Every block of the patient view in `lang.shown`, in reading order."""
    shown = lang.shown
    words = card.patient.texts[shown]
    total = patient_denominator(card, shown)
    return [
        *banners(card, lang, facts),
        Heading(text(shown, "what_it_does")),
        Markdown(words.summary),
        Heading(text(shown, "what_it_means")),
        Markdown(words.what_it_means),
        Heading(text(shown, "benefits")),
        Bullets(tuple(words.benefits)),
        Heading(text(shown, "risks")),
        Bullets(tuple(words.risks)),
        *_frequency_blocks(card, shown, total),
        *icon_array_blocks(card, shown, total),
        *_less_known_blocks(card, shown),
        Heading(text(shown, "talk")),
        Bullets(tuple(words.talk_to_clinician)),
        ReportLink(card.device_id, card.version, text(shown, "report")),
        DeviceLink(text(shown, "clinician_link"), card.device_id, card.version, "front"),
    ]
