"""The front of pack is a glance (issue 15): banners first, then who and what for, the top warnings,
one headline result, how it works and how to report; every file in one download menu."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest
from apptest_support import MENU_OPEN, open_page
from apptest_tools import EXAMPLES_DIR, example_devices
from metric_support import percent_estimate
from streamlit.testing.v1 import AppTest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.model import ModelCard, SingleMetric
from gmlp_cards.render.blocks import Badge, Bullets, Facts, Heading, Notice, ReportLink
from gmlp_cards.tiers.facts import FICTIONAL_BADGE, headline_result, version_facts
from gmlp_cards.tiers.pages import front
from gmlp_cards.ui.device import DOWNLOAD_MENU

CATALOG = Catalog.load(EXAMPLES_DIR)
LATEST = [(d, CATALOG.latest_version(d) or "") for d in example_devices()]
OLDER = [(d, v) for d in example_devices() for v in CATALOG.versions(d) if v != CATALOG.latest_version(d)]

# Written out from the card files by hand, not by the code under test: the primary study's first
# endpoint metric, its interval at its own level, its own n, and the study it comes from.
HEADLINES = {
    "lumen-cxr-triage": "Sensitivity 91.2% (95% CI 88.1% to 93.5%; Wilson score), n = 420; "
    "Retrospective multi-site "
    "standalone performance study (LCT-CSR-001), retrospective, unit of analysis: study",
    "retina-dr-screen": "Sensitivity 89.9% (95% CI 84.9% to 93.4%; Wilson score), n = 198; Prospective "
    "consecutive-enrolment study in primary care (RDS-002), per-patient analysis, prospective, "
    "unit of analysis: patient",
    "sepsis-sentinel": "Area under the ROC curve 0.889 (95% CI 0.875 to 0.903; DeLong), n = 5214; "
    "Sequestered "
    "temporal and external validation at three US hospitals (SS-VAL-2), retrospective, unit of "
    "analysis: encounter",
    # The real devices: OsteoDetect's sensitivity has no n of its own (no counts printed, p. 11), so the
    # study's n is given and said to be the study's; QuantX leads with its pre-specified endpoint.
    "osteodetect": "Sensitivity 92.1% (95% CI 88.6% to 94.6%; Wilson score), n = 1000 (the study's) "
    "(the leaflet gives the maker's note on this number); "
    ""
    "Standalone performance on 1,000 retrospective wrist images (per image), retrospective, unit of "
    "analysis: image",
    "dermasensor": "Sensitivity 95.5% (95% CI 91.7% to 97.6%; Wilson score, clustered by patient), "
    "214 of 224; DERM-SUCCESS pivotal standalone study (per lesion), prospective, unit of analysis: lesion",
    "gi-genius": "ADR* difference, GI Genius minus standard colonoscopy 13.1 percentage points (95% CI "
    "0.09 percentage points to 23.3 percentage points; method not stated), model-adjusted analysis, "
    "n = 263 (the study's) (the leaflet gives the maker's note on this number); "
    "AID randomized trial, low-risk mITT subset (263 of 700 patients), "
    "randomized, unit of analysis: patient",
    "quantx": "Readers' AUC, second read minus first read (proper-binormal, DBM) 0.052 AUC (95% CI "
    "0.0022 AUC to 0.1018 AUC; other method), model-adjusted analysis, n = 111 "
    "(the leaflet gives the maker's note on this number); "
    "Sequential MRMC reader "
    "study, 19 readers x 111 enriched cases, first read vs second read with QuantX, reader study, unit "
    "of analysis: lesion",
}


def _walk(node: Any) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Every element in page order, with the types of the blocks it sits in."""

    def inner(item: Any, parents: tuple[str, ...]) -> Iterator[tuple[Any, tuple[str, ...]]]:
        children = getattr(item, "children", None)
        if children is None:
            yield item, parents
            return
        for key in sorted(children):
            yield from inner(children[key], (*parents, str(getattr(item, "type", ""))))

    yield from inner(node, ())


def _order(at: AppTest) -> list[tuple[str, str, tuple[str, ...]]]:
    """(type, text, enclosing block types) of every element on the page, top to bottom."""
    out = []
    for element, parents in _walk(at.main):
        kind = str(getattr(element, "type", ""))
        proto = getattr(element, "proto", None)
        text = str(getattr(proto, "body", "") or getattr(proto, "label", "") or "")
        if not text:
            try:
                text = str(element.value)
            except Exception:  # elements without a value (a style-only block) have no text to find
                text = ""
        out.append((kind, text, parents))
    return out


def _first(order: list[tuple[str, str, tuple[str, ...]]], kind: str, contains: str = "") -> int:
    return next(i for i, (k, text, _) in enumerate(order) if k == kind and contains in text)


def test_the_front_blocks_come_in_glance_order() -> None:
    card = CATALOG.latest("lumen-cxr-triage")  # a fictional example: its badge comes first
    assert card is not None
    blocks = front(card, version_facts(CATALOG, card))
    kinds = [type(b) for b in blocks]
    assert kinds[:2] == [Badge, Facts]  # the badge first (a fictional example), then the glance
    first = blocks[1]
    assert isinstance(first, Facts)
    assert [label for label, _ in first.items] == ["Intended use", "Intended users", "Decision role"]
    assert first.brief > 0  # a phone shows long values' first words (render/brief.py)
    assert blocks[2] == Heading("Top warnings", 3)
    warnings = blocks[3]
    assert isinstance(warnings, Bullets) and len(warnings.items) == min(3, len(card.risks.warnings))
    assert warnings.brief > 0
    result = blocks[4]
    assert isinstance(result, Facts)
    # The population (often several sentences of indications) follows the warnings, whole.
    assert [label for label, _ in result.items] == ["Population", "Headline result", "How it works"]
    assert result.brief == 0
    assert isinstance(blocks[5], ReportLink)


@pytest.mark.parametrize(("device", "version"), OLDER)
def test_an_older_version_opens_with_its_newer_version_banner(device: str, version: str) -> None:
    blocks = front(CATALOG.card(device, version), version_facts(CATALOG, CATALOG.card(device, version)))
    notice = blocks[1]
    assert isinstance(notice, Notice) and "has been published" in notice.text


@pytest.mark.parametrize("device", sorted(HEADLINES))
def test_the_headline_result_quotes_the_primary_metric_with_interval_n_and_study(device: str) -> None:
    card = CATALOG.latest(device)
    assert card is not None
    assert headline_result(card) == HEADLINES[device]


def _with_overall_metrics(card: ModelCard, metrics: list[Any]) -> ModelCard:
    study = card.performance.primary
    overall = study.overall.model_copy(update={"metrics": metrics, "counts": None})
    changed = study.model_copy(update={"overall": overall, "endpoints": []})
    studies = [changed if s is study else s for s in card.performance.studies]
    return card.model_copy(update={"performance": card.performance.model_copy(update={"studies": studies})})


def test_a_percent_estimate_keeps_its_digits_and_unit_and_a_one_sided_bound_says_so() -> None:
    card = CATALOG.card(*LATEST[0])
    metric = percent_estimate("sensitivity", 91.25, 88.125, level=0.975, sides="lower", n=400)
    text = headline_result(_with_overall_metrics(card, [metric]))
    assert text.startswith(
        "Sensitivity 91.25% (97.5% one-sided lower bound 88.125%; Clopper-Pearson (exact)), n = 400; "
    )


def test_a_value_without_interval_says_none_is_stated_and_falls_back_to_the_row_n() -> None:
    card = CATALOG.card(*LATEST[0])
    metric = SingleMetric(kind="single", name="specificity", value=0.9)
    text = headline_result(_with_overall_metrics(card, [metric]))
    assert text.startswith(
        f"Specificity 90% (no interval given), n = {card.performance.primary.overall.n} (the study's); "
    )


def test_a_study_without_overall_metrics_says_so() -> None:
    card = CATALOG.card(*LATEST[0])
    assert headline_result(_with_overall_metrics(card, [])).startswith("No overall result is stated")


@pytest.mark.parametrize(("device", "version"), [*LATEST, *OLDER[:1]])
def test_the_page_puts_name_status_and_banners_above_the_selectors(device: str, version: str) -> None:
    card = CATALOG.card(device, version)
    at = open_page("device", device=device, version=version, tier="front")
    order = _order(at)
    selector = _first(order, "selectbox")
    # The title, the byline under it and a fictional example's badge are one element, before the selectors.
    head = _first(order, "html", '<h1 class="gc-title">')
    title, byline = order[head][1].split('<h1 class="gc-title">')[1].split("</h1>")
    assert title == html.escape(f"{card.identity.device_name} {version}")
    assert html.escape(card.identity.manufacturer.name) in byline and card.identity.status.value in byline
    assert head < selector
    assert (f'<span class="gc-badge">{FICTIONAL_BADGE}</span>' in byline) == card.identity.fictional
    if version != CATALOG.latest_version(device):
        assert _first(order, "warning", "has been published") < selector


@pytest.mark.parametrize(("device", "version"), LATEST)
def test_the_glance_reads_use_warnings_result_then_report(device: str, version: str) -> None:
    at = open_page("device", device=device, version=version, tier="front")
    order = _order(at)
    use = _first(order, "html", "<dt>Intended use</dt>")
    assert "<dt>Intended users</dt>" in order[use][1] and "<dt>Decision role</dt>" in order[use][1]
    # The glance's text is one element (ui/render.py joins a run of text blocks), in reading order.
    glance = order[use][1]
    warnings = glance.index('<h3 class="gc-heading">Top warnings</h3>')
    result = glance.index("<dt>Headline result</dt>")
    assert glance.index("<dt>Intended use</dt>") < warnings < result
    assert use < _first(order, "page_link", "Report a concern")
    assert HEADLINES[device].split(";")[0] in glance[result:]
    assert "<dt>How it works</dt>" in glance[result:]


@pytest.mark.parametrize("tier", ["front", "back"])
def test_every_download_is_in_one_menu(tier: str) -> None:
    device, version = LATEST[0]
    at = open_page("device", device=device, version=version, tier=tier, session_state=MENU_OPEN)
    order = _order(at)
    buttons = [(text, parents) for kind, text, parents in order if kind == "download_button"]
    assert len(buttons) >= 3  # the tier's HTML, the card's JSON, the QR labels at least
    assert all("popover" in parents for _, parents in buttons), buttons
    labels = [text for text, _ in buttons]
    expected_html = {"front": "Front of pack (HTML, printable)", "back": "Back of pack (HTML, printable)"}
    assert expected_html[tier] in labels and "Card (JSON)" in labels
    assert [p.proto.popover.label for p in at.get("popover")] == [DOWNLOAD_MENU]


def test_the_front_offers_its_files_after_the_glance_and_the_back_before_its_length() -> None:
    device, version = LATEST[0]
    front_order = _order(
        open_page("device", device=device, version=version, tier="front", session_state=MENU_OPEN)
    )
    download = next(i for i, (k, _, parents) in enumerate(front_order) if k == "download_button")
    assert _first(front_order, "page_link", "Report a concern") < download
    back_order = _order(
        open_page("device", device=device, version=version, tier="back", session_state=MENU_OPEN)
    )
    download = next(i for i, (k, _, parents) in enumerate(back_order) if k == "download_button")
    assert download < _first(back_order, "html", '<h2 class="gc-heading">Acceptable inputs</h2>')
