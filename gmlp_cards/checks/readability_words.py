"""Plain words in patient text: clinical abbreviations and rare words, which a grade formula misses.

A Flesch-Kincaid grade counts syllables and sentence length, so "moderate NPDR (ETDRS 35 to 47)"
scores as easy (issue 15). Two lists catch what it cannot: abbreviations (any word in capitals, and
the clinical ones below however written), and rare words by their frequency in everyday text,
from the `wordfreq` library (its word lists ship inside the package: nothing is fetched at run
time). The device's and maker's own names are not words a patient must know, so they pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

RARE_ZIPF = 3.0
"""Zipf frequency below which a word counts as rare: fewer than once in a million words of everyday
text (wordfreq's scale: "the" is 7.7, "diabetes" 4.2, "retina" 3.4, "retinopathy" 2.5)."""

CLINICAL_ABBREVIATIONS = frozenset(
    {
        "auc", "auroc", "bmi", "ci", "cxr", "ct", "dme", "ecg", "ehr", "etdrs", "fda",
        "fn", "fp", "icu", "ml", "mri", "npdr", "npv", "oct", "pdr", "ppv", "roc", "sd", "tn", "tp",
    }
)  # fmt: skip
"""Clinical and statistical abbreviations seen in model cards, flagged in any case ("Ct", "ppv")."""

PLAIN_CAPITALS = frozenset({"AI", "OK", "TV", "UK", "US", "EU", "I"})
"""Words in capitals that everyone reads as words."""

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_MIN_RARE_LENGTH = 4  # shorter words are names, interjections or tokenisation scraps, not jargon


@dataclass(frozen=True)
class HardWord:
    word: str
    why: str  # "abbreviation" or "rare"


@cache
def _wordfreq() -> object:
    import wordfreq  # about 0.3 s to load its lists: only when patient text is checked

    return wordfreq


NEEDS_TOKENIZER = frozenset({"ja", "ko", "zh"})
"""Languages whose words wordfreq finds only with MeCab or jieba (wordfreq's extras, not installed):
their text keeps the "not scored" note and a native speaker's review."""


def supported(language: str) -> bool:
    """True when wordfreq has a word list for the language and splits it into words by itself."""
    base = language.split("-")[0]
    return base not in NEEDS_TOKENIZER and base in _wordfreq().available_languages()  # type: ignore[attr-defined]


def _zipf(word: str, language: str) -> float:
    zipf = _wordfreq().zipf_frequency  # type: ignore[attr-defined]
    found = float(zipf(word, language))
    if language == "en" and word.endswith("s"):  # "growths" is rare only as a plural
        found = max(found, float(zipf(word[:-1], language)))
    return found


def hard_words(text: str, language: str = "en", names: Iterable[str] = ()) -> list[HardWord]:
    """Abbreviations and rare words of `text`, each once, in order of first use."""
    base = language.split("-")[0]
    known = {part.lower() for name in names for part in _WORD.findall(name)}
    found: dict[str, HardWord] = {}
    for word in _WORD.findall(text):
        lower = word.lower()
        if lower in known or lower in found:
            continue
        capitals = len(word) >= 2 and word.isupper() and word not in PLAIN_CAPITALS
        if capitals or (base == "en" and lower in CLINICAL_ABBREVIATIONS):
            found[lower] = HardWord(word, "abbreviation")
        elif len(word) >= _MIN_RARE_LENGTH and _zipf(lower, base) < RARE_ZIPF:
            found[lower] = HardWord(word, "rare")
    return list(found.values())


def hard_words_sentence(words: list[HardWord]) -> str:
    """The finding's message: which words, and why each is hard."""
    abbreviations = [w.word for w in words if w.why == "abbreviation"]
    rare = [w.word for w in words if w.why == "rare"]
    parts = []
    if abbreviations:
        parts.append("abbreviations " + ", ".join(f"'{w}'" for w in abbreviations))
    if rare:
        parts.append("rare words " + ", ".join(f"'{w}'" for w in rare))
    return (
        f"Uses {' and '.join(parts)} (rare: fewer than once in a million everyday words). "
        "Spell them out or use everyday words."
    )
