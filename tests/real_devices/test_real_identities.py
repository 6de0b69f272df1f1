"""What each real device's card says of the device itself: the maker, the FDA decision, that the project
transcribed it, and its row in the catalog. One table, as the same facts hold for every real device."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pytest

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.listing import catalog_rows
from gmlp_cards.cards.loader import load_card
from gmlp_cards.model import Identity
from real_devices.support import CARDS, NOTICE, card_path


class RealDevice(NamedTuple):
    device: str
    name: str
    maker: str
    de_novo: str
    decided: dt.date

    def identity(self) -> Identity:
        return load_card(card_path(self.device)).card.identity


# Every decision is a class II De Novo; its date comes from the FDA AI-Enabled Medical Device List, a
# secondary source (no decision summary prints it), which the card must name.
DEVICES = [
    RealDevice("dermasensor", "DermaSensor", "DermaSensor, Inc.", "DEN230008", dt.date(2024, 1, 12)),
    RealDevice(
        "gi-genius", "GI Genius", "Cosmo Artificial Intelligence - AI, LTD", "DEN200055", dt.date(2021, 4, 9)
    ),
    RealDevice("osteodetect", "OsteoDetect", "Imagen Technologies", "DEN180005", dt.date(2018, 5, 24)),
    RealDevice("quantx", "QuantX", "Quantitative Insights, Inc.", "DEN170022", dt.date(2017, 7, 19)),
]
each_device = pytest.mark.parametrize("real", DEVICES, ids=[d.device for d in DEVICES])


@each_device
def test_the_card_is_the_published_real_device_and_names_its_de_novo_decision(real: RealDevice) -> None:
    identity = real.identity()
    assert (identity.device_name, identity.manufacturer.name) == (real.name, real.maker)
    assert identity.fictional is False
    assert identity.status.value == "published"
    (us,) = identity.regulatory
    assert (us.jurisdiction, us.pathway, us.device_class) == ("US", "De Novo", "II")
    assert (us.identifier, us.date) == (real.de_novo, real.decided)
    assert us.source is not None and "AI-Enabled Medical Device List" in us.source
    assert "secondary source" in us.source


@each_device
def test_the_card_says_it_was_transcribed_not_issued_by_the_maker(real: RealDevice) -> None:
    transcription = real.identity().transcription
    assert transcription is not None and transcription.startswith(NOTICE)


@each_device
def test_the_device_is_listed_in_the_catalog(real: RealDevice) -> None:
    catalog = Catalog.load(CARDS)
    assert not [p for p in catalog.problems if real.device in p.path]
    row = next(r for r in catalog_rows(catalog) if r.device_id == real.device)
    assert (row.name, row.maker, row.version, row.fictional) == (real.name, real.maker, "1.0.0", False)
