"""The public catalog listing: one row per device, text search and filters, and the hidden-file count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from gmlp_cards.catalog import Catalog
from gmlp_cards.model import ModelCard, Status


@dataclass(frozen=True)
class CatalogRow:
    """What the catalog shows for one device: its latest published version (or last public one)."""

    device_id: str
    name: str
    maker: str
    modality: str
    clinical_area: str
    intended_users: tuple[str, ...]
    regulatory: tuple[str, ...]
    regulatory_statuses: tuple[str, ...]
    version: str
    release_date: dt.date
    status: Status
    fictional: bool
    summary: str

    def haystack(self) -> str:
        return " ".join((self.device_id, self.name, self.maker, self.modality, self.clinical_area,
                         self.summary, *self.intended_users, *self.regulatory)).casefold()


def regulatory_label(card: ModelCard) -> tuple[str, ...]:
    """`US 510(k): cleared (K000000)` per jurisdiction."""
    return tuple(
        f"{r.jurisdiction} {r.pathway}: {r.status}" + (f" ({r.identifier})" if r.identifier else "")
        for r in card.identity.regulatory
    ) or ("No regulatory status stated",)


def shown_card(catalog: Catalog, device_id: str) -> ModelCard | None:
    """The version a reader lands on: the latest published, else the newest public (withdrawn)."""
    latest = catalog.latest(device_id)
    if latest is not None:
        return latest
    history = catalog.history(device_id)
    return history[-1] if history else None


def row_for(card: ModelCard) -> CatalogRow:
    identity = card.identity
    return CatalogRow(
        device_id=identity.device_id, name=identity.device_name, maker=identity.manufacturer.name,
        modality=identity.modality, clinical_area=identity.clinical_area,
        intended_users=tuple(card.intended_use.intended_users),
        regulatory=regulatory_label(card),
        regulatory_statuses=tuple(r.status for r in identity.regulatory),
        version=identity.card_version, release_date=identity.release_date, status=identity.status,
        fictional=identity.fictional, summary=card.intended_use.summary,
    )


def catalog_rows(catalog: Catalog) -> list[CatalogRow]:
    """Every public device, sorted by name; invalid and draft-only devices never appear."""
    cards = (shown_card(catalog, d) for d in catalog.device_ids())
    return sorted((row_for(c) for c in cards if c is not None), key=lambda r: (r.name.casefold(),
                                                                                r.device_id))


def hidden_file_count(catalog: Catalog) -> int:
    """Card files that could not be shown because they are invalid (drafts are not counted)."""
    return sum(1 for f in catalog.files if not f.valid)


@dataclass(frozen=True)
class Facets:
    modalities: tuple[str, ...]
    clinical_areas: tuple[str, ...]
    intended_users: tuple[str, ...]
    regulatory_statuses: tuple[str, ...]


def facets(rows: Iterable[CatalogRow]) -> Facets:
    rows = list(rows)

    def values(items: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(set(items), key=str.casefold))

    return Facets(
        modalities=values(r.modality for r in rows),
        clinical_areas=values(r.clinical_area for r in rows),
        intended_users=values(u for r in rows for u in r.intended_users),
        regulatory_statuses=values(s for r in rows for s in r.regulatory_statuses),
    )


def filter_rows(rows: Iterable[CatalogRow], text: str = "", *, modalities: Collection[str] = (),
                clinical_areas: Collection[str] = (), intended_users: Collection[str] = (),
                regulatory_statuses: Collection[str] = ()) -> list[CatalogRow]:
    """Rows matching every given filter; an empty filter matches all. Text matches all its words."""
    words = text.casefold().split()
    return [
        r for r in rows
        if all(w in r.haystack() for w in words)
        and (not modalities or r.modality in modalities)
        and (not clinical_areas or r.clinical_area in clinical_areas)
        and (not intended_users or set(r.intended_users) & set(intended_users))
        and (not regulatory_statuses or set(r.regulatory_statuses) & set(regulatory_statuses))
    ]


@dataclass(frozen=True)
class Lookup:
    """The answer to `device=..&version=..`: a card, or what to tell the reader instead."""

    card: ModelCard | None
    device_name: str | None  # known when the device exists, even if the version does not
    latest: str | None
    problem: str = ""


def lookup(catalog: Catalog, device_id: str | None, version: str | None) -> Lookup:
    """Find a public card; a missing version means the version a reader lands on."""
    if not device_id or device_id not in catalog.device_ids():
        return Lookup(None, None, None, f"We have no published card for the device “{device_id or ''}”.")
    landing = shown_card(catalog, device_id)
    name = landing.identity.device_name if landing else device_id
    latest = catalog.latest_version(device_id) or (landing.version if landing else None)
    if not version:
        return Lookup(landing, name, latest)
    if version not in catalog.versions(device_id):
        return Lookup(None, name, latest, f"{name} has no published card version “{version}”.")
    return Lookup(catalog.card(device_id, version), name, latest)
