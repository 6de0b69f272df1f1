"""The HTML export forbids remote loads itself: a Content-Security-Policy that admits embedded images,
the operator's image hosts over https, and only the export's own scripts (by hash)."""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.formats.html import tier_document
from gmlp_cards.model import ModelCard
from gmlp_cards.tiers.facts import TIERS, version_facts


class _Head(HTMLParser):
    """The <meta> elements before the first script or style, and the text of every <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.metas: list[dict[str, str | None]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self._head_open = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta" and self._head_open:
            self.metas.append(dict(attrs))
        elif tag in {"script", "style", "body"}:
            self._head_open = False
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _parsed(document: str) -> _Head:
    head = _Head()
    head.feed(document)
    return head


def _policy(document: str) -> dict[str, list[str]]:
    metas = _parsed(document).metas
    policies = [m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy"]
    assert len(policies) == 1, metas
    directives = (part.split() for part in str(policies[0]).split(";") if part.strip())
    return {words[0]: words[1:] for words in directives}


@pytest.fixture(scope="module")
def example() -> tuple[Catalog, ModelCard]:
    catalog = Catalog.load(Path(__file__).resolve().parents[2] / "model_cards")
    card = catalog.latest(sorted(catalog.device_ids())[0])
    assert card is not None
    return catalog, card


@pytest.mark.parametrize("tier", TIERS)
def test_every_tier_export_forbids_remote_loads_before_anything_can_load(
    example: tuple[Catalog, ModelCard], tier: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GMLP_CARDS_IMAGE_HOSTS", raising=False)
    catalog, card = example
    policy = _policy(tier_document(card, tier, version_facts(catalog, card), catalog.history(card.device_id)))
    assert policy["default-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert policy["connect-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]


def test_an_export_without_charts_runs_no_script(example: tuple[Catalog, ModelCard]) -> None:
    catalog, card = example
    assert _policy(tier_document(card, "front", version_facts(catalog, card)))["script-src"] == ["'none'"]


def test_the_leaflet_export_runs_exactly_its_own_scripts(example: tuple[Catalog, ModelCard]) -> None:
    catalog, card = example
    document = tier_document(card, "leaflet", version_facts(catalog, card), catalog.history(card.device_id))
    scripts = _parsed(document).scripts
    assert len(scripts) >= 2  # plotly.js and at least one chart
    expected = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts
    }
    assert set(_policy(document)["script-src"]) == expected


def test_the_export_admits_images_from_the_configured_hosts_over_https_only(
    example: tuple[Catalog, ModelCard], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GMLP_CARDS_IMAGE_HOSTS", "images.example.org,cdn.maker.example")
    catalog, card = example
    policy = _policy(tier_document(card, "front", version_facts(catalog, card)))
    assert policy["img-src"] == ["data:", "https://cdn.maker.example", "https://images.example.org"]


def test_the_export_sends_no_referrer_and_prefetches_no_names(example: tuple[Catalog, ModelCard]) -> None:
    catalog, card = example
    metas = _parsed(tier_document(card, "front", version_facts(catalog, card))).metas
    assert {"name": "referrer", "content": "no-referrer"} in metas
    assert {"http-equiv": "x-dns-prefetch-control", "content": "off"} in metas
