"""Bad input: every field's limits give a readable message or are stored verbatim, nothing else."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from concern_helpers import TODAY, make_report, new_submission_id, report_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gmlp_cards.concerns import ConcernReport, ConcernStore, ReportInvalid, parse_report
from gmlp_cards.concerns.report import (
    NARRATIVE_MAX,
    NARRATIVE_MIN,
    latest_allowed_event_date,
)

KNOWN = {"retina-screen": ("2.0.0", "2.1.0")}
SQL_FRAGMENTS = [
    "'; DROP TABLE concern_reports; --",
    "1' OR '1'='1",
    '" ; DELETE FROM concern_history WHERE 1=1; --',
    "Robert'); DROP TABLE students;--",
]


def problems_for(**overrides: object) -> dict[str, str]:
    with pytest.raises(ReportInvalid) as caught:
        parse_report(report_data(**overrides), known_versions=KNOWN, latest_event_date=TODAY)
    return caught.value.problems


def test_a_complete_report_is_accepted() -> None:
    assert parse_report(report_data(), known_versions=KNOWN, latest_event_date=TODAY)


def test_every_field_is_documented() -> None:
    assert all(f.description for f in ConcernReport.model_fields.values())


def test_unknown_fields_are_refused() -> None:
    assert "surprise" in problems_for(surprise="x")


@pytest.mark.parametrize(
    "field",
    ["device_id", "card_version", "reporter_role", "concern_type", "harm_occurred", "narrative"],
)
def test_required_fields_left_empty_are_named(field: str) -> None:
    assert field in problems_for(**{field: None})


def test_all_problems_are_reported_at_once_not_the_first() -> None:
    problems = problems_for(narrative="", reporter_role=None, contact_email="nope", harm_occurred="yes")
    assert {"narrative", "reporter_role", "contact_email", "seriousness"} <= problems.keys()


def test_a_device_missing_from_the_catalog_is_refused() -> None:
    assert "not a device in the catalog" in problems_for(device_id="ghost-device")["device_id"]


def test_a_version_missing_from_the_catalog_is_refused() -> None:
    assert "not a published card version" in problems_for(card_version="9.9.9")["card_version"]


@pytest.mark.parametrize("role", ["doctor", "", "PATIENT", 3])
def test_an_unlisted_reporter_role_is_refused(role: object) -> None:
    assert problems_for(reporter_role=role)["reporter_role"] == "choose one of the options"


def test_an_unlisted_concern_type_is_refused() -> None:
    assert "concern_type" in problems_for(concern_type="bug")


def test_harm_needs_a_seriousness() -> None:
    assert problems_for(harm_occurred="yes")["seriousness"] == "say how serious the harm was"


def test_seriousness_without_harm_is_refused() -> None:
    assert "seriousness" in problems_for(harm_occurred="no", seriousness="death")


def test_an_event_date_in_the_future_is_refused() -> None:
    message = problems_for(event_date=TODAY + timedelta(days=1))["event_date"]
    assert "in the future" in message


def test_today_is_an_acceptable_event_date() -> None:
    parse_report(report_data(event_date=TODAY), latest_event_date=TODAY)


def test_the_latest_event_date_allows_for_time_zones_ahead_of_utc() -> None:
    from datetime import UTC, datetime

    late_evening = datetime(2026, 5, 20, 22, 0, tzinfo=UTC)
    assert latest_allowed_event_date(late_evening) == date(2026, 5, 21)


def test_an_implausibly_old_event_date_is_refused() -> None:
    assert "check the year" in problems_for(event_date=date(1999, 12, 31))["event_date"]


def test_a_malformed_event_date_is_refused() -> None:
    assert "valid date" in problems_for(event_date="2026-13-45")["event_date"]


def test_the_event_date_is_optional() -> None:
    assert parse_report(report_data(event_date=None)).event_date is None


@pytest.mark.parametrize("narrative", ["", "   ", "\n\n\t", "too short"])
def test_an_empty_or_too_short_narrative_is_refused(narrative: str) -> None:
    assert f"at least {NARRATIVE_MIN}" in problems_for(narrative=narrative)["narrative"]


def test_a_narrative_longer_than_the_limit_is_refused_with_its_length() -> None:
    message = problems_for(narrative="x" * (NARRATIVE_MAX + 1))["narrative"]
    assert f"{NARRATIVE_MAX + 1} characters" in message and str(NARRATIVE_MAX) in message


def test_a_narrative_at_the_limit_is_accepted() -> None:
    assert make_report(narrative="x" * NARRATIVE_MAX)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\ud800"])
def test_control_characters_and_lone_surrogates_are_refused(char: str) -> None:
    message = problems_for(narrative=f"The output was {char} wrong today.")["narrative"]
    assert "control character" in message


@pytest.mark.parametrize(
    "email",
    [
        "not-an-email",
        "a@b",
        "a b@example.org",
        "a@@example.org",
        "@example.org",
        "a@example..org",
        "ä@example.org",
        "a@example.org\x00",
        "x" * 250 + "@ex.org",
    ],
)
def test_a_bad_email_is_refused(email: str) -> None:
    assert "contact_email" in problems_for(contact_email=email, contact_consent=True)


def test_an_email_needs_explicit_consent() -> None:
    problems = problems_for(contact_email="a@example.org", contact_consent=False)
    assert "tick to agree" in problems["contact_consent"]


def test_consent_without_an_email_asks_for_one() -> None:
    assert "give an address" in problems_for(contact_consent=True)["contact_email"]


def test_a_blank_email_counts_as_none() -> None:
    assert make_report(contact_email="   ").contact_email is None


@pytest.mark.parametrize("value", ["../../etc/passwd", "retina screen", "", "x" * 101])
def test_a_device_id_outside_the_id_shape_is_refused(value: str) -> None:
    assert "device_id" in problems_for(device_id=value)


def test_emoji_and_four_byte_characters_are_stored_verbatim(store: ConcernStore) -> None:
    narrative = "Output 👁️‍🗨️ flagged 𝔑𝔬 referral; patient 🧑🏽‍⚕️ confused. 中文 Ελληνικά"
    receipt = store.submit(make_report(narrative=narrative), new_submission_id())
    stored = store.get(receipt.number)
    assert stored is not None and stored.report.narrative == narrative


@pytest.mark.parametrize("fragment", SQL_FRAGMENTS)
def test_sql_fragments_are_stored_verbatim(store: ConcernStore, fragment: str) -> None:
    narrative = f"Text with SQL inside: {fragment}"
    receipt = store.submit(make_report(narrative=narrative), new_submission_id())
    stored = store.get(receipt.number)
    assert stored is not None and stored.report.narrative == narrative
    assert store.count() == 1


def test_markup_is_stored_verbatim_not_interpreted(store: ConcernStore) -> None:
    narrative = "<script>alert(1)</script> **bold** [link](javascript:alert(1))"
    stored = store.get(store.submit(make_report(narrative=narrative), new_submission_id()).number)
    assert stored is not None and stored.report.narrative == narrative


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(narrative=st.text(max_size=NARRATIVE_MAX + 20), email=st.one_of(st.none(), st.text(max_size=300)))
def test_any_text_is_refused_with_a_message_or_stored_verbatim(
    store: ConcernStore, narrative: str, email: str | None
) -> None:
    data = report_data(narrative=narrative, contact_email=email, contact_consent=bool(email))
    try:
        report = parse_report(data, latest_event_date=TODAY)
    except ReportInvalid as invalid:
        assert invalid.problems and all(isinstance(m, str) and m for m in invalid.problems.values())
        return
    stored = store.get(store.submit(report, uuid.uuid4().hex).number)
    assert stored is not None
    assert stored.report.narrative == narrative
    assert stored.report.contact_email == report.contact_email


@settings(max_examples=200, deadline=None)
@given(
    data=st.dictionaries(
        st.sampled_from([*ConcernReport.model_fields, "extra"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(max_size=40),
            st.dates(),
            st.lists(st.text(max_size=3), max_size=2),
        ),
    )
)
def test_any_mapping_gives_a_report_or_a_readable_refusal(data: dict[str, object]) -> None:
    try:
        parse_report(data, known_versions=KNOWN)
    except ReportInvalid as invalid:
        assert all(isinstance(m, str) and m for m in invalid.problems.values())


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("device_id", "../etc", "choose a device from the list"),
        ("device_id", "", "choose a device from the list"),
        ("card_version", "2.0.0; rm", "choose a card version from the list"),
        ("card_version", "-1", "choose a card version from the list"),
    ],
)
def test_a_malformed_device_or_version_asks_to_choose_from_the_list(
    field: str, value: str, message: str
) -> None:
    assert message in problems_for(**{field: value})[field]
