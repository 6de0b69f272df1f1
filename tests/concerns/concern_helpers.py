"""Shared helpers for concern tests: valid submissions and fresh submission ids."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from gmlp_cards.concerns import ConcernReport, parse_report

TODAY = date(2026, 5, 20)
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Target:
    """Where a test's store lives: a URL and, on PostgreSQL, a schema of its own."""

    backend: str
    url: str
    schema: str | None = None


def report_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid submission as the form sends it; override any field."""
    data: dict[str, Any] = {
        "device_id": "retina-screen",
        "card_version": "2.1.0",
        "reporter_role": "clinician",
        "concern_type": "wrong_or_misleading_output",
        "harm_occurred": "no",
        "seriousness": None,
        "event_date": date(2026, 5, 1),
        "narrative": "The referral flag stayed green for an image that was clearly ungradable.",
        "contact_email": "",
        "contact_consent": False,
        "withhold_identity": False,
    }
    data.update(overrides)
    return data


def make_report(**overrides: Any) -> ConcernReport:
    """A validated ConcernReport (see report_data)."""
    return parse_report(report_data(**overrides), latest_event_date=TODAY)


def new_submission_id() -> str:
    """A fresh submission id like the form makes."""
    return uuid.uuid4().hex
