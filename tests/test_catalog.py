"""Catalog.load: every card under a folder, grouped by device, ordered by version, history checked."""

from __future__ import annotations

import copy
import logging
import re

import pytest

from gmlp_cards.cards import catalog as catalog_module
from gmlp_cards.cards.catalog import Catalog


def next_version(card: dict, version: str, previous: str, *, status: str = "published") -> dict:
    """A labelling-only successor of `card`: same evidence, a reworded patient summary, and its notice."""
    card = copy.deepcopy(card)
    card["identity"].update(card_version=version, status=status)
    card["patient"]["texts"]["en"]["summary"] += f" (Reworded in {version}.)"
    card["change_notice"] = {
        "previous_version": previous,
        "effective_date": "2025-09-01",
        "change_types": ["labelling_only"],
        "within_pccp": False,
        "summary": "Clearer patient summary.",
        "rationale": "User feedback.",
        "data_used": "none",
        "performance_summary": "Unchanged.",
        "labelling_sections": ["patient"],
        "bias_changes": "none known",
        "user_action": "None.",
    }
    return card


@pytest.fixture
def root(tmp_path):
    return tmp_path / "cards"


def test_a_device_with_one_valid_card(write_card, card_dict, root):
    write_card(card_dict)
    catalog = Catalog.load(root)
    assert catalog.problems == []
    assert catalog.device_ids() == ["demo-dr-screen"]
    assert catalog.latest_version("demo-dr-screen") == "1.0.0"


def test_a_later_version_with_a_change_notice_is_accepted(write_card, card_dict, root):
    write_card(card_dict)
    write_card(next_version(card_dict, "1.1.0", "1.0.0"))
    catalog = Catalog.load(root)
    assert catalog.problems == []
    assert catalog.versions("demo-dr-screen") == ["1.0.0", "1.1.0"]
    assert catalog.latest("demo-dr-screen").change_notice.previous_version == "1.0.0"


def test_versions_are_ordered_as_semantic_versions_not_as_text(write_card, card_dict, root):
    write_card(card_dict)
    write_card(next_version(card_dict, "1.9.0", "1.0.0"))
    write_card(next_version(card_dict, "1.10.0", "1.9.0"))
    catalog = Catalog.load(root)
    assert catalog.problems == []
    assert catalog.versions("demo-dr-screen") == ["1.0.0", "1.9.0", "1.10.0"]


def test_a_later_version_without_a_change_notice_is_an_error(write_card, card_dict, root):
    write_card(card_dict)
    later = next_version(card_dict, "1.1.0", "1.0.0")
    del later["change_notice"]
    write_card(later)
    [problem] = Catalog.load(root).problems
    assert problem.field == "change_notice"
    assert problem.message.startswith("version 1.1.0 follows 1.0.0 but has no change_notice")


def test_a_change_notice_must_name_the_version_before_it(write_card, card_dict, root):
    write_card(card_dict)
    write_card(next_version(card_dict, "1.1.0", "1.0.0"))
    write_card(next_version(card_dict, "1.2.0", "1.0.0"))
    [problem] = Catalog.load(root).problems
    assert (problem.field, problem.message) == (
        "change_notice.previous_version",
        "names 1.0.0, but the version before this one is 1.1.0",
    )


def test_the_first_version_may_not_claim_a_predecessor(write_card, card_dict, root):
    write_card(next_version(card_dict, "1.1.0", "1.0.0"))
    [problem] = Catalog.load(root).problems
    assert problem.message == "names version 1.0.0, but this is the device's first card file"


def test_an_invalid_file_is_kept_with_its_problems_but_never_served(write_card, card_dict, root):
    write_card(card_dict)
    write_card(b"- not a card\n", version="1.1.0")
    catalog = Catalog.load(root)
    broken = catalog.entry("demo-dr-screen", "1.1.0")
    assert broken is not None and not broken.valid and broken.problems
    assert catalog.versions("demo-dr-screen") == ["1.0.0"]
    assert catalog.latest_version("demo-dr-screen") == "1.0.0"
    with pytest.raises(KeyError):
        catalog.card("demo-dr-screen", "1.1.0")


def test_drafts_are_neither_listed_nor_latest(write_card, card_dict, root):
    write_card(card_dict)
    write_card(next_version(card_dict, "1.1.0", "1.0.0", status="draft"))
    catalog = Catalog.load(root)
    assert catalog.versions("demo-dr-screen") == ["1.0.0"]
    assert catalog.versions("demo-dr-screen", include_drafts=True) == ["1.0.0", "1.1.0"]
    assert catalog.latest_version("demo-dr-screen") == "1.0.0"


def test_a_withdrawn_version_is_history_but_not_latest(write_card, card_dict, root):
    write_card(card_dict)
    write_card(next_version(card_dict, "1.1.0", "1.0.0", status="withdrawn"))
    catalog = Catalog.load(root)
    assert [c.version for c in catalog.history("demo-dr-screen")] == ["1.0.0", "1.1.0"]
    assert catalog.latest_version("demo-dr-screen") == "1.0.0"


def test_problems_from_all_devices_are_collected_in_one_load(write_card, card_dict, root):
    write_card(b"", device="device-a")
    write_card(b"\x00", device="device-b")
    write_card(card_dict)
    catalog = Catalog.load(root)
    assert [p.path.split("/")[-2] for p in catalog.problems] == ["device-a", "device-b"]
    assert catalog.device_ids() == ["demo-dr-screen"]


def test_an_empty_folder_is_an_empty_catalog(tmp_path):
    catalog = Catalog.load(tmp_path)
    assert (catalog.files, catalog.problems, catalog.device_ids()) == ([], [], [])


# --- isolation: one card's failure never stops another (issue #12, item 2) ----------------------


def test_an_unexpected_error_while_loading_one_card_costs_only_that_card(
    write_card, card_dict, root, monkeypatch, caplog
):
    good = write_card(card_dict)
    bad = write_card(card_dict, device="other-device")
    real_load = catalog_module.load_card

    def load(path, **options):
        if path == bad:
            raise RuntimeError("a bug in the loader")
        return real_load(path, **options)

    monkeypatch.setattr(catalog_module, "load_card", load)
    with caplog.at_level(logging.ERROR, logger="gmlp_cards.cards.catalog"):
        catalog = Catalog.load(root)
    assert catalog.device_ids() == ["demo-dr-screen"]
    assert catalog.entry("demo-dr-screen", "1.0.0").path == good
    [problem] = catalog.problems
    incident = re.fullmatch(
        r"internal error ([0-9a-f]{8}) while loading this card \(RuntimeError\); "
        r"it is not shown until this is fixed",
        problem.message,
    )
    assert incident is not None and problem.path == str(bad)
    assert "a bug in the loader" not in problem.message  # its text may quote the card: log only
    [record] = caplog.records
    assert incident.group(1) in record.getMessage() and record.exc_info is not None


def test_an_unexpected_error_in_the_history_check_costs_only_that_version(
    write_card, card_dict, root, monkeypatch
):
    write_card(card_dict)
    write_card(next_version(card_dict, "1.1.0", "1.0.0"))

    def broken(previous, loaded):
        raise ValueError("a bug in the notice check")

    monkeypatch.setattr(catalog_module, "notice_problems", broken)
    catalog = Catalog.load(root)
    assert catalog.versions("demo-dr-screen") == ["1.0.0"]
    assert catalog.latest_version("demo-dr-screen") == "1.0.0"
    [problem] = catalog.problems
    assert problem.message.startswith("internal error ")
    assert "while checking the history of this card (ValueError)" in problem.message


def test_a_symlinked_device_folder_is_reported_without_being_entered(write_card, card_dict, root, tmp_path):
    real = write_card(card_dict, device="elsewhere").parent
    elsewhere = tmp_path / "outside"
    real.rename(elsewhere)
    (root / "demo-dr-screen").symlink_to(elsewhere, target_is_directory=True)
    catalog = Catalog.load(root)
    assert catalog.device_ids() == []
    assert [f.path for f in catalog.files] == [root / "demo-dr-screen"]  # the link, not its files
    assert [p.message for p in catalog.problems] == [
        "this device folder is a symbolic link; device folders must be real folders inside the card folder"
    ]


def test_a_stray_lower_draft_does_not_change_the_public_chain(write_card, card_dict, root):
    # 1.0.5 was started beside a published 1.1.0: the public 1.1.0 stays valid and current, and
    # only the draft is refused, for its number.
    write_card(card_dict)
    write_card(next_version(card_dict, "1.0.5", "1.0.0", status="draft"))
    write_card(next_version(card_dict, "1.1.0", "1.0.0"))
    catalog = Catalog.load(root)
    assert catalog.latest_version("demo-dr-screen") == "1.1.0"
    assert catalog.versions("demo-dr-screen") == ["1.0.0", "1.1.0"]
    [problem] = catalog.problems
    assert problem.path.endswith("1.0.5.yaml") and problem.field == "identity.card_version"
    assert "numbered 1.0.5, below 1.1.0, which is already public" in problem.message


def test_a_draft_is_checked_against_the_public_version_before_it(write_card, card_dict, root):
    # Two drafts after 1.0.0: each replaces the published 1.0.0, not the other draft.
    write_card(card_dict)
    write_card(next_version(card_dict, "1.1.0", "1.0.0", status="draft"))
    write_card(next_version(card_dict, "1.2.0", "1.0.0", status="draft"))
    catalog = Catalog.load(root)
    assert catalog.problems == []
    assert catalog.versions("demo-dr-screen", include_drafts=True) == ["1.0.0", "1.1.0", "1.2.0"]
