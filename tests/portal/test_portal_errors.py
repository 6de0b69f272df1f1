"""An unexpected error on a page: the reader gets an apology and an error id, the log the traceback."""

from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path

import pytest
from apptest_support import open_page
from apptest_tools import TEXT_ELEMENTS
from streamlit.config import ShowErrorDetailsConfigOptions
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "database password is hunter2 in /srv/portal/settings.py"
ERROR_ID = re.compile(r"error id `([0-9a-f]{12})`")


def _broken(*args: object, **kwargs: object) -> int:
    raise RuntimeError(SECRET)


@pytest.fixture
def broken_catalog_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog page counts hidden files with listing.hidden_file_count (once per change of the card
    files; tests/conftest.py clears the caches around every test); make it fail."""
    monkeypatch.setattr("gmlp_cards.cards.listing.hidden_file_count", _broken)


def everything_shown(at: AppTest) -> str:
    kinds = (*TEXT_ELEMENTS, "code", "text", "exception")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def test_an_error_on_a_page_shows_an_apology_with_an_error_id(broken_catalog_page: None) -> None:
    at = open_page("catalog")  # open_page fails on any exception that reached Streamlit
    assert len(at.error) == 1
    message = str(at.error[0].value)
    assert message.startswith("Sorry, this page could not be shown because of an error on our side.")
    assert ERROR_ID.search(message)


def test_an_error_on_a_page_shows_no_traceback_and_no_error_text(broken_catalog_page: None) -> None:
    shown = everything_shown(open_page("catalog"))
    assert "Traceback" not in shown and "RuntimeError" not in shown and "hunter2" not in shown


def test_the_log_has_the_traceback_under_the_id_the_reader_sees(
    broken_catalog_page: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="gmlp_cards.pages"):
        at = open_page("catalog")
    match = ERROR_ID.search(str(at.error[0].value))
    assert match is not None
    records = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert len(records) == 1
    assert records[0].exc_info is not None and records[0].exc_info[0] is RuntimeError
    assert "Traceback" in caplog.text and SECRET in caplog.text


def test_two_errors_get_two_ids(broken_catalog_page: None) -> None:
    ids = {
        ERROR_ID.search(str(open_page("catalog").error[0].value)).group(1)  # type: ignore[union-attr]
        for _ in range(2)
    }
    assert len(ids) == 2


def test_st_stop_still_ends_a_page_without_an_apology() -> None:
    at = open_page("device", device="no-such-device")  # the page shows "not found", then st.stop()
    assert [str(i.value) for i in at.info] == ["We have no published card for the device “no-such-device”."]
    assert not at.error


def test_readers_are_never_shown_error_details_by_streamlit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = config["client"]["showErrorDetails"]
    assert value == ShowErrorDetailsConfigOptions.NONE == "none"
