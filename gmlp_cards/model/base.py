"""Shared building blocks of the card model: the strict base class, text and version types, enums."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
)
from pydantic_core import CoreSchema

SEMVER_PATTERN = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
_SEMVER = re.compile(SEMVER_PATTERN)


class CardModel(BaseModel):
    """Strict, immutable base: unknown keys are errors so that a typo never passes silently.

    `strict`: a value must already have its type; pydantic's lax mode would read `'0.904'` (text
    in quotes) as a number, `true` as the count 1 and the text `"no"` as false, hiding what the
    maker wrote. The two exceptions are declared where they are needed: CardEnum (YAML gives the
    text of an enum member, never the member) and Date (which also takes ISO text).
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False, strict=True
    )


CURRENT_SCHEMA = 2
"""The card format written today. Schema 1 files stay readable: a published file never changes."""

_READING: ContextVar[int] = ContextVar("card_schema", default=CURRENT_SCHEMA)


def reading_schema() -> int:
    """The schema of the card being validated (ModelCard sets it); parts built alone read as current."""
    return _READING.get()


@contextmanager
def schema_of(version: int) -> Iterator[None]:
    """Validate everything inside as parts of a card in schema `version` (the few rules that differ)."""
    token = _READING.set(version)
    try:
        yield
    finally:
        _READING.reset(token)


class CardEnum(StrEnum):
    """Base of the card's enums: validated from their text, also inside strict models.

    In strict mode pydantic accepts only enum members, but a card file holds `status: published`.
    The text must still be one of the members exactly, so nothing else becomes lax.
    """

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler(source)
        schema["strict"] = False  # type: ignore[index]  # an enum schema has "strict"
        return schema

    @property
    def label(self) -> str:
        """The value in a reader's words (`site_and_time` -> `site and time`); an enum with words of
        its own (metric names, analyses, interval methods, subgroup axes) overrides it."""
        return self.value.replace("_", " ")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: object) -> object:
    # Not pydantic's lax date, which reads the number 0 as 1970-01-01 (a Unix time) and a
    # date-and-time at midnight as its day.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as error:  # 2025-02-30, 2024-13-01: the right shape, no such day
            raise ValueError(f"{value} is not a calendar date ({error}); write YYYY-MM-DD") from None
    raise ValueError("expected a date, written YYYY-MM-DD (e.g. 2025-03-01)")


Date = Annotated[dt.date, BeforeValidator(_date)]
"""A calendar date: a YAML date (2025-03-01), or that text in quotes, as importers pass it."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(text: str) -> str:
    """Refuse C0 control characters (tab and line breaks are text): YAML's `"\\a"` escapes make them,
    no screen shows them, and XML 1.0 (the CHAI export) cannot carry them at all."""
    found = _CONTROL.search(text)
    if found is not None:
        raise ValueError(
            f"contains the control character U+{ord(found.group()):04X} at character "
            f"{found.start() + 1}; remove it (an escape such as \\a in quotes writes one)"
        )
    return text


Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20_000, strip_whitespace=False),
    AfterValidator(_no_control_characters),
]
"""Free text; Markdown where the renderer says so. Never rendered as HTML."""

ShortText = Annotated[
    str, StringConstraints(min_length=1, max_length=300), AfterValidator(_no_control_characters)
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
SemVer = Annotated[str, StringConstraints(pattern=SEMVER_PATTERN)]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
HttpUrl = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
Count = Annotated[int, Field(ge=0)]
Percent = Annotated[float, Field(ge=0, le=100)]


def semver_key(version: str) -> tuple[int, int, int, int, tuple[str, ...]]:
    """Sort key for semantic versions: 1.2.0-rc.1 < 1.2.0 < 1.10.0."""
    match = _SEMVER.match(version)
    if match is None:
        raise ValueError(f"{version!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    major, minor, patch, pre = match.groups()
    # A release sorts after all of its pre-releases.
    return (int(major), int(minor), int(patch), 0 if pre else 1, tuple((pre or "").split(".")))


class Status(CardEnum):
    """Where a card version is in its life (`gmlp-cards publish` and `withdraw` move it on)."""

    draft = "draft"
    """Being written: left out of the public catalog (the publishing page and `preview` show it)."""
    published = "published"
    """Released to readers; the file never changes again (the lock holds its hash)."""
    withdrawn = "withdrawn"
    """No longer to be relied on: still readable, under a withdrawn banner that gives its reason."""


class Severity(CardEnum):
    """How much a limitation, failure mode or warning matters to a patient; warnings are shown
    most severe first."""

    low = "low"
    moderate = "moderate"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class SubgroupDimension(CardEnum):
    """Axes along which performance and data are broken down."""

    sex = "sex"
    age_band = "age_band"
    race = "race"
    ethnicity = "ethnicity"
    site = "site"
    site_type = "site_type"
    acquisition_device = "acquisition_device"
    disease_severity = "disease_severity"
    geography = "geography"
    setting = "setting"
    comorbidity = "comorbidity"
    cohort = "cohort"
    study_arm = "study_arm"
    skin_type = "skin_type"
    lesion_type = "lesion_type"
    body_site = "body_site"
    image_quality = "image_quality"
    view = "view"
    surgical_history = "surgical_history"
    other = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()
