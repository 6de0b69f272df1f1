"""The evidence checks as tier blocks, so the screen and the printable export show the same flags."""

from __future__ import annotations

import pandas as pd

from gmlp_cards.checks.cautions import CautionRules, subgroup_cautions
from gmlp_cards.checks.coverage import THIN_WORDS, Coverage, information_coverage, principle_coverage
from gmlp_cards.checks.independence import independence
from gmlp_cards.checks.readability import TARGET_GRADE, readability_scores
from gmlp_cards.checks.representativeness import ROLES, compare
from gmlp_cards.model import ModelCard
from gmlp_cards.model.formatting import fact_text
from gmlp_cards.model.vocabulary import label_of
from gmlp_cards.render.blocks import Block, Bullets, Facts, Heading, Notice, Table

CAUTIONS_HEADING = "Subgroups with weaker or uncertain evidence"


def caution_blocks(card: ModelCard, rules: CautionRules | None = None) -> list[Block]:
    """Derived cautions beside what the maker wrote; the maker's words never replace the numbers."""
    rules = rules or CautionRules()
    cautions = subgroup_cautions(card, rules)
    blocks: list[Block] = [Heading(CAUTIONS_HEADING)]
    rule_text = (
        f"a subgroup is flagged when the lower bound of its interval is below the card's own "
        f"acceptance criterion, when it is more than {rules.margin_points:g} points below the "
        f"overall result, or when its interval is too wide to conclude (half-width over "
        f"{rules.max_half_width_points:g} points)."
    )
    if cautions:
        frame = pd.DataFrame(
            [
                {"Study": c.study_id, "Group": c.group_label, "Metric": label_of(c.metric), "Why": c.message}
                for c in cautions
            ],
            columns=["Study", "Group", "Metric", "Why"],
        )
        blocks.append(
            Table(
                f"{len(cautions)} cautions derived from this card's numbers",
                frame,
                note="Computed from the numbers in the card, not typed by the maker: " + rule_text,
            )
        )
    else:
        blocks.append(Notice("info", "No subgroup result is flagged. Checked from the numbers: " + rule_text))
    said = list(card.risks.under_represented) + [b.title for b in card.risks.known_biases]
    if said:
        blocks.append(Bullets(tuple(said), "What the maker lists as under-represented or biased"))
    return blocks


def coverage_summary_blocks(card: ModelCard) -> list[Block]:
    """The leaflet's compact view: principle 9's items counted, each principle's status, and the
    reason for every rating short of present (the maker's reason where it does not apply)."""
    items = information_coverage(card)
    applicable = [i for i in items if i.status is not Coverage.not_applicable]
    gaps = [
        f"{i.item.label} ({i.status.label}: {i.reason})"
        for i in applicable
        if i.status is not Coverage.present
    ]
    present = sum(1 for i in items if i.status is Coverage.present)
    frame = pd.DataFrame(
        [
            {
                "Principle": p.principle.number,
                "In short": p.principle.title,
                "Card evidence": p.status.label,
                "Why": "" if p.status is Coverage.present else p.reason,
            }
            for p in principle_coverage(card)
        ],
        columns=["Principle", "In short", "Card evidence", "Why"],
    )
    facts = [
        (
            "Essential information for users (principle 9)",
            f"{present} of {len(items)} items present"
            + (f", {len(items) - len(applicable)} not applicable" if len(applicable) < len(items) else "")
            + (f"; thin or missing: {'; '.join(gaps)}" if gaps else ""),
        )
    ]
    facts += [(f"Not applicable: {i.item.label}", i.declared.because) for i in items if i.declared]
    return [
        Heading("How well this card covers the ten GMLP principles"),
        Facts(tuple(facts)),
        Table(
            "GMLP principles",
            frame,
            note=f"Thin means the card has the field but says little (e.g. under {THIN_WORDS} words); "
            "not applicable is the maker's declaration, with the reason given.",
        ),
    ]


def representativeness_frame(card: ModelCard) -> pd.DataFrame:
    rows = []
    for comparison in compare(card):
        for g in comparison.groups:
            row: dict[str, object] = {
                "Dimension": comparison.dimension.label,
                "Group": g.group,
                "Intended %": g.intended,
            }
            for role in ROLES:
                share = g.shares[role]
                row[f"{role.capitalize()} %"] = "—" if share is None else round(share, 1)
                row[f"{role.capitalize()}"] = g.status[role].value
            rows.append(row)
    return pd.DataFrame(rows)


def evidence_detail_blocks(card: ModelCard) -> list[Block]:
    """Everything the checks see, for the maker: data against population, independence, readability."""
    report = independence(card)
    scores = pd.DataFrame(
        [
            {
                "Language": s.language,
                "Field": s.field,
                "Words": s.words,
                "Flesch-Kincaid grade": round(s.grade, 1),
                "Dale-Chall": round(s.dale_chall, 1),
                "Within target": "yes" if not s.over_target else "no",
            }
            for s in readability_scores(card)
        ]
    )
    not_scored = sorted(lang for lang in card.patient.texts if lang not in set(scores.get("Language", [])))
    items = pd.DataFrame(
        [
            {"Item": i.item.label, "Status": i.status.label, "Detail": i.reason}
            for i in information_coverage(card)
        ]
    )
    blocks: list[Block] = [
        Heading("Principle 9 information items"),
        Table("Information items", items),
        Heading("Data against the intended population"),
        Table("Shares in percent; under = less than half the intended share", representativeness_frame(card)),
        Heading("Independence of test data"),
        Facts(
            (
                ("Split unit", fact_text(report.split_unit)),
                ("Training sites", ", ".join(report.training_sites)),
                ("Test sites", ", ".join(report.test_sites)),
                ("Shared sites", ", ".join(report.shared_sites) or "none"),
                ("Justification for shared sites", report.justification or "none given"),
            )
        ),
        Heading("Readability of patient text"),
        Table(f"Target: Flesch-Kincaid grade {TARGET_GRADE:g} or lower", scores),
    ]
    if not_scored:
        blocks.append(
            Notice(
                "info",
                f"Not scored ({', '.join(not_scored)}): the formulas are for "
                "English only; have a native speaker review these texts.",
            )
        )
    return blocks
