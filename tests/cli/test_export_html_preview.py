"""`export --to html --tier ...` and `preview`: each tier's HTML written from local files, no database."""

from __future__ import annotations

import io
import tempfile
import webbrowser
from pathlib import Path

import pytest

from gmlp_cards.cli import preview
from gmlp_cards.cli.main import main
from gmlp_cards.config import display_available

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "model_cards"
LUMEN = "lumen-cxr-triage"
TIERS = ("front", "back", "leaflet", "patient")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the command asked the browser to open; nothing is ever really opened in tests."""
    calls: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: calls.append(url) or True)
    return calls


@pytest.mark.parametrize(
    ("tier", "words"),
    [
        ("front", "Lumen CXR Triage"),
        ("patient", "Your chest X-ray may be checked by a computer program called Lumen."),
    ],
)
def test_export_html_writes_one_self_contained_tier(tmp_path: Path, tier: str, words: str) -> None:
    target = tmp_path / "out.html"
    code, out = run(
        "export", LUMEN, "1.1.0", "--to", "html", "--tier", tier, "--cards", str(SHIPPED), "-o", str(target)
    )
    assert code == 0 and out.startswith(f"wrote {target} (")
    document = target.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>")
    assert 'http-equiv="Content-Security-Policy"' in document  # the export's CSP: the file stays inert
    assert words in document


def test_export_html_defaults_to_the_front_named_by_device_version_and_tier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _ = run("export", LUMEN, "1.0.0", "--to", "html", "--cards", str(SHIPPED))
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == [f"{LUMEN}-1.0.0-front.html"]


def test_preview_writes_every_tier_and_an_index_and_opens_nothing_with_no_open(
    tmp_path: Path, opened: list[str]
) -> None:
    folder = tmp_path / "preview"
    code, out = run("preview", LUMEN, "1.1.0", "--cards", str(SHIPPED), "-o", str(folder), "--no-open")
    assert code == 0
    assert out.splitlines() == [f"wrote {folder / f'{t}.html'}" for t in TIERS] + [
        f"wrote {folder / 'index.html'}"
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{t}.html" for t in TIERS] + ["index.html"])
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'<a href="{t}.html">{t}</a>' in index for t in TIERS)
    assert "<title>Lumen CXR Triage 1.1.0 (published)</title>" in index
    assert opened == []


def test_preview_of_a_fresh_draft_works_from_the_card_folder_alone(
    tmp_path: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the new temporary folder goes here
    cards = tmp_path / "model_cards"
    assert run("new-device", "acme-fundus", "--cards", str(cards))[0] == 0
    code, out = run("preview", "acme-fundus", "1.0.0", "--cards", str(cards), "--no-open")
    assert code == 0
    front = Path(out.splitlines()[0].removeprefix("wrote "))
    assert front.name == "front.html" and front.parent.name.startswith(
        "gmlp-cards-preview-acme-fundus-1.0.0-"
    )
    assert "draft" in front.read_text(encoding="utf-8")
    assert oct(front.parent.stat().st_mode & 0o777) == "0o700"  # a temporary folder only this user reads


def test_preview_without_a_display_prints_the_path_instead_of_opening(
    tmp_path: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview, "display_available", lambda: False)
    code, out = run(
        "preview", LUMEN, "1.1.0", "--cards", str(SHIPPED), "-o", str(tmp_path), "--tier", "patient"
    )
    assert code == 0
    assert (
        out.splitlines()[-1]
        == f"no display to open a browser on; open {(tmp_path / 'patient.html').resolve()} yourself"
    )
    assert opened == []


def test_preview_with_a_display_opens_the_chosen_tier(
    tmp_path: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview, "display_available", lambda: True)
    code, out = run("preview", LUMEN, "1.1.0", "--cards", str(SHIPPED), "-o", str(tmp_path), "--tier", "back")
    assert code == 0
    assert opened == [(tmp_path / "back.html").resolve().as_uri()]
    assert out.splitlines()[-1] == f"opened {(tmp_path / 'back.html').resolve()}"


def test_preview_of_an_unknown_version_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("preview", LUMEN, "9.9.9", "--cards", str(SHIPPED), "--no-open")[0] == 2
    assert f"no card {LUMEN} 9.9.9 under {SHIPPED}/" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({}, "linux", False),
        ({"DISPLAY": ""}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "darwin", True),
        ({}, "win32", True),
    ],
)
def test_a_browser_is_opened_only_where_there_is_a_display(
    environ: dict[str, str], platform: str, expected: bool
) -> None:
    assert display_available(environ, platform) is expected
