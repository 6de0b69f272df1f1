"""The leaflet tier: everything the card says, with every chart followed by its table equivalent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from gmlp_cards.cards.listing import regulatory_label
from gmlp_cards.checks import study_endpoints
from gmlp_cards.evidence import chart_tables, results
from gmlp_cards.model import ChangeNotice, ModelCard, Risk
from gmlp_cards.model.formatting import fact_text, period_text, policy_text
from gmlp_cards.model.performance import Study
from gmlp_cards.model.vocabulary import label_of
from gmlp_cards.render import charts
from gmlp_cards.render.blocks import Block, Bullets, Chart, Facts, Heading, Markdown, Notice, Table
from gmlp_cards.tiers.banners import source_banners
from gmlp_cards.tiers.facts import (
    VersionFacts,
    development_facts,
    fairness_facts,
    inputs_table,
    operating_points_table,
    risk_item,
    role_text,
    version_notices,
)
from gmlp_cards.tiers.finding_blocks import caution_blocks, coverage_summary_blocks
from gmlp_cards.versions.diff_format import field_label


def _chart(caption: str, draw: Callable[..., Any], *args: Any) -> list[Block]:
    """A Chart block that `draw(*args)` (a function of gmlp_cards.render.charts) draws when shown."""
    return [Chart(caption, lambda: draw(*args))]


def _risks(label: str, risks: list[Risk]) -> list[Block]:
    return [Bullets(tuple(risk_item(r) for r in risks), label)] if risks else []


def identity_blocks(card: ModelCard) -> list[Block]:
    i = card.identity
    items = [
        ("Device", i.device_name),
        ("Device identifier", i.device_id),
        ("Manufacturer", i.manufacturer.name),
        ("Contact", i.manufacturer.contact_email),
        ("Software version", i.software_version),
        ("Card version", f"{i.card_version} ({i.status.value}), released {i.release_date.isoformat()}"),
        ("Modality", i.modality),
        ("Clinical area", i.clinical_area),
        ("Regulatory status", "; ".join(regulatory_label(card))),
        ("Change control plan authorized", "yes" if i.pccp_authorized else "no"),
        ("Machine learning", i.machine_learning),
    ]
    if i.udi_di:
        items.append(("UDI-DI", i.udi_di))
    return [Heading("Device and manufacturer"), Facts(tuple(items))]


def use_blocks(card: ModelCard) -> list[Block]:
    use = card.intended_use
    blocks: list[Block] = [
        Heading("Intended use"),
        Markdown(use.summary),
        Markdown(use.purpose),
        Facts(
            (
                ("Condition", use.indications.condition),
                ("Target population", use.indications.target_population),
                ("Use environment", use.indications.use_environment),
                ("Intended users", ", ".join(use.intended_users)),
                ("Decision role", role_text(card)),
                ("Workflow", use.workflow),
            )
        ),
        Bullets(tuple(use.clinical_benefits), "Clinical benefits"),
    ]
    if use.population_criteria:
        blocks.append(Facts(tuple((c.dimension.label, c.statement) for c in use.population_criteria)))
    for label, items in (
        ("Contraindications", use.contraindications),
        ("Not for", use.out_of_scope),
        ("Stop using it if", use.stop_using_if),
    ):
        if items:
            blocks.append(Bullets(tuple(items), label))
    return blocks


def io_blocks(card: ModelCard) -> list[Block]:
    out = card.outputs
    blocks: list[Block] = [
        Heading("Inputs"),
        Table("Acceptable inputs", inputs_table(card)),
        Facts(
            (
                ("Missing or unacceptable input", card.inputs.unacceptable_handling),
                *((d.term, d.definition) for d in card.inputs.definitions),
            )
        ),
        Heading("Output and its basis"),
        Markdown(out.description),
        Markdown(out.interpretation),
    ]
    if out.operating_points:
        blocks.append(Table("Operating points", operating_points_table(card)))
    items = [
        ("Basis for the output", out.basis),
        ("Model type", out.model_type),
        ("Architecture", out.architecture),
    ]
    if out.explainability:
        items.append(("Explainability aids", out.explainability))
    if out.foundation_models:
        items.append(("Foundation models", ", ".join(out.foundation_models)))
    if out.calibrated is not None:
        items.append(("Scores calibrated to probabilities", "yes" if out.calibrated else "no"))
    blocks.append(Facts(tuple(items)))
    return blocks


def study_blocks(study: Study) -> list[Block]:
    blocks: list[Block] = [
        Heading(f"Study: {study.title}", 3),
        Facts(
            (
                ("Design", study.design.value.replace("_", " ")),
                ("Sites", ", ".join(study.sites)),
                ("Countries", ", ".join(study.countries)),
                ("Dates", period_text(study.start_date, study.end_date)),
                (
                    "Unit of analysis",
                    study.unit_of_analysis.value
                    + (f" ({study.n_patients} patients)" if study.n_patients else ""),
                ),
                ("Conducted by", study.conducted_by),
                ("Independence from training", study.independence),
                ("Reference standard", study.reference_standard.description),
                ("How it was set", study.reference_standard.how_established),
                *(
                    (("Limits of the reference", study.reference_standard.limitations),)
                    if study.reference_standard.limitations
                    else ()
                ),
            )
        ),
        Bullets(tuple(study.inclusion), "Inclusion"),
    ]
    if study.exclusion:
        blocks.append(Bullets(tuple(study.exclusion), "Exclusion"))
    if study.endpoints:
        blocks.append(Table("Primary endpoints (judged from the numbers)", results.endpoints_table(study)))
        blocks += [Notice("warning", e.sentence()) for e in study_endpoints(study) if e.met is False]
    blocks.append(
        Table(
            f"Overall results ({study.unit_of_analysis.counted(study.overall.n)})",
            results.metrics_table(list(study.overall.metrics), study.overall.counts),
        )
    )
    for point in study.by_operating_point:
        blocks.append(
            Table(
                f"Results at operating point {point.operating_point} (n = {point.n})",
                results.metrics_table(list(point.metrics), point.counts),
            )
        )
    if study.subgroups:
        for name in results.primary_metric_names(study):
            table = chart_tables.forest_table(study, name)
            label = label_of(name)
            parts = charts.forest_part_count(study, name)  # each part fits one screen (render/forest.py)
            for number in range(1, parts + 1):
                of = f", part {number} of {parts}" if parts > 1 else ""
                blocks += _chart(
                    f"Forest plot: {label} by subgroup{of}", charts.forest_part, study, name, number
                )
            if not table.empty:
                blocks.append(Table(f"{label} by subgroup (forest plot data)", table))
        frame = results.subgroup_table(study)
        blocks.append(
            Table(
                f"Subgroup results: {len(frame)} rows",
                frame,
                note=f"Unit of analysis: {study.unit_of_analysis.value}.",
            )
        )
    if study.reader_study is not None:
        r = study.reader_study
        blocks += [
            Heading("Human-AI team (reader study)", 3),
            Markdown(r.description),
            Table(f"Readers: {r.readers}, cases: {r.cases}", results.reader_table(study)),
        ]
    if study.risk_bands:
        blocks.append(Table("Risk bands", results.risk_band_table(study)))
    if study.repeatability:
        blocks.append(Facts((("Repeatability", study.repeatability),)))
    if study.references:
        blocks.append(
            Table(
                "Evidence references",
                pd.DataFrame(
                    [
                        {"Kind": ref.kind, "Reference": ref.value, "Title": ref.title or ""}
                        for ref in study.references
                    ],
                    columns=["Kind", "Reference", "Title"],
                ),
            )
        )
    return blocks


def data_blocks(card: ModelCard) -> list[Block]:
    data = card.data
    sets = [("training", d) for d in data.training_sets] + [("test", d) for d in data.test]
    table = pd.DataFrame(
        [
            {
                "Role": role,
                "Dataset": d.name,
                "Sources": ", ".join(d.sources),
                "Sites": ", ".join(d.sites),
                "Countries": ", ".join(d.countries),
                "Collected": period_text(d.collection_start, d.collection_end),
                "Devices": ", ".join(d.acquisition_devices),
                "Patients": fact_text(d.n_patients),
                "Samples": fact_text(d.n_samples),
                "Classes": ", ".join(f"{c.label}: {c.count}" for c in d.class_balance),
            }
            for role, d in sets
        ]
    )
    blocks: list[Block] = [
        Heading("Training and test data"),
        Table("Datasets", table),
        Facts(
            (
                ("Split unit", fact_text(data.split_unit)),
                ("Independence", data.independence),
                *((("Shared sites", data.overlap_justification),) if data.overlap_justification else ()),
                ("Intended population", data.intended_population.description),
                *development_facts(card),
            )
        ),
        Bullets(tuple(f"{d.name}: {d.labelling}" for _, d in sets), "How labels were made"),
    ]
    explained = [(d, d.n_explanation) for d in data.test if d.n_explanation is not None]
    if explained:  # the maker's reason stays beside the numbers it excuses
        items = (
            f"{d.name}: {w.set_n:,} here, n {w.study_n:,} in study {w.study}: {w.text}" for d, w in explained
        )
        blocks.append(Bullets(tuple(items), "Why a test set's size differs from its study's n"))
    for dim in chart_tables.demographic_dimensions(card):
        label = getattr(dim, "label", str(dim))
        blocks += _chart(
            f"{label}: data against the intended population", charts.demographics_figure, card, dim
        )
    blocks.append(Table("Data against the intended population (percent)", results.population_table(card)))
    return blocks


def risk_blocks(card: ModelCard) -> list[Block]:
    r = card.risks
    blocks: list[Block] = [Heading("Warnings, limitations and biases")]
    blocks += _risks("Warnings and precautions", r.top_warnings(len(r.warnings)))
    blocks += _risks("Limitations", r.limitations)
    blocks += _risks("Failure modes", r.failure_modes)
    blocks += _risks("Known biases", r.known_biases)
    if r.under_represented:
        blocks.append(Bullets(tuple(r.under_represented), "Under-represented groups"))
    blocks.append(Facts((("Cybersecurity", r.cybersecurity), ("Privacy", r.privacy))))
    return blocks


def monitoring_blocks(card: ModelCard) -> list[Block]:
    m = card.monitoring
    watched = pd.DataFrame(
        [
            {
                "Metric": w.metric.label,
                "Acceptable when": w.direction.value.replace("_", " "),
                "Threshold": results.fmt(w.threshold),
                "Frequency": w.frequency,
            }
            for w in m.metrics
        ]
    )
    blocks: list[Block] = [
        Heading("Monitoring after release"),
        Markdown(m.process),
        Table("Monitored metrics", watched),
    ]
    for metric in dict.fromkeys(s.metric for s in m.snapshots):
        blocks += _chart(f"Real-world {metric.label}", charts.monitoring_figure, card, metric)
    if m.snapshots:
        blocks.append(Table("Real-world performance snapshots", results.snapshots_table(card)))
    p = m.update_policy
    blocks.append(
        Facts(
            (
                ("Updates", policy_text(p)),
                ("How updates are released", fact_text(getattr(p, "description", None))),
                ("Retraining controls", m.retraining_controls),
                *fairness_facts(card),
            )
        )
    )
    return blocks


def history_blocks(card: ModelCard, history: list[ModelCard]) -> list[Block]:
    rows = [
        {
            "Version": c.version,
            "Released": c.identity.release_date.isoformat(),
            "Status": c.identity.status.value,
            "This version": "yes" if c.version == card.version else "",
            "Change": c.change_notice.summary if c.change_notice else "First version",
        }
        for c in history
    ]
    blocks: list[Block] = [Heading("Update history")]
    blocks += _chart("Versions over time", charts.history_figure, history)
    blocks.append(Table("Versions", pd.DataFrame(rows)))
    for c in reversed(history):
        blocks += notice_blocks(c)
    return blocks


CHANGE_TYPE_WORDS = {
    "performance": "performance",
    "inputs": "inputs",
    "intended_use": "intended use",
    "labelling_only": "labelling only",
    "fix": "fix",
    "security": "security",
}


def change_kinds(notice: ChangeNotice) -> str:
    """The notice's types of change in words: `intended use, performance`."""
    return ", ".join(CHANGE_TYPE_WORDS.get(t.value, t.value.replace("_", " ")) for t in notice.change_types)


def notice_blocks(card: ModelCard) -> list[Block]:
    """A version's change notice in full, the one rendering every view draws (device page, compare
    page, leaflet, publishing preview, exports); nothing for a first version."""
    n = card.change_notice
    if n is None:
        return []
    return [
        Heading(f"Change notice {n.previous_version} → {card.version}", 3),
        Markdown(n.summary),
        Facts(
            (
                ("Effective", n.effective_date.isoformat()),
                ("Kind of change", change_kinds(n)),
                ("Within the authorized change control plan", "yes" if n.within_pccp else "no"),
                ("Why", n.rationale),
                ("What you must do", n.user_action),
                ("Performance", n.performance_summary),
                ("Data used", n.data_used),
                ("Changes in known bias", n.bias_changes),
                ("Card sections affected", ", ".join(map(field_label, n.labelling_sections)) or "not stated"),
            )
        ),
    ]


def leaflet(card: ModelCard, facts: VersionFacts, history: list[ModelCard]) -> list[Block]:
    blocks: list[Block] = source_banners(card)
    blocks += version_notices(facts, "leaflet")
    blocks += identity_blocks(card) + use_blocks(card) + io_blocks(card)
    blocks.append(Heading("Clinical performance"))
    for study in sorted(card.performance.studies, key=lambda s: not s.primary):
        blocks += study_blocks(study)
    blocks += caution_blocks(card)  # derived from the numbers by gmlp_cards.checks; cannot be hidden
    blocks += data_blocks(card) + risk_blocks(card) + monitoring_blocks(card)
    blocks += history_blocks(card, history)
    if not history:
        blocks.append(Notice("info", "No update history is available."))
    blocks += coverage_summary_blocks(card)  # issue 6: GMLP coverage, compact
    return blocks
