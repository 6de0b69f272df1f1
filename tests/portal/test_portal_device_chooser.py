"""The sidebar's device, patient and compare links name no device: each page offers a chooser."""

from __future__ import annotations

import pytest
from apptest_support import open_page
from apptest_tools import EXAMPLES_DIR, example_devices, page_links

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.listing import catalog_rows
from gmlp_cards.ui.nav import BROWSE_LABEL, CHOOSE_LABEL

PAGES = [("device", "Device information"), ("patient", "For patients"), ("compare", "Compare versions")]


@pytest.mark.parametrize(("page", "title"), PAGES)
def test_a_page_opened_without_a_device_offers_every_published_device(page: str, title: str) -> None:
    at = open_page(page)
    assert [t.value for t in at.title] == [title]
    assert not at.info, [i.value for i in at.info]  # no "card not found" message
    box = at.selectbox(key=f"choose-device-{title}")
    assert box.label == CHOOSE_LABEL and box.value is None
    assert sorted(box.options) == sorted(f"{name} — {maker}" for name, maker in _names().values())
    assert any(label == BROWSE_LABEL for _, label, _ in page_links(at))


@pytest.mark.parametrize(("page", "title"), PAGES)
def test_choosing_a_device_opens_its_page(page: str, title: str) -> None:
    at = open_page(page)
    device = example_devices()[0]
    name, maker = _names()[device]
    at.selectbox(key=f"choose-device-{title}").select(f"{name} — {maker}")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["device"] == device
    assert not any(box.key == f"choose-device-{title}" for box in at.selectbox)


def _names() -> dict[str, tuple[str, str]]:
    return {row.device_id: (row.name, row.maker) for row in catalog_rows(Catalog.load(EXAMPLES_DIR))}
