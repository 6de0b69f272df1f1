"""What every real-device test reads: the card file, its raw data, its studies and metrics."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from gmlp_cards.cards.loader import load_card
from gmlp_cards.cards.yamlsafe import parse
from gmlp_cards.model import Analysis, AnyMetric, ModelCard, Study

CARDS = Path(__file__).resolve().parents[2] / "model_cards"
NOTICE = "Transcribed from public FDA documents by the GMLP Cards project, not issued by the manufacturer."


def card_path(device: str) -> Path:
    return CARDS / device / "1.0.0.yaml"


def raw_data(device: str) -> dict[str, Any]:
    data, _ = parse(card_path(device).read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def study(card: ModelCard, study_id: str) -> Study:
    return next(s for s in card.performance.studies if s.id == study_id)


def metric(metrics: list[AnyMetric], name: str, analysis: Analysis = Analysis.observed) -> AnyMetric:
    return next(m for m in metrics if m.name == name and m.analysis is analysis)


def printed(metric: AnyMetric | None) -> tuple[float, float | None, float | None, int | None, int | None]:
    """An estimate's numbers as a summary prints them in a row: estimate, lower, upper, x, n."""
    assert metric is not None and metric.kind == "estimate"
    return (metric.estimate, metric.lower, metric.upper, metric.x, metric.n)


def load_variant(device: str, data: dict[str, Any]) -> ModelCard:
    """The card as edited in `data`, loaded from where the card lives (so its history applies)."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return load_card(card_path(device), data=text.encode("utf-8")).card
