"""The public form's abuse controls: a honeypot field, and the rate limit per client before storing."""

from __future__ import annotations

import logging
import math
from datetime import timedelta

import streamlit as st

from gmlp_cards import config
from gmlp_cards.concerns import ConcernStore
from gmlp_cards.concerns import labels as wording
from gmlp_cards.concerns.submission_limit import Admission, SubmissionLimit
from gmlp_cards.ui.desk_auth import request_client

HONEYPOT_KEY = "gc_website"  # + the form's generation, like every other field key
# Hidden from sight (off-screen, no size), and with visibility:hidden also out of the tab order and
# the accessibility tree, so neither a keyboard nor a screen reader user ever reaches it. Our own
# constant CSS: no card or concern text goes into it.
HONEYPOT_STYLE = f"""<style>
[class*="st-key-{HONEYPOT_KEY}_"] {{
  position: absolute !important; left: -10000px; top: auto; width: 1px; height: 1px;
  overflow: hidden; visibility: hidden;
}}
</style>"""
log = logging.getLogger(__name__)


def render_honeypot(gen: int) -> str:
    """Draw the field people never see (inside the form); return what was typed into it."""
    st.html(HONEYPOT_STYLE)
    return st.text_input(wording.HONEYPOT_LABEL, key=f"{HONEYPOT_KEY}_{gen}", autocomplete="off")


def caught_by_honeypot(value: str, device_id: str) -> bool:
    """Whether the honeypot was filled: then nothing is stored, and it is logged (without the text)."""
    if not value.strip():
        return False
    log.warning("concern form: the hidden field was filled, report for %r not stored", device_id)
    return True


def admit(store: ConcernStore) -> tuple[SubmissionLimit, Admission]:
    """Count this report against its client's limit (raises the store's errors when it is down)."""
    reports, minutes = config.report_rate_limit()
    limit = SubmissionLimit(store, reports=reports, window=timedelta(minutes=minutes))
    return limit, limit.admit(request_client())


def refusal(limit: SubmissionLimit, admission: Admission, store: ConcernStore) -> str:
    """What a refused reporter reads: the limit, and when to send the report again."""
    assert admission.retry_at is not None
    wait = max(1, math.ceil((admission.retry_at - store.now()).total_seconds() / 60))
    log.warning("concern form: a client reached the limit of %d reports, report not stored", limit.reports)
    return wording.rate_limited(
        limit.reports, int(limit.window.total_seconds() // 60), f"{admission.retry_at:%H:%M}", wait
    )
