"""`gmlp-cards migrate`: a schema-1 device's next version as a schema-2 draft that validates."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.loader import load_card
from gmlp_cards.cards.migrate import upgrade
from gmlp_cards.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "model_cards"
# The example devices with schema-1 versions; two now have a later schema-2 version, made by
# `migrate` itself, which the fixture takes away (file and lock entry) so there is one to migrate.
SCHEMA_1 = ("lumen-cxr-triage", "retina-dr-screen", "sepsis-sentinel")
SCHEMA_2_VERSIONS = {"retina-dr-screen": "2.1.0", "sepsis-sentinel": "1.2.0"}


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    target = tmp_path / "model_cards"
    shutil.copytree(EXAMPLES, target)
    lock_path = target / "cards.lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    for device, version in SCHEMA_2_VERSIONS.items():
        assert load_card(target / device / f"{version}.yaml").card.schema_version == 2
        (target / device / f"{version}.yaml").unlink()
        del lock["cards"][f"{device}/{version}"]
    lock_path.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out), out.getvalue()


@pytest.mark.parametrize("device", SCHEMA_1)
def test_migrate_writes_a_schema_2_draft_that_validates_and_publishes(cards: Path, device: str) -> None:
    code, out = run("migrate", device, "--cards", str(cards))
    assert code == 0, out
    written = Path(out.splitlines()[0].removeprefix("wrote draft "))
    draft = load_card(written).card
    assert (draft.schema_version, draft.identity.status.value) == (2, "draft")
    assert draft.change_notice is not None and draft.change_notice.change_types[0].value == "labelling_only"
    assert run("validate", str(cards))[0] == 0
    code, out = run("publish", device, draft.version, "--cards", str(cards))
    assert code == 0, out
    assert Catalog.load(cards).latest_version(device) == draft.version


def test_an_other_metric_gets_its_own_name_and_a_direction_to_review(cards: Path) -> None:
    code, out = run("migrate", "retina-dr-screen", "--cards", str(cards))
    assert code == 0
    assert (
        "performance.studies[0].overall.metrics[3]: `other` is now "
        "`imageability_share_of_enrolled_participants_who_got_a_result` (scale proportion); set its "
        "`direction` (written as none)"
    ) in out
    assert "say which unit the clustered bootstrap resampled (`cluster`)" in out


def test_a_model_adjusted_estimate_and_its_explanation_are_carried_as_schema_2() -> None:
    path = EXAMPLES / "retina-dr-screen" / "1.0.0.yaml"  # schema 1: method model_adjusted + explanation
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    upgraded, notes = upgrade(load_card(path).card, data)
    sensitivity = upgraded["performance"]["studies"][0]["overall"]["metrics"][0]
    assert (sensitivity["analysis"], sensitivity["method"]) == ("model_adjusted", "not_stated")
    assert sensitivity["explanation"]["text"].startswith("The headline sensitivity is adjusted")
    assert sensitivity["explanation"]["unreconciled"] == []  # nothing to accept: not checked as observed
    assert any("model_adjusted is now `analysis: model_adjusted`" in n for n in notes)


def test_one_end_of_a_two_sided_interval_becomes_the_one_sided_bound_it_is() -> None:
    from gmlp_cards.cards.migrate import _upgrade_metric

    entry = {"kind": "estimate", "name": "sensitivity", "estimate": 0.9, "lower": 0.85, "level": 0.95}
    notes = _upgrade_metric(None, entry, None, set())
    assert (entry["sides"], entry["level"]) == ("lower", 0.975)
    assert notes == ["one end of a two-sided 95% interval is written as the one-sided 97.5% bound it is"]


def test_a_schema_2_device_is_not_migrated_again(cards: Path) -> None:
    assert run("migrate", "lumen-cxr-triage", "--cards", str(cards))[0] == 0
    run("publish", "lumen-cxr-triage", "1.2.0", "--cards", str(cards))
    code, _ = run("migrate", "lumen-cxr-triage", "--cards", str(cards))
    assert code != 0
