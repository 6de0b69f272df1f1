"""The portal and versions: tamper warning, "What changed", newer-version notes, withdrawal reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_support import headings, open_page, page_titles
from streamlit.testing.v1 import AppTest

from gmlp_cards.ui.changes import DIFFERENCES_KEY

from .withdrawing import withdraw_lumen

LUMEN = "lumen-cxr-triage"


def open_on(cards: Path, monkeypatch: pytest.MonkeyPatch, page: str, **params: str) -> AppTest:
    """Open `views/<page>.py` on the card folder `cards`."""
    monkeypatch.setenv("GMLP_CARDS_DIR", str(cards))
    return open_page(page, **params)


def text_of(at: AppTest) -> str:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error")
    parts = [str(e.value) for kind in kinds for e in at.get(kind)]
    parts += [e.proto.body for e in at.get("html")]
    return "\n".join(parts)


def links(at: AppTest) -> list[tuple[str, str]]:
    return [(e.proto.label, e.proto.query_string) for e in at.get("page_link")]


def tamper(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"Lumen CXR Triage\n", b"Lumen CXR Triagf\n", 1))


def test_a_tampered_version_shows_a_prominent_warning(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    tamper(locked_cards / LUMEN / "1.1.0.yaml")
    at = open_on(locked_cards, monkeypatch, "device", device=LUMEN, version="1.1.0")
    errors = [str(e.value) for e in at.error]
    assert errors and errors[0].startswith(
        "Version 1.1.0 of lumen-cxr-triage does not match what its manufacturer published."
    )
    # Markdown source: the path's underscores are backslash-escaped, so they show as typed.
    lock_shown = str(locked_cards / "cards.lock.json").replace("_", "\\_")
    assert f"sha256 differs from {lock_shown} (published" in errors[0]
    assert ("Open the latest verified version, 1.0.0", f"device={LUMEN}&version=1.0.0") in links(at)
    # Not shown as if valid: no tier view, no version title of the altered card.
    assert not [t for t in page_titles(at) if "1.1.0" in t]


def test_a_tampered_version_is_never_the_landing_version(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    tamper(locked_cards / LUMEN / "1.1.0.yaml")
    at = open_on(locked_cards, monkeypatch, "device", device=LUMEN)
    assert page_titles(at)[0] == "Lumen CXR Triage 1.0.0"
    assert at.query_params["version"] == "1.0.0"


def test_device_page_shows_what_changed_in_this_version(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    at = open_on(locked_cards, monkeypatch, "device", device=LUMEN, version="1.1.0")
    shown = text_of(at)
    assert "What changed in this version" in headings(at, 3)
    assert "Adds support for chest radiographs from two computed radiography (CR) readers" in shown
    assert "Differences from version 1.0.0" in [e.label for e in at.expander]
    assert "Study cr-2023 added" not in shown  # the summary is drawn when its expander is opened
    assert ("Compare 1.0.0 with 1.1.0", f"device={LUMEN}&from=1.0.0&to=1.1.0") in links(at)
    at.session_state[DIFFERENCES_KEY] = True
    at.run()
    assert "Study cr-2023 added" in text_of(at)


def test_first_version_says_it_has_no_earlier_version(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    at = open_on(locked_cards, monkeypatch, "device", device=LUMEN, version="1.0.0")
    assert any("first published version" in str(i.value) for i in at.info)


def test_an_old_version_says_a_newer_one_exists_and_what_changed_since(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    at = open_on(locked_cards, monkeypatch, "device", device="retina-dr-screen", version="1.0.0")
    shown = text_of(at)
    assert "Changed since version 1.0.0" in shown
    assert "1.1.0" in shown and "2.0.0" in shown and "2.1.0" in shown
    assert ("Compare 1.0.0 with 2.1.0", "device=retina-dr-screen&from=1.0.0&to=2.1.0") in links(at)


def test_a_withdrawn_version_shows_the_reason(monkeypatch: pytest.MonkeyPatch, locked_cards: Path) -> None:
    assert withdraw_lumen(locked_cards, "CR module misreads some plates.")[0] == 0
    at = open_on(locked_cards, monkeypatch, "device", device=LUMEN, version="1.1.0")
    errors = [str(e.value) for e in at.error]
    assert any(
        "Reason given for the withdrawal" in e and "CR module misreads some plates." in e for e in errors
    )


def test_compare_page_shows_the_full_diff_and_the_overlaid_primary_metric(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    at = open_on(
        locked_cards, monkeypatch, "compare", **{"device": "sepsis-sentinel", "from": "1.0.0", "to": "1.1.0"}
    )
    assert "What changed from 1.0.0 to 1.1.0" in [str(h.value) for h in at.header]
    shown = text_of(at)
    assert (
        "specificity moved from 0.91 to 0.926 in study temporal-2024 (replacing external-2022): better"
        in shown
    )
    charts = at.get("plotly_chart")
    assert any('"version 1.0.0"' in c.proto.spec and '"version 1.1.0"' in c.proto.spec for c in charts)
    frames = [e.value for e in at.get("dataframe")]
    columns = ["Study", "Row", "Metric", "Old", "New", "Judgement"]
    every = next(f for f in frames if list(f.columns) == columns)
    overall_specificity = every[(every["Row"] == "overall") & (every["Metric"] == "Specificity")]
    assert overall_specificity["Judgement"].tolist() == ["better"]
    # The page's own notices section still follows.
    assert "Change notices between these versions" in [str(h.value) for h in at.header]


def test_compare_page_with_one_version_on_both_sides_shows_no_diff(
    monkeypatch: pytest.MonkeyPatch, locked_cards: Path
) -> None:
    at = open_on(locked_cards, monkeypatch, "compare", **{"device": LUMEN, "from": "1.1.0", "to": "1.1.0"})
    assert not [h for h in at.header if str(h.value).startswith("What changed from")]
