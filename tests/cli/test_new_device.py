"""`gmlp-cards new-device`: a short draft that validates, with a TODO on every field publishing needs."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import yaml

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.lock import LOCK_NAME
from gmlp_cards.cards.yamlsafe import parse
from gmlp_cards.cli.main import main
from gmlp_cards.model import Status

from .maker_content import fill_new_device_draft

DEVICE = "acme-fundus"

FILLED_BY_THE_COMMAND = {
    ("schema_version",),
    ("identity",),
    ("identity", "device_id"),
    ("identity", "card_version"),
    ("identity", "status"),
    ("identity", "fictional"),
    ("performance", "studies", 0, "id"),
}
"""The only scalar lines of the draft without a TODO: what the command knows, and the `fictional`
flag, which is false for a maker's real device."""


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    return tmp_path / "model_cards"


def test_new_device_writes_a_draft_1_0_0_that_validates(cards: Path) -> None:
    code, out = run("new-device", DEVICE, "--cards", str(cards))
    draft = cards / DEVICE / "1.0.0.yaml"
    assert code == 0
    assert out.splitlines()[0] == f"wrote draft {draft}"
    assert f"gmlp-cards publish {DEVICE} 1.0.0" in out
    assert run("validate", str(draft))[0] == 0
    assert run("validate", str(cards))[0] == 0
    entry = Catalog.load(cards).entry(DEVICE, "1.0.0")
    assert entry is not None and entry.valid
    assert entry.card is not None and entry.card.identity.status is Status.draft
    assert entry.card.identity.device_id == DEVICE
    assert entry.card.identity.release_date == dt.date.today()
    assert Catalog.load(cards).versions(DEVICE) == []  # a draft is never public


def test_the_draft_is_short_and_starts_with_the_schema_comment(cards: Path) -> None:
    run("new-device", DEVICE, "--cards", str(cards))
    text = (cards / DEVICE / "1.0.0.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/model-card.schema.json\n")
    assert len(text.splitlines()) < 200  # the shortest example card is ~1000 lines


def test_every_section_has_a_comment_saying_what_goes_there(cards: Path) -> None:
    run("new-device", DEVICE, "--cards", str(cards))
    lines = (cards / DEVICE / "1.0.0.yaml").read_text(encoding="utf-8").splitlines()
    sections = [i for i, line in enumerate(lines) if line[:1].isalpha() and line.endswith(":")]
    assert [lines[i][:-1] for i in sections] == [
        "identity",
        "intended_use",
        "inputs",
        "outputs",
        "performance",
        "data",
        "risks",
        "patient",
        "monitoring",
    ]
    for i in sections:
        assert lines[i - 1].startswith("# ") and len(lines[i - 1]) > 20, lines[i]


def test_every_field_but_the_known_ones_is_marked_todo(cards: Path) -> None:
    run("new-device", DEVICE, "--cards", str(cards))
    text = (cards / DEVICE / "1.0.0.yaml").read_text(encoding="utf-8")
    _, marks = parse(text)
    lines = text.splitlines()
    # A leaf is a located path no other located path extends.
    leaves = {path for path in marks if not any(len(o) > len(path) and o[: len(path)] == path for o in marks)}
    unmarked = {path for path in leaves if "TODO" not in lines[marks[path][0] - 1]}
    assert unmarked == FILLED_BY_THE_COMMAND - {("identity",)}


def test_publish_refuses_the_draft_naming_each_todo_by_line_and_field(
    cards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("new-device", DEVICE, "--cards", str(cards))
    draft = cards / DEVICE / "1.0.0.yaml"
    before = draft.read_bytes()
    line = next(n for n, text in enumerate(before.decode().splitlines(), 1) if "device_name:" in text)
    capsys.readouterr()
    assert run("publish", DEVICE, "1.0.0", "--cards", str(cards))[0] == 1
    err = capsys.readouterr().err
    assert (
        f"{draft}:{line}:17: identity.device_name: placeholder left in the card: "
        'device_name: "TODO: name of the device as marketed"'
    ) in err
    assert err.count("placeholder left in the card") == before.decode().count("TODO")
    assert draft.read_bytes() == before and not (cards / LOCK_NAME).exists()


def test_a_filled_draft_publishes(cards: Path) -> None:
    run("new-device", DEVICE, "--cards", str(cards))
    draft = cards / DEVICE / "1.0.0.yaml"
    fill_new_device_draft(draft)
    assert "TODO" not in draft.read_text(encoding="utf-8")
    code, out = run("publish", DEVICE, "1.0.0", "--cards", str(cards))
    assert code == 0, out
    assert Catalog.load(cards).versions(DEVICE) == ["1.0.0"]
    assert yaml.safe_load(draft.read_text(encoding="utf-8"))["identity"]["status"] == "published"


def test_an_existing_device_id_is_refused_and_nothing_changes(
    cards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("new-device", DEVICE, "--cards", str(cards))
    draft = cards / DEVICE / "1.0.0.yaml"
    draft.write_text(draft.read_text(encoding="utf-8") + "# the maker's edit\n", encoding="utf-8")
    before = draft.read_bytes()
    capsys.readouterr()
    assert run("new-device", DEVICE, "--cards", str(cards))[0] == 1
    err = capsys.readouterr().err
    assert f"{cards / DEVICE} already exists" in err and f"gmlp-cards new-version {DEVICE}" in err
    assert draft.read_bytes() == before and sorted(p.name for p in (cards / DEVICE).iterdir()) == [
        "1.0.0.yaml"
    ]


@pytest.mark.parametrize("bad", ["Acme-Fundus", "acme_fundus", "-acme", "acme-", "../acme", "a" * 65, ""])
def test_an_invalid_device_id_is_refused_and_nothing_is_written(
    cards: Path, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("new-device", "--cards", str(cards), "--", bad)[0] == 2  # `--`: "-acme" is an id here
    assert f"{bad!r} is not a valid device id" in capsys.readouterr().err
    assert not cards.exists()
