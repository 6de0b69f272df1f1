"""AppTest of /report: receipt on success, one row per submission, errors beside the fields."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apptest_helpers import FakeCatalog, app_store, fill, submit
from apptest_support import open_page

from gmlp_cards.concerns import ConcernStore
from gmlp_cards.ui import data as catalog_data
from gmlp_cards.ui.concern_store import get_store

PAGE = "report"


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConcernStore]:
    monkeypatch.setattr(catalog_data, "get_catalog", FakeCatalog)
    with app_store(tmp_path, monkeypatch) as store:
        yield store


def test_the_form_warns_not_to_enter_patient_identifiers() -> None:
    at = open_page(PAGE)
    assert any("patient names" in w.value for w in at.warning)


def test_a_valid_report_gets_a_receipt_and_one_stored_row(database: ConcernStore) -> None:
    at = submit(fill(open_page(PAGE)))
    assert database.count() == 1
    receipt = database.reports()[0].receipt
    assert any(receipt in s.value for s in at.success)
    assert any(h.value == "What happens next" for h in at.subheader)


def test_rerunning_after_success_stores_nothing_more(database: ConcernStore) -> None:
    at = submit(fill(open_page(PAGE)))
    at.run()
    at.run()
    assert database.count() == 1
    assert any(database.reports()[0].receipt in s.value for s in at.success)


def test_a_resubmission_with_the_same_submission_id_stores_one_report(
    database: ConcernStore,
) -> None:
    # Simulates a double click whose second run started before the first rotated the id.
    at = open_page(PAGE)
    token = dict(at.session_state["gc_concern_form"])
    at = submit(fill(at))
    first = database.reports()[0].receipt
    at.session_state["gc_concern_form"] = token
    del at.session_state["gc_concern_receipt"]
    del at.query_params["receipt"]  # the second run started before the first set the URL
    at = submit(fill(at.run()))
    assert database.count() == 1
    assert any(first in s.value for s in at.success)


def test_after_success_a_new_report_gets_a_new_submission_id(database: ConcernStore) -> None:
    at = submit(fill(open_page(PAGE)))
    at.button(key="gc_another").click().run()
    submit(fill(at))
    assert database.count() == 2


def test_an_invalid_report_explains_the_field_and_keeps_what_was_typed(
    database: ConcernStore,
) -> None:
    at = submit(fill(open_page(PAGE), narrative="too short", email="someone@example.org"))
    assert database.count() == 0
    errors = [e.value for e in at.error]
    assert any(e.startswith("What happened: describe what happened") for e in errors)
    assert any(e.startswith("I agree to be contacted") for e in errors)
    assert at.text_area(key="gc_narrative_0").value == "too short"
    assert at.text_input(key="gc_email_0").value == "someone@example.org"
    assert at.selectbox(key="gc_device_0").value == "retina-screen@2.1.0"


def test_the_error_is_drawn_right_below_its_field() -> None:
    at = submit(fill(open_page(PAGE), narrative="too short"))
    form = at.main.children[next(k for k, v in at.main.children.items() if v.type == "form")]
    types = [getattr(node, "type", "") for node in form.children.values()]
    labels = [getattr(node, "key", None) for node in form.children.values()]
    narrative_at = labels.index("gc_narrative_0")
    assert "error" in repr(list(form.children.values())[narrative_at + 1]).lower()
    assert "text_area" in types


def test_a_link_naming_a_device_and_version_prefills_them() -> None:
    at = open_page(PAGE, device="retina-screen", version="2.0.0")
    assert at.selectbox(key="gc_device_0").value == "retina-screen@2.0.0"


def test_a_link_naming_only_a_device_prefills_its_latest_version() -> None:
    at = open_page(PAGE, device="retina-screen")
    assert at.selectbox(key="gc_device_0").value == "retina-screen@2.1.0"


@pytest.mark.parametrize("query", [{"device": "ghost"}, {"device": "retina-screen", "version": "9.9.9"}])
def test_a_link_naming_an_unknown_device_or_version_prefills_nothing_and_says_so(
    query: dict[str, str],
) -> None:
    at = open_page(PAGE, **query)
    assert at.selectbox(key="gc_device_0").value is None
    assert any("not in the catalog" in i.value for i in at.info)


def delete_database_files(store: ConcernStore) -> None:
    database = str(store.url.database)
    for path in (database, f"{database}-wal", f"{database}-shm"):
        Path(path).unlink(missing_ok=True)


def test_after_the_database_file_is_deleted_a_report_gets_no_receipt_and_keeps_the_text(
    database: ConcernStore,
) -> None:
    at = submit(fill(open_page(PAGE)))
    at = at.button(key="gc_another").click().run()
    delete_database_files(database)
    at = submit(fill(at, narrative="Second report, typed while the database file was gone."))
    assert not at.success
    assert "gc_concern_receipt" not in at.session_state
    assert any("could not save your report" in e.value for e in at.error)
    assert at.text_area(key="gc_narrative_1").value == (
        "Second report, typed while the database file was gone."
    )


def test_after_a_restart_without_the_database_file_the_form_says_it_cannot_store(
    database: ConcernStore,
) -> None:
    submit(fill(open_page(PAGE)))
    database.close()
    get_store().close()
    get_store.clear()  # what a restart does: the next run opens the store afresh
    delete_database_files(database)
    at = open_page(PAGE)
    assert any("concern database is not reachable" in e.value for e in at.error)
    assert not at.text_area
    assert not Path(str(database.url.database)).exists()


def test_the_choice_drop_downs_offer_every_answer_in_order_with_none_chosen() -> None:
    at = open_page(PAGE)
    role = at.selectbox(key="gc_role_0")
    assert role.options == [
        "Patient",
        "Caregiver or family member",
        "Clinician (doctor, nurse, ...)",
        "Other professional (technician, IT, researcher, ...)",
        "Other",
    ]
    assert role.value is None and role.placeholder == "Choose one"
    kind = at.selectbox(key="gc_type_0")
    assert kind.options[0] == "Wrong or misleading output" and kind.options[-1] == "Other"
    assert len(kind.options) == 8 and kind.value is None
    seriousness = at.selectbox(key="gc_seriousness_0")
    assert seriousness.options[0] == "Death" and seriousness.options[-1] == "Not serious"
    assert seriousness.value is None and seriousness.placeholder == "Only if someone was harmed"


def test_the_form_says_where_else_a_serious_incident_may_be_reported() -> None:
    at = open_page(PAGE)
    [notice] = [i.value for i in at.info if "authority" in i.value]
    assert "FDA MedWatch" in notice and "MHRA Yellow Card" in notice
    assert "national competent authority" in notice


def test_the_receipt_repeats_the_authority_notice() -> None:
    at = submit(fill(open_page(PAGE)))
    assert any("MHRA Yellow Card" in i.value and "FDA MedWatch" in i.value for i in at.info)
