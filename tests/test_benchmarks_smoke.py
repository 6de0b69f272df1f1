"""Every benchmark runs end to end at a tiny size (5 devices x 2 versions), so the scripts cannot rot.

The figures themselves mean nothing at this size; `make bench` measures at 1,000 x 3. The browser
figures need Chromium: they fail in CI (CI=true) without it and are skipped elsewhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import browser, concerns, load, pages
from benchmarks.make_catalog import write_catalog
from gmlp_cards.cards.index import INDEX_NAME

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tiny_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench-cards")
    write_catalog(root, devices=5, versions=2)
    return root


def test_the_generated_catalog_passes_gmlp_cards_validate(tiny_catalog: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gmlp_cards.cli", "validate", str(tiny_catalog)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "10 cards, 5 devices, 0 problems" in result.stdout


def test_later_versions_name_the_previous_one(tiny_catalog: Path) -> None:
    text = (tiny_catalog / "synthetic-00000" / "1.1.0.yaml").read_text(encoding="utf-8")
    assert "previous_version: 1.0.0" in text
    assert "change_notice" not in (tiny_catalog / "synthetic-00000" / "1.0.0.yaml").read_text()


def test_cold_load_benchmark_gives_a_ratio(tiny_catalog: Path) -> None:
    [figure, restarted] = load.run(tiny_catalog, chunks=2)
    assert figure.ratio is not None and figure.ratio > 0
    assert restarted.ratio is not None and restarted.ours > 0
    assert "KB per card" in restarted.notes[0]


def test_page_benchmarks_render_the_leaflet_and_search_the_catalog(
    tiny_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GMLP_CARDS_DIR", str(tiny_catalog))
    leaflet, listing = pages.run(tiny_catalog, reps=1)
    assert leaflet.ours > 0 and leaflet.ratio is not None
    assert listing.ours > 0 and listing.ratio is not None


def test_browser_benchmarks_navigate_and_read_peak_memory(tiny_catalog: Path) -> None:
    missing = browser.browser_missing()
    if missing is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser benchmark cannot run in CI: {missing}")
        pytest.skip(f"browser benchmark skipped: {missing}")
    navigation, leaflet, memory, restart = browser.run(tiny_catalog, reps=1)
    assert navigation.ratio is not None and navigation.ours > 0
    assert leaflet.ratio is not None and leaflet.ours > 0
    assert memory.ours > 0
    assert restart.ratio is not None and restart.ours > 0
    assert (tiny_catalog / INDEX_NAME).is_file()  # the first server wrote it; the restart read it


def test_concern_benchmark_reports_both_rates() -> None:
    [figure, *_] = concerns.run(n=20, pg_url="")
    assert figure.ours > 0 and figure.floor is not None and figure.floor > 0


def test_run_all_writes_the_results_table(tiny_catalog: Path, tmp_path: Path) -> None:
    from benchmarks import run_all

    results = tmp_path / "RESULTS.md"
    assert (
        run_all.main(
            [
                "--catalog",
                str(tiny_catalog),
                "--reps",
                "1",
                "--chunks",
                "1",
                "--concern-n",
                "10",
                "--no-browser",
                "--results",
                str(results),
            ]
        )
        == 0
    )
    text = results.read_text(encoding="utf-8")
    assert "| 1. cold load + validation |" in text and "| CPU |" in text
