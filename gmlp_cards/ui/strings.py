"""User-facing words of the patient view, per language.

To add a language, copy the `en` block under its code (e.g. `ko`) and translate the values; keep the
`{placeholders}`. A key missing from a language falls back to English, so a partial translation
still shows a complete page. Card text is never stored here: it comes from the card, in the card's
own languages.
"""

from __future__ import annotations

FALLBACK = "en"

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "ko": "한국어",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
    "zh": "中文",
}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "page_title": "{device} — for patients · GMLP Cards",
        "title": "{device}: information for patients",
        "intro": "This page explains, in plain words, a computer tool that may be used in your care.",
        "language": "Language",
        "fallback": "This information is not available in {requested}. It is shown in {shown}.",
        "fictional": "Fictional example — this is not a real medical device",
        "withdrawn": "The maker has withdrawn this version of the information.",
        "newer": "There is newer information about this tool.",
        "newer_link": "Read the newest information",
        "what_it_does": "What this tool does",
        "what_it_means": "What the result means for me",
        "benefits": "Possible benefits",
        "risks": "What can go wrong",
        "frequencies": "Out of 1,000 people like you",
        "frequencies_intro": "Think of 1,000 people who have this test:",
        "frequency_item": "**{n} out of 1,000** people {outcome}",
        "frequency_outcome": "What happens",
        "frequency_count": "People out of 1,000",
        "talk": "When to talk to your doctor or nurse",
        "report": "Tell us about a problem with this tool",
        "clinician_link": "Information for health professionals",
        "not_found_title": "Information not found",
        "catalog_link": "See all devices",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """The phrase `key` in `lang` (English when that language lacks it), with values filled in."""
    phrase = STRINGS.get(lang, {}).get(key) or STRINGS[FALLBACK][key]
    return phrase.format(**values) if values else phrase


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code) or LANGUAGE_NAMES.get(code.split("-")[0], code)
