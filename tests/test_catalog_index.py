"""The catalog index: a restart parses no card whose bytes it has judged before, and trusts nothing else."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import pytest
from test_catalog import next_version

from gmlp_cards.cards import loader
from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.index import INDEX_NAME, CardIndex
from gmlp_cards.cli.main import main
from gmlp_cards.errors import CardError

EXAMPLES = Path(__file__).resolve().parents[1] / "model_cards"


@pytest.fixture
def parses(monkeypatch):
    """Counts YAML parses of card text: one per card that is read and validated."""
    count = {"n": 0}
    real = loader.parse_data

    def counted(text: str):
        count["n"] += 1
        return real(text)

    monkeypatch.setattr(loader, "parse_data", counted)
    return count


def _restart(root: Path) -> Catalog:
    return Catalog.load(root, index=CardIndex.open(root))


def test_a_restart_with_the_index_parses_no_unchanged_card(examples, parses):
    card_files = len(list(examples.glob("*/*.yaml")))
    first = _restart(examples)
    assert parses["n"] == card_files  # the first load validates every card once and records it
    parses["n"] = 0
    second = _restart(examples)
    assert parses["n"] == 0
    assert second.problems == first.problems == []
    assert second.device_ids() == first.device_ids()
    for device in first.device_ids():
        assert second.versions(device) == first.versions(device)
        assert second.latest_version(device) == first.latest_version(device)
        assert second.shown_entry(device).loaded.summary == first.shown_entry(device).loaded.summary


def test_a_card_from_the_index_is_read_from_its_file_when_shown(examples, parses):
    _restart(examples)
    catalog = _restart(examples)
    parses["n"] = 0
    card = catalog.card("lumen-cxr-triage", "1.1.0")
    assert parses["n"] == 1
    assert card.identity.device_name == catalog.shown_entry("lumen-cxr-triage").loaded.summary.name
    assert card.version == "1.1.0"


def test_a_tampered_published_file_is_validated_again_and_refused(examples, parses):
    _restart(examples)
    path = examples / "lumen-cxr-triage" / "1.0.0.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited after publication\n", encoding="utf-8")
    parses["n"] = 0
    catalog = _restart(examples)
    # The changed file, and the version after it: its notice is judged against its previous version.
    assert parses["n"] == 2
    entry = catalog.entry("lumen-cxr-triage", "1.0.0")
    assert entry.tampered and not entry.valid
    assert catalog.versions("lumen-cxr-triage") == ["1.1.0"]


def test_a_file_changed_after_loading_is_refused_when_shown(examples):
    _restart(examples)
    catalog = _restart(examples)
    path = examples / "lumen-cxr-triage" / "1.1.0.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Lumen", "Lumem", 1), encoding="utf-8")
    with pytest.raises(CardError, match="changed after the catalog was loaded"):
        catalog.card("lumen-cxr-triage", "1.1.0")


def test_verdicts_the_index_holds_for_invalid_bytes_are_not_believed(write_card, card_dict, tmp_path):
    # Forged or stale: the index says that bytes the rules reject are valid. The history check reads
    # the body (caught at load); where the index vouches for the history too, the body is validated
    # from its file before any page shows it.
    root = tmp_path / "cards"
    path = write_card(card_dict)
    row = _restart(root).entry("demo-dr-screen", "1.0.0").loaded.summary
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nidentity:\n", "\nidentity:\n  not_a_field: 1\n", 1), encoding="utf-8")
    forged = hashlib.sha256(path.read_bytes()).hexdigest()
    CardIndex.open(root).record([(forged, row)], [])
    loaded = _restart(root)
    assert not loaded.entry("demo-dr-screen", "1.0.0").valid
    assert "not_a_field" in loaded.problems[0].message + loaded.problems[0].field
    CardIndex.open(root).record([(forged, row)], [("", forged)])
    vouched = _restart(root)
    with pytest.raises(CardError, match="not_a_field"):
        vouched.card("demo-dr-screen", "1.0.0")


def test_other_rules_judge_every_card_again(examples, parses):
    _restart(examples)
    index = CardIndex.open(examples)
    index.rules = "rules of another release"
    parses["n"] = 0
    Catalog.load(examples, index=index)
    assert parses["n"] == len(list(examples.glob("*/*.yaml")))


def test_a_damaged_index_costs_time_never_a_card(examples, caplog):
    (examples / INDEX_NAME).write_bytes(b"this is not a database" * 100)
    catalog = _restart(examples)
    assert catalog.problems == []
    assert "lumen-cxr-triage" in catalog.device_ids()
    assert "unreadable" in caplog.text


def test_a_changed_previous_version_has_its_successors_notice_checked_again(write_card, card_dict, tmp_path):
    root = tmp_path / "cards"
    write_card(card_dict)
    write_card(next_version(card_dict, "1.1.0", "1.0.0"))
    assert _restart(root).problems == []
    # 1.0.0 now shows a different intended use: 1.1.0's notice (labelling only, patient) no longer
    # declares what the diff from its previous version shows, whatever the index said of the pair.
    purpose = dict(card_dict["intended_use"], summary="Another purpose entirely.")
    changed = dict(card_dict, intended_use=purpose)
    write_card(changed)
    problems = _restart(root).problems
    assert any(p.path.endswith("1.1.0.yaml") for p in problems)


def test_no_index_is_made_where_the_folder_may_not_be_written(examples):
    assert CardIndex.open(examples, write=False) is None
    _restart(examples)
    reader = CardIndex.open(examples, write=False)
    assert reader is not None and not reader.writable
    summaries, _ = reader.known()
    assert len(summaries) == len(list(examples.glob("*/*.yaml")))


def test_the_index_command_builds_it_and_forgets_removed_cards(examples, parses):
    out = io.StringIO()
    assert main(["index", "--cards", str(examples)], out) == 0
    files = len(list(examples.glob("*/*.yaml")))
    assert f"indexed {files} valid of {files} card files" in out.getvalue()
    assert "0 old entries forgotten" in out.getvalue()
    shutil.rmtree(examples / "quantx")
    out = io.StringIO()
    parses["n"] = 0
    main(["index", "--cards", str(examples)], out)
    assert parses["n"] == 0
    assert "1 old entries forgotten" in out.getvalue()
