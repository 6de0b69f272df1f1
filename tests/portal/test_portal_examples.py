"""Every page with every example card from model_cards/: the content that matters is on screen."""

from __future__ import annotations

import pytest
from apptest_support import headings, open_page, page_titles
from apptest_tools import (
    EXAMPLES_DIR,
    all_text,
    dataframes,
    example_devices,
    example_versions,
    html_bodies,
    page_links,
    table_captions,
    texts,
)
from catalog_support import catalog_entries
from streamlit.testing.v1 import AppTest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.listing import catalog_rows
from gmlp_cards.checks.cautions import subgroup_cautions
from gmlp_cards.evidence import results
from gmlp_cards.model import ModelCard
from gmlp_cards.render.safe_markdown import to_html
from gmlp_cards.tiers.banners import NOT_ISSUED
from gmlp_cards.tiers.facts import FICTIONAL_BADGE, risk_item

CATALOG = Catalog.load(EXAMPLES_DIR)
VERSIONS = example_versions()
DEVICES = example_devices()


def _card(device: str, version: str) -> ModelCard:
    return CATALOG.card(device, version)


def test_example_cards_are_found() -> None:
    # Their validity is checked by the card tests; here we only need something to render.
    assert VERSIONS, "no valid example cards found under model_cards/"


def test_catalog_lists_every_example_device_with_its_latest_version() -> None:
    at = open_page("catalog")
    shown = all_text(at)
    entries = {entry.name: entry for entry in catalog_entries(at)}
    for row in catalog_rows(CATALOG):
        entry = entries[row.name]
        assert f"<dt>Latest version</dt><dd><p>{row.version} · released" in shown
        assert (
            f"Open {row.name}",
            f"/device?device={row.device_id}&version={row.version}&tier=front",
        ) in entry.links
        assert entry.badges == ([FICTIONAL_BADGE] if row.fictional else [])
        assert entry.notes == ([f"{NOT_ISSUED} {row.transcription}"] if row.transcription else [])
    hidden = sum(1 for f in CATALOG.files if not f.valid)
    assert ("could not be shown" in shown) == bool(hidden)


def _assert_common(at: AppTest, card: ModelCard, tier: str) -> None:
    body = html_bodies(at)
    words = all_text(at)
    assert page_titles(at) == [f"{card.identity.device_name} {card.version}"]
    if card.identity.fictional:
        assert FICTIONAL_BADGE in words
    latest = CATALOG.latest_version(card.device_id)
    if card.version != latest:
        banners = texts(at, "warning", "error")
        assert any(card.version in b and (latest in b or "withdrawn" in b) for b in banners), banners
        assert any(f"version={latest}" in qs for _, _, qs in page_links(at))
    else:
        assert not any("newer version" in b for b in texts(at, "warning"))
    if tier in ("front", "leaflet"):
        assert to_html(card.intended_use.summary) in body
    if tier in ("front", "back"):
        links = [qs for page, _, qs in page_links(at) if "report" in page]
        assert f"device={card.device_id}&version={card.version}" in links


# The leaflet draws a section only when it is chosen (ui/leaflet_view.py): choose the ones read here.
LEAFLET_SECTIONS = {"sections": ["Intended use", "Clinical performance", "Update history"]}


def _open_tier(device: str, version: str, tier: str) -> tuple[ModelCard, AppTest]:
    """The device page of one example version on `tier`, already checked for what every tier shows."""
    card = _card(device, version)
    opened = LEAFLET_SECTIONS if tier == "leaflet" else {}
    at = open_page("device", device=device, version=version, tier=tier, **opened)
    _assert_common(at, card, tier)
    return card, at


@pytest.mark.parametrize(("device", "version"), VERSIONS)
def test_front_of_pack_shows_identity_use_top_warnings_and_report_link(device: str, version: str) -> None:
    card, at = _open_tier(device, version, "front")
    body = html_bodies(at)
    for risk in card.risks.top_warnings(3):
        assert to_html(risk_item(risk)) in body
    assert card.identity.manufacturer.name in body
    assert card.intended_use.indications.target_population.split("\n")[0][:40] in body


@pytest.mark.parametrize(("device", "version"), VERSIONS)
def test_back_of_pack_shows_inputs_and_flagged_subgroups(device: str, version: str) -> None:
    card, at = _open_tier(device, version, "back")
    cautions = subgroup_cautions(card)
    frames = dataframes(at)
    assert list(frames[0]["Input"]) == [a.modality for a in card.inputs.acceptable]
    if cautions:
        assert f"{len(cautions)} cautions derived from this card's numbers" in table_captions(at)
        flagged = next(f for f in frames if list(f.columns) == ["Study", "Group", "Metric", "Why"])
        assert len(flagged) == len(cautions)
    for item in card.intended_use.stop_using_if:
        assert to_html(item) in html_bodies(at)


@pytest.mark.parametrize(("device", "version"), VERSIONS)
def test_leaflet_shows_studies_subgroup_rows_endpoints_and_history(device: str, version: str) -> None:
    card, at = _open_tier(device, version, "leaflet")
    captions = table_captions(at)
    frames = dataframes(at)
    for study in card.performance.studies:
        if study.subgroups:
            assert f"Subgroup results: {len(study.subgroups)} rows" in captions
        for result in results.endpoint_results(study):
            assert any("Result" in f.columns and result.verdict in list(f["Result"]) for f in frames)
    subgrouped = [s for s in card.performance.studies if s.subgroups]
    charts = at.get("plotly_chart")
    assert len(charts) >= sum(len(results.primary_metric_names(s)) for s in subgrouped)
    history = next(f for f in frames if "This version" in f.columns)
    assert list(history["Version"]) == CATALOG.versions(device)


@pytest.mark.parametrize(("device", "version"), VERSIONS)
def test_patient_view_shows_plain_words_and_frequencies(device: str, version: str) -> None:
    card = _card(device, version)
    at = open_page("patient", device=device, version=version)
    words = card.patient.texts[card.patient.default_language]
    body = html_bodies(at)
    assert to_html(words.summary) in body
    for item in words.talk_to_clinician:
        assert to_html(item) in body
    if words.natural_frequencies:
        table = dataframes(at)[0]
        # A wrapping HTML table (render/table_html.py): its cells are the text shown.
        assert list(table.iloc[:, 1]) == [str(f.per_1000) for f in words.natural_frequencies]
        # Worded as an estimate over the page's one denominator (tiers.patient), never "N out of N".
        assert f"<strong>about {words.natural_frequencies[0].per_1000} in 1,000</strong> people" in body
    assert any(
        f"device={device}&version={version}" in qs for page, _, qs in page_links(at) if "report" in page
    )


@pytest.mark.parametrize("device", DEVICES)
def test_patient_view_offers_every_language_of_the_card(device: str) -> None:
    card = CATALOG.latest(device) or CATALOG.history(device)[-1]
    for lang in card.patient.texts:
        at = open_page("patient", device=device, lang=lang)
        assert to_html(card.patient.texts[lang].summary) in html_bodies(at)
        assert at.query_params["lang"] == lang
        # No fallback notice (the only notice is that a transcribed card is not the maker's).
        assert [t for t in texts(at, "info") if not t.startswith(NOT_ISSUED)] == []


@pytest.mark.parametrize("device", DEVICES)
def test_compare_shows_two_versions_and_the_notices_between(device: str) -> None:
    versions = CATALOG.versions(device)
    at = open_page("compare", device=device, **{"from": versions[0], "to": versions[-1]})
    subheaders = headings(at, 3)
    assert f"Version {versions[0]}" in subheaders and f"Version {versions[-1]}" in subheaders
    notices = [c.version for c in CATALOG.history(device) if c.change_notice is not None]
    for version in notices:
        assert any(h.endswith(f"→ {version}") for h in subheaders)
    if not notices:
        assert "There are no change notices between these versions." in texts(at, "info")
