"""The concern form: renders the fields, explains problems beside them, shows the receipt."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

import streamlit as st

from gmlp_cards.concerns import STORE_ERRORS, ConcernStore, ReportInvalid, parse_report
from gmlp_cards.concerns import labels as wording
from gmlp_cards.concerns.report import (
    EARLIEST_EVENT,
    NARRATIVE_MAX,
    ConcernType,
    HarmOccurred,
    ReporterRole,
    Seriousness,
    latest_allowed_event_date,
)
from gmlp_cards.ui import concern_form_guard as guard
from gmlp_cards.ui.concern_status import forget, issue_secret, render_status_lookup, show_secret
from gmlp_cards.ui.concern_store import explain_unavailable

_STATE = "gc_concern_form"  # {"gen": int, "submission_id": str}
_RECEIPT = "gc_concern_receipt"
_PAIR_SEP = "@"
_Choice = TypeVar("_Choice", ReporterRole, ConcernType, Seriousness)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceOption:
    """A device the form offers, with its published card versions (ascending)."""

    device_id: str
    name: str
    versions: tuple[str, ...]


class CatalogLike(Protocol):
    """The part of gmlp_cards.cards.catalog.Catalog the form needs."""

    def device_ids(self) -> list[str]: ...
    def versions(self, device_id: str) -> list[str]: ...
    def device_name(self, device_id: str) -> str | None: ...


def device_options(catalog: CatalogLike) -> list[DeviceOption]:
    """Devices with at least one published version, as the form offers them."""
    options = []
    for device_id in catalog.device_ids():
        versions = tuple(catalog.versions(device_id))
        if not versions:
            continue
        # The name comes from the catalog's summaries: parsing every device's card to fill a
        # select box costs a minute at a thousand devices.
        name = catalog.device_name(device_id) or device_id
        options.append(DeviceOption(device_id, name, versions))
    return options


def _form_state() -> dict[str, Any]:
    if _STATE not in st.session_state:
        st.session_state[_STATE] = {"gen": 0, "submission_id": uuid.uuid4().hex}
    return st.session_state[_STATE]


def _rotate() -> None:
    # New widget keys empty the form; a new submission id makes the next report a new one.
    # Both change in one assignment so a rerun sees either the old pair or the new one.
    state = _form_state()
    st.session_state[_STATE] = {"gen": state["gen"] + 1, "submission_id": uuid.uuid4().hex}


def prefill(
    options: Sequence[DeviceOption], device: str | None, version: str | None
) -> tuple[str | None, bool]:
    """The device@version to preselect from the link, and whether the link named an unknown one."""
    if not device:
        return None, False
    match = next((o for o in options if o.device_id == device), None)
    if match is None:
        return None, True
    if not version:
        return f"{device}{_PAIR_SEP}{match.versions[-1]}", False
    if version not in match.versions:
        return None, True
    return f"{device}{_PAIR_SEP}{version}", False


def render_concern_form(
    store: ConcernStore,
    options: Sequence[DeviceOption],
    *,
    device: str | None = None,
    version: str | None = None,
    today: date | None = None,
    lookup: str | None = None,
) -> None:
    """Draw the form, the receipt of the report just stored, or the status lookup of `lookup`."""
    st.title("Report a concern")
    receipt = st.session_state.get(_RECEIPT)
    if receipt:
        _render_receipt(store, receipt, options)
        return
    if lookup:  # a receipt in the URL (a reload, or a bookmark): its status, behind the secret
        render_status_lookup(store, lookup)
        return
    st.warning(wording.PRIVACY_WARNING, icon=":material/warning:")
    st.caption(wording.URGENT_WARNING)
    st.info(wording.AUTHORITY_NOTICE)  # not a caption: its links need the full text contrast
    if not options:
        st.error("No published model cards are available, so there is nothing to report on yet.")
        return
    selected, unknown = prefill(options, device, version)
    if unknown:
        st.info(
            "The link named a device or card version that is not in the catalog, so nothing "
            "was filled in. Please choose the device and version below."
        )
    _render_fields(store, options, selected, today)


def _choose(
    field: str,
    labels: Mapping[_Choice, str],
    key: str,
    slots: dict[str, Any],
    placeholder: str = "Choose one",
) -> _Choice | None:
    """A drop-down of `labels`' keys, in their order, with nothing chosen yet, and the slot below it
    where a problem with `field` is explained."""
    choice = st.selectbox(
        wording.FIELD_LABELS[field],
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        placeholder=placeholder,
        key=key,
    )
    slots[field] = st.empty()
    return choice


def _render_fields(
    store: ConcernStore, options: Sequence[DeviceOption], selected: str | None, today: date | None
) -> None:
    state = _form_state()
    gen = state["gen"]
    names = {o.device_id: o.name for o in options}
    pairs = [f"{o.device_id}{_PAIR_SEP}{v}" for o in options for v in reversed(o.versions)]
    latest = latest_allowed_event_date() if today is None else today
    slots: dict[str, Any] = {}

    def pair_label(pair: str) -> str:
        device_id, _, version = pair.partition(_PAIR_SEP)
        return f"{names[device_id]} — card version {version} ({device_id})"

    with st.form(f"concern_form_{gen}", clear_on_submit=False, enter_to_submit=False):
        pair = st.selectbox(
            wording.FIELD_LABELS["device"],
            pairs,
            index=pairs.index(selected) if selected else None,
            format_func=pair_label,
            placeholder="Choose a device",
            key=f"gc_device_{gen}",
        )
        slots["device_id"] = st.empty()
        slots["card_version"] = st.empty()
        role = _choose("reporter_role", wording.ROLE_LABELS, f"gc_role_{gen}", slots)
        kind = _choose("concern_type", wording.TYPE_LABELS, f"gc_type_{gen}", slots)
        harm = st.radio(
            wording.FIELD_LABELS["harm_occurred"],
            list(HarmOccurred),
            index=None,
            horizontal=True,
            format_func=wording.HARM_LABELS.__getitem__,
            key=f"gc_harm_{gen}",
        )
        slots["harm_occurred"] = st.empty()
        seriousness = _choose(
            "seriousness",
            wording.SERIOUSNESS_LABELS,
            f"gc_seriousness_{gen}",
            slots,
            placeholder="Only if someone was harmed",
        )
        event_date = st.date_input(
            wording.FIELD_LABELS["event_date"],
            value=None,
            min_value=EARLIEST_EVENT,
            max_value=latest,
            format="YYYY-MM-DD",
            key=f"gc_date_{gen}",
        )
        slots["event_date"] = st.empty()
        narrative = st.text_area(
            wording.FIELD_LABELS["narrative"],
            max_chars=NARRATIVE_MAX,
            height=200,
            help="What you expected, what the device did, and what happened next. "
            "No patient names or record numbers.",
            key=f"gc_narrative_{gen}",
        )
        slots["narrative"] = st.empty()
        email = st.text_input(wording.FIELD_LABELS["contact_email"], max_chars=254, key=f"gc_email_{gen}")
        slots["contact_email"] = st.empty()
        consent = st.checkbox(wording.FIELD_LABELS["contact_consent"], key=f"gc_consent_{gen}")
        slots["contact_consent"] = st.empty()
        withhold = st.checkbox(
            wording.FIELD_LABELS["withhold_identity"],
            help=wording.WITHHOLD_HELP,
            key=f"gc_withhold_{gen}",
        )
        slots["withhold_identity"] = st.empty()
        honeypot = guard.render_honeypot(gen)
        submitted = st.form_submit_button("Send report", type="primary", key=f"gc_submit_{gen}")
        summary = st.empty()

    if not submitted:
        return
    device_id, _, version = (pair or "").partition(_PAIR_SEP)
    data = {
        "device_id": device_id,
        "card_version": version,
        "reporter_role": role,
        "concern_type": kind,
        "harm_occurred": harm,
        "seriousness": seriousness,
        "event_date": event_date,
        "narrative": narrative,
        "contact_email": email,
        "contact_consent": consent,
        "withhold_identity": withhold,
    }
    if guard.caught_by_honeypot(honeypot, device_id):
        # Never a receipt for what was not stored, and no hint of why to whoever filled the field.
        summary.error(wording.NOT_ACCEPTED)
        return
    known = {o.device_id: o.versions for o in options}
    try:
        report = parse_report(data, known_versions=known, latest_event_date=latest)
    except ReportInvalid as invalid:
        _show_problems(invalid.problems, slots, summary)
        return
    try:
        # Counted only once the report is valid: a typo corrected and sent again costs nothing.
        limit, admission = guard.admit(store)
        if not admission.allowed:
            summary.error(guard.refusal(limit, admission, store))
            return
        try:
            receipt = store.submit(report, state["submission_id"])
        except STORE_ERRORS:
            limit.release(admission)  # nothing stored, so nothing counted
            raise
        if not receipt.created:
            limit.release(admission)  # a resubmission of a stored report is not a second report
    except STORE_ERRORS as error:
        # No receipt unless the store committed into the database the desk reads; the fields
        # keep what was typed (clear_on_submit is off and the widget keys do not rotate).
        log.error("concern report not stored: %s: %s", type(error).__name__, error)
        summary.error(
            "We could not save your report just now, so nothing was stored. What you "
            "typed is still here: please try again in a few minutes."
        )
        return
    st.session_state[_RECEIPT] = receipt.number
    if receipt.created:
        issue_secret(store, receipt.number)
    _rotate()
    st.rerun()


def _show_problems(problems: Mapping[str, str], slots: Mapping[str, Any], summary: Any) -> None:
    for field, message in problems.items():
        label = wording.FIELD_LABELS.get(field, field)
        slot = slots.get(field, summary)
        slot.error(f"{label}: {message}")
    count = len(problems)
    summary.error(
        f"Please correct the {count} field{'s' if count != 1 else ''} marked above; nothing was sent yet."
    )


def _render_receipt(store: ConcernStore, receipt: str, options: Sequence[DeviceOption]) -> None:
    try:
        stored = store.get(receipt)  # confirm from what the database holds, not from memory
    except STORE_ERRORS as error:
        explain_unavailable(error)
        return
    if stored is None:
        st.error("We cannot find that receipt in the database. Please send the report again.")
        st.session_state.pop(_RECEIPT, None)
        return
    names = {o.device_id: o.name for o in options}
    report = stored.report
    st.success(f"Thank you. Your report was received. Receipt number: {stored.receipt}")
    st.text(
        f"Device: {names.get(report.device_id, report.device_id)} "
        f"({report.device_id}), card version {report.card_version}\n"
        f"Received: {stored.received_at:%Y-%m-%d %H:%M} UTC"
    )
    st.subheader("What happens next")
    st.write(wording.WHAT_HAPPENS_NEXT)
    st.info(wording.AUTHORITY_NOTICE)
    show_secret()
    if st.button("Report another concern", key="gc_another"):
        st.session_state.pop(_RECEIPT, None)
        forget()
        st.rerun()
