"""`identity.status_history`: what a card's own record of its withdrawal must hold (schema 2 only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from check_cards import make_card
from pydantic import ValidationError

from gmlp_cards.model import Status

WITHDRAWAL = {"status": "withdrawn", "date": "2026-11-26", "reason": "Misgrades some photographs."}


def card_with(status: str, *steps: dict[str, Any], schema: int = 2) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["schema_version"] = schema
        data["identity"]["status"] = status
        data["identity"]["status_history"] = list(steps)

    return make_card(edit)


def message(status: str, *steps: dict[str, Any], schema: int = 2) -> str:
    with pytest.raises(ValidationError) as raised:
        card_with(status, *steps, schema=schema)
    return str(raised.value.errors()[0]["msg"]).removeprefix("Value error, ")


def test_a_withdrawn_card_reads_its_own_withdrawal() -> None:
    step = card_with(
        "withdrawn", {"status": "published", "date": "2026-01-05"}, WITHDRAWAL
    ).identity.withdrawal
    assert step is not None
    assert (step.status, step.date, step.reason) == (
        Status.withdrawn,
        dt.date(2026, 11, 26),
        "Misgrades some photographs.",
    )


def test_a_withdrawal_needs_its_reason() -> None:
    assert message("withdrawn", {"status": "withdrawn", "date": "2026-11-26"}) == (
        "a withdrawal needs its reason; readers are shown it"
    )


def test_a_recorded_withdrawal_contradicts_a_published_status() -> None:
    assert message("published", WITHDRAWAL) == (
        "identity.status_history records a withdrawal but status is published; a withdrawn "
        "version stays withdrawn"
    )


def test_the_history_is_oldest_first() -> None:
    assert message("withdrawn", WITHDRAWAL, {"status": "published", "date": "2026-01-05"}) == (
        "identity.status_history must be oldest first (its dates go backwards)"
    )


def test_schema_1_has_no_status_history() -> None:
    assert message("withdrawn", WITHDRAWAL, schema=1) == (
        "identity.status_history is a schema 2 field; set schema_version: 2 (`gmlp-cards migrate`) "
        "to record it"
    )
