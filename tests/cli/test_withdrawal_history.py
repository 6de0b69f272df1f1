"""A withdrawal is written into the card's own status history (schema 2), so `lock --init` in a
fresh repository keeps its reason, date and published hash, and still catches an edited card
(issue 16, item 12)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from apptest_support import open_page

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.lock import LOCK_NAME, read_lock
from gmlp_cards.cards.publishing import withdraw
from gmlp_cards.cards.status_history import published_text, with_withdrawal
from gmlp_cards.cards.yamlsafe import parse_data
from gmlp_cards.cli.main import main
from gmlp_cards.model import Status
from gmlp_cards.model.identity import StatusChange
from gmlp_cards.tiers.facts import version_facts, version_notices

from .maker_content import fill_new_device_draft

DEVICE = "acme-fundus"
REASON = "Grades some photographs from the Zephyr camera as normal when they are not."
WITHDRAWN_NOTICE = (
    "Version 1.0.0 has been withdrawn by the manufacturer. It is shown for reference only. "
    f"Reason given for the withdrawal (2026-11-26): {REASON}"
)
CLI = [sys.executable, "-m", "gmlp_cards.cli"]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A fresh card folder with one fictional schema 2 device published as 1.0.0 through the CLI."""
    cards = tmp_path / "model_cards"
    assert run("new-device", DEVICE, "--cards", str(cards))[0] == 0
    fill_new_device_draft(cards / DEVICE / "1.0.0.yaml")
    code, out = run("publish", DEVICE, "1.0.0", "--cards", str(cards))
    assert code == 0, out
    return cards


def card_file(cards: Path) -> Path:
    return cards / DEVICE / "1.0.0.yaml"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def withdrawn(cards: Path) -> str:
    """Withdraw 1.0.0 at a fixed moment; return the sha256 it had while it was published."""
    before = sha(card_file(cards))
    withdraw(cards, DEVICE, "1.0.0", REASON, now="2026-11-26T09:30:00Z")
    return before


def test_withdraw_writes_the_reason_into_the_card_itself(published: Path) -> None:
    published_sha = withdrawn(published)
    identity = parse_data(card_file(published).read_text(encoding="utf-8"))["identity"]
    assert identity["status"] == "withdrawn"
    assert [dict(s) for s in identity["status_history"]] == [
        {
            "status": "withdrawn",
            "date": dt.date(2026, 11, 26),
            "reason": REASON,
            "published_sha256": published_sha,
        }
    ]
    card = Catalog.load(published).card(DEVICE, "1.0.0")
    step = card.identity.withdrawal
    assert step is not None
    assert (step.date.isoformat(), step.reason, step.published_sha256) == (
        "2026-11-26",
        REASON,
        published_sha,
    )
    assert Catalog.load(published).problems == []


def test_the_withdrawal_changes_only_the_status_line_and_adds_the_step(published: Path) -> None:
    before = card_file(published).read_text(encoding="utf-8")
    published_sha = withdrawn(published)
    after = card_file(published).read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [
        "  status: withdrawn",
        "  status_history:",
        "    - status: withdrawn",
        "      date: 2026-11-26",
        f'      reason: "{REASON}"',
        f"      published_sha256: {published_sha}",
    ]
    assert [line for line in before.splitlines() if line not in after.splitlines()] == ["  status: published"]


def test_lock_init_in_a_fresh_repository_keeps_the_withdrawal(published: Path) -> None:
    published_sha = withdrawn(published)
    (published / LOCK_NAME).unlink()
    done = subprocess.run(
        [*CLI, "lock", "--init", "--cards", str(published)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    entry = read_lock(published).get(DEVICE, "1.0.0")  # type: ignore[union-attr]
    assert entry is not None
    assert (entry.status, entry.withdrawn_at, entry.withdrawal_reason, entry.published_sha256) == (
        "withdrawn",
        "2026-11-26",
        REASON,
        published_sha,
    )
    assert entry.sha256 == sha(card_file(published))
    catalog = Catalog.load(published)
    assert catalog.problems == []
    card = catalog.card(DEVICE, "1.0.0")
    assert [n.text for n in version_notices(version_facts(catalog, card))] == [WITHDRAWN_NOTICE]


def test_the_device_page_shows_the_reason_after_lock_init(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    withdrawn(published)
    (published / LOCK_NAME).unlink()
    assert run("lock", "--init", "--cards", str(published))[0] == 0
    monkeypatch.setenv("GMLP_CARDS_DIR", str(published))
    at = open_page("device", device=DEVICE, version="1.0.0")
    assert WITHDRAWN_NOTICE in [str(e.value) for e in at.error]


def test_the_reason_shows_even_beside_a_lock_that_lacks_it(published: Path) -> None:
    withdrawn(published)
    lock = (published / LOCK_NAME).read_text(encoding="utf-8")
    # A lock written by an older tool, or by hand: the facts the card holds are shown all the same.
    stripped = lock.replace(f'"withdrawal_reason": "{REASON}"', '"withdrawal_reason": ""')
    assert stripped != lock
    (published / LOCK_NAME).write_text(stripped, encoding="utf-8")
    catalog = Catalog.load(published)
    assert version_facts(catalog, catalog.card(DEVICE, "1.0.0")).withdrawal == ("2026-11-26", REASON)


def test_lock_init_refuses_a_withdrawn_card_edited_after_publication(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    published_sha = withdrawn(published)
    path = card_file(published)
    path.write_text(
        path.read_text(encoding="utf-8").replace("Fictional FundusCheck", "Fictional FundusCheck Pro"),
        encoding="utf-8",
    )
    (published / LOCK_NAME).unlink()
    assert run("lock", "--init", "--cards", str(published))[0] == 1
    lock = read_lock(published)
    assert lock is not None and lock.entries == {}  # not recorded as genuine
    assert (
        f"{path}: is withdrawn, but without its withdrawal it does not hash to the published_sha256 "
        f"its identity.status_history records ({published_sha}): it was changed after publication."
    ) in capsys.readouterr().err


def test_the_withdrawal_undoes_to_the_published_text_exactly(published: Path) -> None:
    before = card_file(published).read_text(encoding="utf-8")
    withdrawn(published)
    card = Catalog.load(published).card(DEVICE, "1.0.0")
    assert published_text(card_file(published).read_text(encoding="utf-8"), card) == before


def test_a_withdrawal_is_appended_to_a_history_the_maker_wrote() -> None:
    text = (
        "identity:\n"
        "  status: published\n"
        "  status_history:\n"
        "  - status: published\n"
        "    date: 2026-01-05\n"
        "  modality: Fundus\n"
    )
    step = StatusChange(status=Status.withdrawn, date="2026-11-26", reason="Misgrades some photographs.")
    assert with_withdrawal(text, step) == (
        "identity:\n"
        "  status: withdrawn\n"
        "  status_history:\n"
        "  - status: published\n"
        "    date: 2026-01-05\n"
        "  - status: withdrawn\n"
        "    date: 2026-11-26\n"
        '    reason: "Misgrades some photographs."\n'
        "  modality: Fundus\n"
    )


def test_a_schema_1_withdrawal_keeps_its_reason_in_the_lock_only(tmp_path: Path) -> None:
    import shutil

    cards = tmp_path / "model_cards"
    shutil.copytree(Path(__file__).resolve().parents[2] / "model_cards", cards)
    path = cards / "lumen-cxr-triage" / "1.1.0.yaml"
    before = path.read_text(encoding="utf-8")
    withdraw(
        cards, "lumen-cxr-triage", "1.1.0", "CR module misreads some plates.", now="2026-11-26T09:30:00Z"
    )
    assert path.read_text(encoding="utf-8") == before.replace("status: published", "status: withdrawn", 1)
    entry = read_lock(cards).get("lumen-cxr-triage", "1.1.0")  # type: ignore[union-attr]
    assert entry is not None and entry.withdrawal_reason == "CR module misreads some plates."
