"""What the patient view shows: which language, and the natural frequencies as rows. No Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gmlp_cards.model import PatientInformation, PatientText


@dataclass(frozen=True)
class Language:
    """The language shown, and whether the reader asked for one the card does not have."""

    shown: str
    requested: str | None
    fell_back: bool = False


def languages(info: PatientInformation) -> list[str]:
    """The card's languages, its default first, then the rest in code order (stable)."""
    return [info.default_language, *sorted(code for code in info.texts if code != info.default_language)]


def choose_language(info: PatientInformation, requested: str | None) -> Language:
    """The requested language when the card has it (`ko-KR` finds `ko`), else the card's default."""
    if requested:
        for candidate in (requested, requested.split("-")[0]):
            if candidate in info.texts:
                return Language(candidate, requested)
    return Language(info.default_language, requested, fell_back=bool(requested))


def frequencies_table(text: PatientText, outcome: str, count: str, total: int = 1000) -> pd.DataFrame:
    """Natural frequencies as a table with the given (translated) column names, out of `total`
    people: 1,000 as the card states them, or 100 when the page's figures are all whole per 100."""
    return pd.DataFrame(
        [{outcome: f.outcome, count: f.per_1000 * total // 1000} for f in text.natural_frequencies],
        columns=[outcome, count],
    )
