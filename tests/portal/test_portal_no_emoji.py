"""Every icon and label a reader sees is text or a Material icon, never an emoji (issue 15).

An emoji is drawn from a colour-emoji font; a kiosk or a hospital PC without one shows an empty box.
The test reads every message a page sends to the browser (the tab's icon, the page list, each
element), not only the element tree, so the favicon and the sidebar's page icons are checked too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apptest_support import MENU_OPEN, open_page
from apptest_tools import EXAMPLES_DIR, example_versions
from google.protobuf.message import Message
from streamlit.testing.v1 import local_script_runner

from gmlp_cards.cards.catalog import Catalog

# Characters drawn as emoji by default (Unicode's Emoji_Presentation=Yes) in the BMP, written out;
# everything from U+1F000 up to U+1FAFF (pictographs, symbols, flags' letters); and the variation
# selector U+FE0F that asks for the emoji form of a text symbol ("➡️" is U+27A1 U+FE0F).
# Text symbols a plain font draws ("→", "✓", "·", "—") are allowed.
BMP_EMOJI = set(
    "⌚⌛⏩⏪⏫⏬⏰⏳◽◾☔☕♈♉♊♋♌♍♎♏♐♑♒♓♿⚓⚡⚪⚫⚽⚾⛄⛅⛎⛔⛪⛲⛳⛵⛺⛽✅✊✋✨❌❎❓❔❕❗➕➖➗➰➿⬛⬜⭐⭕"
)


def emoji_in(text: str) -> list[str]:
    return [c for c in text if c in BMP_EMOJI or 0x1F000 <= ord(c) <= 0x1FAFF or c == "\ufe0f"]


def _strings(message: Message) -> Iterator[tuple[str, str]]:
    """(field name, value) of every string field in a protobuf message, nested ones included."""
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item)
            elif isinstance(item, str):
                yield field.name, item


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[Message]:
    """Every ForwardMsg the pages opened in the test send (AppTest's element tree drops page config
    and navigation messages, which carry the favicon and the sidebar's icons)."""
    messages: list[Message] = []
    parse = local_script_runner.parse_tree_from_messages

    def keep(msgs: list[Message]):  # type: ignore[no-untyped-def]
        messages.extend(msgs)
        return parse(msgs)

    monkeypatch.setattr(local_script_runner, "parse_tree_from_messages", keep)
    return messages


def emoji_shown(messages: list[Message]) -> list[tuple[str, str]]:
    return [(name, value) for msg in messages for name, value in _strings(msg) if emoji_in(value)]


def _compare_pair() -> tuple[str, str, str]:
    catalog = Catalog.load(EXAMPLES_DIR)
    device = next(d for d in catalog.device_ids() if len(catalog.versions(d)) > 1)
    versions = catalog.versions(device)
    return device, versions[0], versions[-1]


def test_the_check_finds_an_arrow_emoji_and_allows_text_arrows() -> None:
    assert emoji_in("Read this ➡️") == ["\ufe0f"]
    assert emoji_in("📋 GMLP Cards") == ["📋"]
    assert emoji_in("Change notice 1.0.0 → 2.0.0 ✓ inside · fine — yes") == []


@pytest.mark.parametrize("tier", ["front", "back", "leaflet"])
@pytest.mark.parametrize(("device", "version"), example_versions()[:3])
def test_device_tiers_show_no_emoji(sent: list[Message], device: str, version: str, tier: str) -> None:
    extra = {"all-sections": "true"} if tier == "leaflet" else {}
    open_page("device", session_state=MENU_OPEN, device=device, version=version, tier=tier, **extra)
    assert sent, "no message was captured"
    assert emoji_shown(sent) == []


@pytest.mark.parametrize(("device", "version"), example_versions()[:3])
def test_patient_view_shows_no_emoji(sent: list[Message], device: str, version: str) -> None:
    open_page("patient", device=device, version=version)
    assert emoji_shown(sent) == []


def test_catalog_shows_no_emoji_not_even_in_the_tab_icon(sent: list[Message]) -> None:
    open_page("catalog")
    # A page's own title (ui/nav.set_title) sends page config again with no favicon: that keeps the tab's.
    configs = [msg.page_config_changed for msg in sent if msg.HasField("page_config_changed")]
    favicons = [config.favicon for config in configs if config.favicon]
    assert favicons and all(icon.startswith("data:image/svg+xml") for icon in favicons)
    navigation = [msg.navigation for msg in sent if msg.HasField("navigation")]
    page_icons = [page.icon for nav in navigation for page in nav.app_pages]
    assert page_icons and all(icon.startswith(":material/") for icon in page_icons)
    assert emoji_shown(sent) == []


def test_compare_shows_no_emoji(sent: list[Message]) -> None:
    device, old, new = _compare_pair()
    open_page("compare", device=device, **{"from": old, "to": new})
    assert emoji_shown(sent) == []


def test_report_form_shows_no_emoji(
    sent: list[Message], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GMLP_CARDS_DATABASE_URL", f"sqlite:///{tmp_path / 'concerns.db'}")
    device, version = example_versions()[0]
    open_page("report", device=device, version=version)
    assert emoji_shown(sent) == []
