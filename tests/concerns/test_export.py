"""Exports: stable columns, contact details only where allowed, spreadsheet-safe CSV, exact JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from concern_helpers import make_report

from gmlp_cards.concerns import Status, StoredReport
from gmlp_cards.concerns.export import COLUMNS, WITHHELD, to_csv, to_json
from gmlp_cards.concerns.stats import weekly_counts

RECEIVED = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)


def stored(n: int = 1, received: datetime = RECEIVED, **overrides: object) -> StoredReport:
    return StoredReport(
        id=n,
        receipt=f"GC-2026-{n:06d}",
        submission_id=f"sub-{n:08d}",
        received_at=received,
        report=make_report(**overrides),
        status=Status.NEW,
        status_changed_at=received,
        resolution=None,
    )


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_a_header_in_the_documented_column_order() -> None:
    assert next(csv.reader(io.StringIO(to_csv([stored()])))) == list(COLUMNS)


def test_contact_is_exported_only_with_consent() -> None:
    with_consent = stored(contact_email="a@example.org", contact_consent=True)
    rows = csv_rows(to_csv([with_consent, stored(2)]))
    assert [r["contact"] for r in rows] == ["a@example.org", ""]


def test_contact_is_withheld_when_the_reporter_asked() -> None:
    report = stored(contact_email="a@example.org", contact_consent=True, withhold_identity=True)
    assert "a@example.org" not in to_csv([report]) + to_json([report])
    assert json.loads(to_json([report]))[0]["contact"] == WITHHELD


def test_csv_defuses_cells_a_spreadsheet_would_run_as_formulas() -> None:
    rows = csv_rows(to_csv([stored(narrative='=HYPERLINK("http://evil","click me")')]))
    assert rows[0]["narrative"].startswith("'=")


def test_json_keeps_the_narrative_verbatim_including_unicode() -> None:
    narrative = '=SUM(A1) 👁️ "quoted"\nsecond line'
    assert json.loads(to_json([stored(narrative=narrative)]))[0]["narrative"] == narrative


def test_csv_quotes_newlines_and_commas_so_rows_stay_whole() -> None:
    rows = csv_rows(to_csv([stored(narrative='line one, with comma\nline two "quoted"')]))
    assert rows[0]["narrative"] == 'line one, with comma\nline two "quoted"'


def test_the_same_reports_give_the_same_export() -> None:
    reports = [stored(1), stored(2)]
    assert to_csv(reports) == to_csv(reports) and to_json(reports) == to_json(reports)


def test_weekly_counts_group_by_monday_device_and_version() -> None:
    monday = datetime(2026, 5, 18, 8, tzinfo=UTC)
    counts = weekly_counts(
        [
            stored(1, monday),
            stored(2, monday + timedelta(days=6)),
            stored(3, monday, card_version="2.0.0"),
            stored(4, monday + timedelta(days=7)),
        ]
    )
    assert [(c.week.isoformat(), c.series, c.reports) for c in counts] == [
        ("2026-05-18", "retina-screen 2.0.0", 1),
        ("2026-05-18", "retina-screen 2.1.0", 2),
        ("2026-05-25", "retina-screen 2.1.0", 1),
    ]
