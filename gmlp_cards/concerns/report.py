"""The concern report a reader submits: fields, limits and validation (after FDA MedWatch 3500)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

NARRATIVE_MIN = 10
NARRATIVE_MAX = 5000
EMAIL_MAX = 254
EARLIEST_EVENT = date(2000, 1, 1)
# The server cannot know the reporter's time zone; no place on Earth is more than 14 hours
# ahead of UTC, so "today" for some reporter may be UTC tomorrow.
_MAX_UTC_OFFSET = timedelta(hours=14)


class ReporterRole(StrEnum):
    """Who is reporting (MedWatch section E, occupation)."""

    PATIENT = "patient"
    CAREGIVER = "caregiver"
    CLINICIAN = "clinician"
    OTHER_PROFESSIONAL = "other_professional"
    OTHER = "other"


class ConcernType(StrEnum):
    """What kind of problem the reporter saw, in software-device terms."""

    WRONG_OUTPUT = "wrong_or_misleading_output"
    MALFUNCTION = "malfunction_or_unavailable"
    BAD_INPUT_ACCEPTED = "input_accepted_that_should_not_be"
    USABILITY = "hard_to_use_or_understand"
    CARD_UNCLEAR = "card_information_unclear_or_wrong"
    POSSIBLE_HARM = "possible_harm"
    SECURITY_PRIVACY = "security_or_privacy"
    OTHER = "other"


class HarmOccurred(StrEnum):
    """Whether the reporter believes a person was harmed: their belief, not the manufacturer's
    finding (UNKNOWN when they cannot tell)."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Seriousness(StrEnum):
    """Outcome of the harm, after MedWatch section B.2 ("serious" outcomes, then non-serious)."""

    DEATH = "death"
    LIFE_THREATENING = "life_threatening"
    HOSPITALIZATION = "hospitalization"
    DISABILITY = "disability_or_permanent_damage"
    INTERVENTION = "required_intervention"
    OTHER_SERIOUS = "other_serious"
    NOT_SERIOUS = "not_serious"


SERIOUS = frozenset(Seriousness) - {Seriousness.NOT_SERIOUS}

# Allowed layout characters; every other control (NUL, ESC, C1...) and lone surrogates are
# refused because databases and terminals treat them specially (PostgreSQL rejects NUL).
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_VERSION_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+-]{0,63}")
# The form offers both from the catalog, so a value of another shape was not chosen there.
_CHOSEN_SHAPES: dict[str | None, tuple[re.Pattern[str], str]] = {
    "device_id": (_ID_RE, "choose a device from the list"),
    "card_version": (_VERSION_RE, "choose a card version from the list"),
}
# Pragmatic address check (no deliverability lookup): one @, a dotted domain, no spaces.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL_RE = re.compile(rf"[!-?A-~]{{1,64}}@{_LABEL}(?:\.{_LABEL})+")


def latest_allowed_event_date(now: datetime | None = None) -> date:
    """The latest event date any reporter can truthfully give at `now` (UTC)."""
    now = now or datetime.now(UTC)
    return (now.astimezone(UTC) + _MAX_UTC_OFFSET).date()


def _refuse_controls(text: str) -> str:
    for ch in text:
        category = unicodedata.category(ch)
        if (category == "Cc" and ch not in _ALLOWED_CONTROLS) or category == "Cs":
            raise ValueError(f"contains an invisible control character (U+{ord(ch):04X}); remove it")
    return text


class ConcernReport(BaseModel):
    """A concern about one published card version, as submitted by a reader."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    device_id: Annotated[str, Field(description="Catalog id of the device the concern is about.")]
    card_version: Annotated[
        str, Field(description="Version of the device's model card the reporter was using.")
    ]
    reporter_role: ReporterRole = Field(description="Who is reporting.")
    concern_type: ConcernType = Field(description="What kind of problem was seen.")
    harm_occurred: HarmOccurred = Field(description="Whether the reporter believes a person was harmed.")
    seriousness: Seriousness | None = Field(
        default=None,
        description="Outcome of the harm; required when harm occurred, empty otherwise.",
    )
    event_date: date | None = Field(
        default=None,
        description="When the problem happened, if known; never in the future.",
    )
    narrative: str = Field(
        description=(
            f"What happened, in the reporter's words ({NARRATIVE_MIN}-{NARRATIVE_MAX} "
            "characters); must not contain patient names or record numbers."
        ),
    )
    contact_email: str | None = Field(
        default=None,
        description="Address for follow-up questions; stored only with contact consent.",
    )
    contact_consent: bool = Field(
        default=False,
        description="The reporter agrees to be contacted at contact_email about this report.",
    )
    withhold_identity: bool = Field(
        default=False,
        description="Do not share the reporter's identity (contact details) with the manufacturer.",
    )

    @field_validator("device_id", "card_version")
    @classmethod
    def _chosen_from_the_list(cls, value: str, info: ValidationInfo) -> str:
        pattern, problem = _CHOSEN_SHAPES[info.field_name]
        if not pattern.fullmatch(value):
            raise ValueError(problem)
        return value

    @field_validator("narrative")
    @classmethod
    def _narrative_bounds(cls, value: str) -> str:
        _refuse_controls(value)
        visible = len(value.strip())
        if visible < NARRATIVE_MIN:
            raise ValueError(f"describe what happened in at least {NARRATIVE_MIN} characters")
        if len(value) > NARRATIVE_MAX:
            raise ValueError(f"is {len(value)} characters long; shorten it to {NARRATIVE_MAX} or fewer")
        return value

    @field_validator("contact_email", mode="before")
    @classmethod
    def _blank_email_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("contact_email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if len(value) > EMAIL_MAX:
            raise ValueError(f"is longer than {EMAIL_MAX} characters")
        if not _EMAIL_RE.fullmatch(value):
            raise ValueError("is not an email address (expected name@example.org)")
        return value

    @field_validator("event_date")
    @classmethod
    def _event_date_range(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is None:
            return None
        context = info.context or {}
        latest = context.get("latest_event_date") or latest_allowed_event_date()
        if value > latest:
            raise ValueError("is in the future; give the date the problem happened")
        if value < EARLIEST_EVENT:
            raise ValueError(f"is before {EARLIEST_EVENT.isoformat()}; check the year")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Self:
        known = (info.context or {}).get("known_versions")
        problems = cross_field_problems(self.model_dump(), known)
        if problems:
            field, message = next(iter(problems.items()))
            raise _FieldProblem(field, message)
        return self


class _FieldProblem(ValueError):
    """A cross-field problem attributed to one field (see `field_errors`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ReportInvalid(ValueError):
    """A submission was refused; `problems` maps each field name to what to fix."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = dict(problems)


def cross_field_problems(
    values: Mapping[str, Any], known_versions: Mapping[str, Sequence[str]] | None = None
) -> dict[str, str]:
    """Problems that involve more than one field, checked on loosely typed values."""
    problems: dict[str, str] = {}
    harm = str(values.get("harm_occurred") or "")
    seriousness = values.get("seriousness")
    if harm == HarmOccurred.YES and not seriousness:
        problems["seriousness"] = "say how serious the harm was"
    elif harm in (HarmOccurred.NO, HarmOccurred.UNKNOWN) and seriousness:
        problems["seriousness"] = "leave empty unless harm occurred (or answer 'yes' above)"
    email = values.get("contact_email")
    has_email = isinstance(email, str) and bool(email.strip())
    consent = values.get("contact_consent") is True
    if has_email and not consent:
        problems["contact_consent"] = "tick to agree to be contacted, or leave the email empty"
    if consent and not has_email:
        problems["contact_email"] = "give an address so we can contact you"
    if known_versions is not None:
        device, version = values.get("device_id"), values.get("card_version")
        if not isinstance(device, str) or device not in known_versions:
            problems["device_id"] = "is not a device in the catalog; choose one from the list"
        elif version not in known_versions[device]:
            problems["card_version"] = "is not a published card version of this device"
    return problems


def parse_report(
    data: Mapping[str, Any],
    *,
    known_versions: Mapping[str, Sequence[str]] | None = None,
    latest_event_date: date | None = None,
) -> ConcernReport:
    """Validate a submission, raising ReportInvalid with every problem found (not the first)."""
    from pydantic import ValidationError

    context = {"known_versions": known_versions, "latest_event_date": latest_event_date}
    try:
        return ConcernReport.model_validate(dict(data), context=context)
    except ValidationError as error:
        problems = field_errors(error)
    for field, message in cross_field_problems(data, known_versions).items():
        problems.setdefault(field, message)
    raise ReportInvalid(problems) from None


def field_errors(error: Exception) -> dict[str, str]:
    """Map a pydantic ValidationError from ConcernReport to {field name: readable message}."""
    from pydantic import ValidationError

    result: dict[str, str] = {}
    if not isinstance(error, ValidationError):
        return result
    for item in error.errors():
        ctx_error = (item.get("ctx") or {}).get("error")
        if isinstance(ctx_error, _FieldProblem):
            field, message = ctx_error.field, ctx_error.message
        else:
            field = str(item["loc"][0]) if item["loc"] else "form"
            message = _friendly(item)
        result.setdefault(field, message)
    return result


def _friendly(item: Mapping[str, Any]) -> str:
    kind = item.get("type", "")
    if kind == "missing":
        return "is required"
    if kind in ("enum", "literal_error"):
        return "choose one of the options"
    if kind.startswith("date"):
        return "is not a valid date (YYYY-MM-DD)"
    message = str(item.get("msg", "is not valid"))
    return message.removeprefix("Value error, ")
