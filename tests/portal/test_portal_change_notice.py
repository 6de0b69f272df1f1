"""A change notice is drawn from one set of blocks (leaflet.notice_blocks) on every page."""

from __future__ import annotations

from apptest_support import open_page
from apptest_tools import html_bodies

DEVICE, OLD, NEW = "retina-dr-screen", "1.1.0", "2.0.0"
LABELS = [
    "Effective",
    "Kind of change",
    "Within the authorized change control plan",
    "Why",
    "What you must do",
    "Performance",
    "Data used",
    "Changes in known bias",
    "Card sections affected",
]


def _labels_in_order(html: str) -> list[str]:
    return sorted(
        (label for label in LABELS if f">{label}<" in html), key=lambda label: html.index(f">{label}<")
    )


def test_the_device_page_and_the_compare_page_label_the_notice_alike() -> None:
    device = html_bodies(open_page("device", device=DEVICE, version=NEW, tier="front"))
    compare = html_bodies(open_page("compare", device=DEVICE, **{"from": OLD, "to": NEW}))
    assert _labels_in_order(device) == LABELS
    assert _labels_in_order(compare) == LABELS
    assert ">Type of change<" not in compare
