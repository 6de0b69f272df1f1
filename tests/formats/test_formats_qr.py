"""QR labels: PNG and SVG for the stable deep link, decoded back to the same URL."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from demo_export import export_demo
from lxml import etree

from gmlp_cards.formats.qr import deep_link, qr_png, qr_svg

ZBARIMG = shutil.which("zbarimg")
needs_zbar = pytest.mark.skipif(
    ZBARIMG is None and not os.environ.get("CI"), reason="zbarimg (Debian zbar-tools) is not installed"
)


def _decode(path: Path) -> str:
    assert ZBARIMG, "zbarimg is required in CI (scripts/test-services.sh installs zbar-tools)"
    done = subprocess.run(
        [ZBARIMG, "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30, check=True
    )
    return done.stdout.strip()


def test_deep_link_is_stable_and_uses_the_public_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GMLP_CARDS_BASE_URL", "https://cards.example.org/")
    assert deep_link("retina-dr-screen", "2.0.0", "leaflet") == (
        "https://cards.example.org/device?device=retina-dr-screen&version=2.0.0&tier=leaflet"
    )
    assert deep_link("retina-dr-screen", "2.0.0", "patient") == (
        "https://cards.example.org/patient?device=retina-dr-screen&version=2.0.0"
    )


@needs_zbar
def test_png_decodes_back_to_the_url(tmp_path: Path) -> None:
    url = deep_link("demo-dr-screen", "1.0.0", "back", base="https://cards.example.org")
    path = tmp_path / "label.png"
    path.write_bytes(qr_png(url))
    assert _decode(path) == url


def test_svg_is_well_formed_and_names_its_url() -> None:
    url = deep_link("demo-dr-screen", "1.0.0", "front", base="https://cards.example.org")
    root = etree.fromstring(qr_svg(url, title="DemoScreen DR 1.0.0"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.findtext("{http://www.w3.org/2000/svg}desc") == url
    assert qr_svg(url) == qr_svg(url)  # deterministic


@needs_zbar
def test_cli_writes_png_and_svg_for_the_tier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GMLP_CARDS_BASE_URL", "https://cards.example.org")
    code = export_demo(tmp_path / "label", "--to", "qr", "--tier", "leaflet")
    assert code == 0
    assert (tmp_path / "label.svg").is_file()
    assert _decode(tmp_path / "label.png") == (
        "https://cards.example.org/device?device=demo-dr-screen&version=1.0.0&tier=leaflet"
    )


SVG = "{http://www.w3.org/2000/svg}"


def _label_text(svg: bytes) -> list[str]:
    return [t.text or "" for t in etree.fromstring(svg).iter(f"{SVG}text")]


def test_the_svg_label_says_in_text_what_the_code_opens() -> None:
    url = deep_link("demo-dr-screen", "1.0.0", "front", base="https://cards.example.org")
    lines = _label_text(qr_svg(url, title="DemoScreen DR 1.0.0"))
    assert lines[0] == "DemoScreen DR 1.0.0"
    assert "".join(lines[1:]) == url  # the URL, wrapped to the code's width, and nothing else
    assert not any("Not for print" in line for line in lines)


def test_a_label_whose_link_only_works_on_the_portals_machine_says_so() -> None:
    url = deep_link("demo-dr-screen", "1.0.0", "front", base="http://localhost:8501")
    words = " ".join(_label_text(qr_svg(url, title="DemoScreen DR 1.0.0")))
    assert "Not for print" in words
    assert "GMLP_CARDS_BASE_URL" in words


def test_label_text_cannot_carry_markup() -> None:
    url = deep_link("demo-dr-screen", "1.0.0", "front", base="https://cards.example.org")
    svg = qr_svg(url, title='<script>alert(1)</script> & "DR"')
    assert b"<script>" not in svg
    assert _label_text(svg)[0].startswith("<script>alert(1)</script>")  # shown as text, escaped in the file


def _png_label(url: str, title: str | None = None) -> tuple[dict[str, str], list[tuple[int, int, int]], int]:
    """The PNG label's stored text, the colours of its pixels below the code, and its height."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(qr_png(url, title=title)))
    code_height = Image.open(io.BytesIO(_bare_code_png(url))).height
    below = image.convert("RGB").crop((0, code_height, image.width, image.height))
    return dict(image.text), list(below.get_flattened_data()), image.height - code_height


def _bare_code_png(url: str) -> bytes:
    import io

    import segno

    buffer = io.BytesIO()
    segno.make_qr(url, error="m", boost_error=False).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def _reddish(pixel: tuple[int, int, int]) -> bool:
    red, green, blue = pixel
    return red > 120 and green < 90 and blue < 100


def test_the_png_label_draws_device_version_and_url_under_the_code() -> None:
    url = deep_link("demo-dr-screen", "1.0.0", "front", base="https://cards.example.org")
    text, below, extra = _png_label(url, "DemoScreen DR 1.0.0")
    assert text["Title"] == "DemoScreen DR 1.0.0"
    assert text["Description"].split("\n")[0] == "DemoScreen DR 1.0.0"
    assert "".join(text["Description"].split("\n")[1:]) == url
    assert extra >= 3 * 12  # three lines of 12 px text at the least: name, and the URL on two
    assert sum(1 for pixel in below if max(pixel) < 100) > 200  # dark glyphs are drawn, not only stored
    assert not any(_reddish(pixel) for pixel in below)


@needs_zbar
def test_the_png_label_with_text_still_decodes_to_the_url(tmp_path: Path) -> None:
    url = deep_link("demo-dr-screen", "1.0.0", "leaflet", base="https://cards.example.org")
    path = tmp_path / "label.png"
    path.write_bytes(qr_png(url, title="DemoScreen DR 1.0.0"))
    assert _decode(path) == url


def test_a_png_label_on_localhost_warns_in_red_text() -> None:
    url = deep_link("demo-dr-screen", "1.0.0", "front", base="http://localhost:8501")
    text, below, _ = _png_label(url, "DemoScreen DR 1.0.0")
    assert "Not for print: its links point to http://localhost:8501, which opens only on the" in (
        text["Description"].replace("\n", " ")
    )
    assert sum(1 for pixel in below if _reddish(pixel)) > 100  # the warning is drawn, in red
