"""The publishing flow through the CLI: new-version -> edit -> publish -> withdraw, in a copy."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from gmlp_cards.cards import loader
from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.index import INDEX_NAME, CardIndex
from gmlp_cards.cards.lock import LOCK_NAME, read_lock, sha256_of
from gmlp_cards.cards.publishing import SCHEMA_COMMENT, bump, placeholders
from gmlp_cards.cli.main import main
from gmlp_cards.model import Status

from .withdrawing import withdraw_lumen

LUMEN = "lumen-cxr-triage"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


def fill_in(path: Path, change_types: str = "[labelling_only]") -> None:
    """What a maker does to a fresh draft: answer every TODO and choose the change types."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"  # TODO: list every kind.*\n  # security\..*\n", "", text)
    text = text.replace("  # TODO: true only if the authorized change control plan covers it", "")
    text = re.sub(r'"TODO: ([^"]*)"', lambda m: f'"{m.group(1).capitalize()}."', text)
    text = text.replace("  change_types: [labelling_only]", f"  change_types: {change_types}")
    path.write_text(text, encoding="utf-8")


def test_bump() -> None:
    assert [bump("1.2.3", p) for p in ("major", "minor", "patch")] == ["2.0.0", "1.3.0", "1.2.4"]
    assert bump("1.2.3-rc.1", "patch") == "1.2.4"


def test_new_version_starts_a_draft_from_the_latest_published(locked_cards: Path) -> None:
    code, out = run("new-version", LUMEN, "--cards", str(locked_cards))
    draft = locked_cards / LUMEN / "1.2.0.yaml"
    assert code == 0 and out.startswith(f"wrote draft {draft}\n")
    text = draft.read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_COMMENT + "\n")
    entry = Catalog.load(locked_cards).entry(LUMEN, "1.2.0")
    assert entry is not None and entry.valid and entry.problems == ()  # a draft may carry TODOs
    card = entry.card
    assert card is not None and card.identity.status is Status.draft
    assert card.identity.release_date == dt.date.today()
    assert card.change_notice is not None and card.change_notice.previous_version == "1.1.0"
    assert card.change_notice.effective_date == dt.date.today()
    assert placeholders(text)
    # Everything but the version lines and the notice is the previous file, comments included.
    base = (locked_cards / LUMEN / "1.1.0.yaml").read_text(encoding="utf-8")
    assert text.split("change_notice:")[0].count("\n") == base.split("change_notice:")[0].count("\n")
    assert "# FICTIONAL EXAMPLE" in text


def test_drafts_stay_out_of_the_public_catalog(locked_cards: Path) -> None:
    run("new-version", LUMEN, "--cards", str(locked_cards))
    catalog = Catalog.load(locked_cards)
    assert "1.2.0" not in catalog.versions(LUMEN) and catalog.latest_version(LUMEN) == "1.1.0"
    assert run("validate", str(locked_cards))[0] == 0


def test_a_second_draft_is_refused(locked_cards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("new-version", LUMEN, "--cards", str(locked_cards))
    assert run("new-version", LUMEN, "--bump", "major", "--cards", str(locked_cards))[0] == 1
    assert "already has a draft (1.2.0)" in capsys.readouterr().err


def test_publish_refuses_a_draft_with_todos(locked_cards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("new-version", LUMEN, "--cards", str(locked_cards))
    draft = locked_cards / LUMEN / "1.2.0.yaml"
    before = draft.read_bytes()
    assert run("publish", LUMEN, "1.2.0", "--cards", str(locked_cards))[0] == 1
    err = capsys.readouterr().err
    assert f"{draft}:" in err and 'placeholder left in the card: summary: "TODO: what changed' in err
    assert draft.read_bytes() == before
    assert read_lock(locked_cards).get(LUMEN, "1.2.0") is None  # type: ignore[union-attr]


def test_round_trip_new_version_edit_publish(locked_cards: Path) -> None:
    assert run("new-version", LUMEN, "--cards", str(locked_cards))[0] == 0
    draft = locked_cards / LUMEN / "1.2.0.yaml"
    fill_in(draft)
    edited = draft.read_text(encoding="utf-8")

    code, out = run("publish", LUMEN, "1.2.0", "--cards", str(locked_cards))
    assert code == 0 and out.startswith(f"published {draft} (sha256 ")

    published = draft.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(edited.splitlines(), published.splitlines(), strict=True) if a != b]
    assert changed == [("  status: draft", "  status: published")]  # one line, comments intact
    entry = read_lock(locked_cards).get(LUMEN, "1.2.0")  # type: ignore[union-attr]
    assert entry is not None and entry.sha256 == sha256_of(draft) and entry.published_at.endswith("Z")
    catalog = Catalog.load(locked_cards)
    assert catalog.latest_version(LUMEN) == "1.2.0" and catalog.problems == []
    assert run("validate", str(locked_cards))[0] == 0


def test_publish_refuses_a_notice_that_hides_a_change(
    locked_cards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("new-version", LUMEN, "--cards", str(locked_cards))
    draft = locked_cards / LUMEN / "1.2.0.yaml"
    fill_in(draft)
    text = draft.read_text(encoding="utf-8")
    draft.write_text(
        text.replace(
            "    - Aster DR-700 fixed detector (fictional)\n",
            "    - Aster DR-700 fixed detector (fictional)\n    - Zephyr DR-9 (fictional)\n",
            1,
        ),
        encoding="utf-8",
    )
    assert run("publish", LUMEN, "1.2.0", "--cards", str(locked_cards))[0] == 1
    err = capsys.readouterr().err
    assert "says labelling_only, but inputs.acceptable[" in err and "gained 'Zephyr DR-9 (fictional)'" in err
    fill = draft.read_text(encoding="utf-8").replace(
        "change_types: [labelling_only]", "change_types: [inputs]"
    )
    draft.write_text(fill, encoding="utf-8")
    assert run("publish", LUMEN, "1.2.0", "--cards", str(locked_cards))[0] == 0


def test_publish_refuses_an_already_published_card(
    locked_cards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("publish", LUMEN, "1.1.0", "--cards", str(locked_cards))[0] == 1
    assert "is published, not a draft" in capsys.readouterr().err


def test_publish_without_a_lock_but_with_published_cards_asks_for_lock_init(
    cards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (cards / LOCK_NAME).unlink(missing_ok=True)
    run("new-version", LUMEN, "--cards", str(cards))
    fill_in(cards / LUMEN / "1.2.0.yaml")
    assert run("publish", LUMEN, "1.2.0", "--cards", str(cards))[0] == 1
    assert "run `gmlp-cards lock --init` first" in capsys.readouterr().err


def test_withdraw_keeps_the_card_readable_and_records_why(locked_cards: Path) -> None:
    before = read_lock(locked_cards).get(LUMEN, "1.1.0")  # type: ignore[union-attr]
    code, out = withdraw_lumen(locked_cards, "CR module misreads some plates.")
    assert code == 0 and "stays readable" in out
    path = locked_cards / LUMEN / "1.1.0.yaml"
    after = read_lock(locked_cards).get(LUMEN, "1.1.0")  # type: ignore[union-attr]
    assert after is not None and before is not None
    assert after.status == "withdrawn" and after.withdrawal_reason == "CR module misreads some plates."
    assert after.published_sha256 == before.sha256 and after.sha256 == sha256_of(path)
    assert after.published_at == before.published_at and after.withdrawn_at
    catalog = Catalog.load(locked_cards)
    assert catalog.problems == []
    assert "1.1.0" in catalog.versions(LUMEN)  # still readable
    assert catalog.latest_version(LUMEN) == "1.0.0"  # but never the latest
    assert catalog.card(LUMEN, "1.1.0").identity.status is Status.withdrawn


def test_withdraw_needs_a_reason(locked_cards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("withdraw", LUMEN, "1.1.0", "--reason", "  ", "--cards", str(locked_cards))[0] == 1
    assert "give the reason" in capsys.readouterr().err


def test_withdraw_refuses_a_tampered_card(locked_cards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = locked_cards / LUMEN / "1.1.0.yaml"
    path.write_bytes(path.read_bytes().replace(b"Lumen CXR Triage\n", b"Lumen CXR Triagf\n", 1))
    assert run("withdraw", LUMEN, "1.1.0", "--reason", "x", "--cards", str(locked_cards))[0] == 1
    assert "does not match the lock" in capsys.readouterr().err


def test_new_version_after_a_withdrawal_bumps_past_it(locked_cards: Path) -> None:
    withdraw_lumen(locked_cards)
    assert run("new-version", LUMEN, "--bump", "patch", "--cards", str(locked_cards))[0] == 0
    card = Catalog.load(locked_cards).entry(LUMEN, "1.1.1")
    assert card is not None and card.loaded is not None
    notice = card.loaded.card.change_notice
    assert notice is not None and notice.previous_version == "1.1.0"


def test_publishing_records_the_published_card_in_the_index(
    locked_cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: the index is built by `gmlp-cards index` and by publishing, so the first reader after
    a restart parses no card, the one just published included."""
    assert run("new-version", LUMEN, "--cards", str(locked_cards))[0] == 0
    draft = locked_cards / LUMEN / "1.2.0.yaml"
    fill_in(draft)
    assert run("publish", LUMEN, "1.2.0", "--cards", str(locked_cards))[0] == 0
    assert (locked_cards / INDEX_NAME).is_file()
    known, _ = CardIndex.open(locked_cards).known()  # type: ignore[union-attr]
    assert sha256_of(draft) in known and known[sha256_of(draft)].status is Status.published
    parsed: list[str] = []
    real = loader.parse_data
    monkeypatch.setattr(loader, "parse_data", lambda text: parsed.append(text) or real(text))
    restarted = Catalog.load(locked_cards, index=CardIndex.open(locked_cards))
    assert restarted.latest_version(LUMEN) == "1.2.0" and parsed == []
