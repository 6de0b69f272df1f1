"""Patient-text translations that say less than the original or quote other numbers.

Which language to show is the patient view's job (gmlp_cards.evidence.patient_facts.choose_language).
"""

from __future__ import annotations

from gmlp_cards.checks.finding import Finding, Level
from gmlp_cards.model import ModelCard, PatientText

_LISTS = ("benefits", "risks", "talk_to_clinician", "natural_frequencies")


def _frequencies(text: PatientText) -> list[int]:
    return [f.per_1000 for f in text.natural_frequencies]


def languages_findings(card: ModelCard) -> list[Finding]:
    """A translation must say as much as the original and quote the same numbers."""
    info = card.patient
    original = info.texts[info.default_language]
    findings: list[Finding] = []
    for language in sorted(info.texts):
        if language == info.default_language:
            continue
        text = info.texts[language]
        for field in _LISTS:
            mine, theirs = len(getattr(text, field)), len(getattr(original, field))
            if mine != theirs:
                findings.append(
                    Finding(
                        "languages.items-differ",
                        Level.warning,
                        ("patient", "texts", language, field),
                        f"The {language!r} text lists {mine} {field.replace('_', ' ')} items, the "
                        f"{info.default_language!r} original {theirs}: a translation may have lost or "
                        "added one.",
                    )
                )
        if len(text.natural_frequencies) == len(original.natural_frequencies) and _frequencies(
            text
        ) != _frequencies(original):
            findings.append(
                Finding(
                    "languages.numbers-differ",
                    Level.warning,
                    ("patient", "texts", language, "natural_frequencies"),
                    f"The {language!r} text gives {_frequencies(text)} per 1,000 where the original gives "
                    f"{_frequencies(original)}: patients must read the same numbers in every language.",
                )
            )
    return findings
