"""The public URLs the browser tests visit, derived from whatever cards a folder holds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from gmlp_cards.cards.catalog import Catalog

TIERS = ("front", "back", "leaflet")


@dataclass(frozen=True)
class View:
    """One page of the portal: a short name for test ids and screenshots, and its path with query."""

    name: str
    path: str


def shown_version(cards_dir: Path) -> tuple[str, str]:
    """(device id, latest published version) of the first device in the folder."""
    catalog = Catalog.load(cards_dir)
    devices = catalog.device_ids()
    assert devices, f"no valid public card under {cards_dir}: {catalog.problems[:3]}"
    version = catalog.latest_version(devices[0]) or catalog.versions(devices[0])[-1]
    return devices[0], version


# The leaflet opens on its contents and draws a section when it is opened (ui/leaflet_view.py): a
# page check that is about what the leaflet shows opens every section.
EVERY_SECTION = {"all-sections": "true"}


def device_path(device: str, version: str, tier: str, **extra: str) -> str:
    return "/device?" + urlencode({"device": device, "version": version, "tier": tier, **extra})


def patient_path(device: str, version: str) -> str:
    return "/patient?" + urlencode({"device": device, "version": version})


def views(cards_dir: Path, *, catalog: bool = True) -> list[View]:
    """The catalog, every tier of the shown card, and its patient view."""
    device, version = shown_version(cards_dir)
    found = [View("catalog", "/")] if catalog else []
    found += [
        View(tier, device_path(device, version, tier, **(EVERY_SECTION if tier == "leaflet" else {})))
        for tier in TIERS
    ]
    found.append(View("patient", patient_path(device, version)))
    return found
