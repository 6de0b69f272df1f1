"""Untrusted card text: rendered Markdown runs no script and loads no image; escaped text shows as typed."""

import base64

import pytest

from gmlp_cards.config import image_hosts
from gmlp_cards.render.safe_markdown import escape_markdown, to_html


def test_raw_html_is_shown_as_text_not_markup() -> None:
    html = to_html("<script>alert(1)</script> <img src=x onerror=alert(1)>")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_only_http_https_and_mailto_links_become_links() -> None:
    html = to_html(
        "[a](javascript:alert(1)) [b](data:text/html,x) [c](https://example.org) "
        "[d](mailto:safety@example.org)"
    )
    assert html.count("<a ") == 2
    assert 'href="https://example.org"' in html and 'href="mailto:safety@example.org"' in html


def test_escaped_text_has_no_markdown_or_streamlit_directive_left() -> None:
    escaped = escape_markdown("[x](javascript:1) **b** :red[c] `code` $x$")
    html = to_html(escaped)
    assert "<a " not in html and "<strong>" not in html
    assert "<code>" not in html
    assert "[x](javascript:1) **b** :red[c] `code` $x$" in html.replace("\\", "")


# --- Images: drawn only when embedded raster or from an allowed https host, else a link (issue #12) ---

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNg+M/A8B8ABQACAeKjtbAAAAAASUVORK5CYII="
ALLOWED = frozenset({"images.example.org"})


def test_an_embedded_png_is_drawn() -> None:
    html = to_html(f"![dot](data:image/png;base64,{PNG})", frozenset())
    assert f'<img src="data:image/png;base64,{PNG}" alt="dot"' in html


@pytest.mark.parametrize(
    ("kind", "head"),
    [
        ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("gif", b"GIF89a\x01\x00\x01\x00"),
        ("webp", b"RIFF\x1a\x00\x00\x00WEBPVP8L"),
    ],
)
def test_embedded_jpeg_gif_and_webp_are_drawn(kind: str, head: bytes) -> None:
    payload = base64.b64encode(head + b"\x00" * 12).decode()
    assert "<img " in to_html(f"![x](data:image/{kind};base64,{payload})", frozenset())


def test_an_embedded_svg_is_named_not_drawn() -> None:
    svg = base64.b64encode(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
        b'<image href="http://tracker.example/p.png"/></svg>'
    ).decode()
    html = to_html(f"![diagram](data:image/svg+xml;base64,{svg})", frozenset())
    assert "<img" not in html and "data:" not in html
    assert "Image: diagram (embedded image not shown" in html


def test_an_embedded_image_whose_bytes_are_not_the_declared_raster_is_not_drawn() -> None:
    svg_as_png = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"/>').decode()
    html = to_html(f"![x](data:image/png;base64,{svg_as_png})", frozenset())
    assert "<img" not in html and "Image: x" in html


def test_a_remote_image_is_a_link_with_its_alt_text_and_address() -> None:
    html = to_html("See ![ROC *curve*](https://tracker.example/roc.png).", frozenset())
    assert "<img" not in html
    assert (
        '<a href="https://tracker.example/roc.png" rel="nofollow noopener noreferrer">'
        "Image: ROC curve</a> (https://tracker.example/roc.png)"
    ) in html


@pytest.mark.parametrize(
    "text",
    [
        "![r][ref]\n\n[ref]: https://tracker.example/r.png",
        "![ref]\n\n[ref]: https://tracker.example/r.png",
        "![ref][]\n\n[ref]: https://tracker.example/r.png",
        "![r](<https://tracker.example/r.png>)",
        "[![r](https://tracker.example/r.png)](https://example.org)",
    ],
)
def test_reference_style_angle_and_linked_images_are_links_too(text: str) -> None:
    html = to_html(text, frozenset())
    assert "<img" not in html
    assert "(https://tracker.example/r.png)" in html


def test_raw_html_images_and_autolinks_load_nothing() -> None:
    html = to_html(
        '<img src="https://tracker.example/a.png"> <https://tracker.example/b.png> '
        '<svg><image href="https://tracker.example/c.png"/></svg>',
        frozenset(),
    )
    assert "<img" not in html and "<svg" not in html and "<image" not in html


def test_an_image_from_an_allowed_host_over_https_is_drawn_without_a_referrer() -> None:
    html = to_html("![chart](https://images.example.org/c.png)", ALLOWED)
    assert '<img src="https://images.example.org/c.png" alt="chart" referrerpolicy="no-referrer">' in html


@pytest.mark.parametrize(
    "url",
    [
        "http://images.example.org/c.png",  # http on an allowed host: anyone on the path can see and swap it
        "https://images.example.org:8443/c.png",
        "https://evil.images.example.org/c.png",
        "https://images.example.org.evil.example/c.png",
        "https://user@images.example.org/c.png",
    ],
)
def test_an_image_is_drawn_only_over_https_from_exactly_an_allowed_host(url: str) -> None:
    html = to_html(f"![chart]({url})", ALLOWED)
    assert "<img" not in html and "Image: chart" in html


def test_images_follow_the_configured_hosts_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "![chart](https://cdn.maker.example/c.png)"
    monkeypatch.setenv("GMLP_CARDS_IMAGE_HOSTS", "images.example.org, CDN.maker.example")
    assert "<img " in to_html(text)
    monkeypatch.delenv("GMLP_CARDS_IMAGE_HOSTS")
    assert "<img" not in to_html(text)


def test_a_link_to_a_data_url_keeps_its_text_and_loses_the_link() -> None:
    html = to_html(f"[open me](data:image/png;base64,{PNG}) and [ok](https://example.org)", frozenset())
    assert "data:" not in html
    assert "<p>open me and " in html and html.count("<a ") == 1


@pytest.mark.parametrize(
    "text",
    [
        "![x](https://tracker.example/a.png)",
        "![x][r]\n\n[r]: https://tracker.example/a.png",
        "<https://tracker.example/a.png>",
    ],
)
def test_escaped_text_cannot_form_an_image_or_a_link(text: str) -> None:
    html = to_html(escape_markdown(text), ALLOWED | {"tracker.example"})
    assert "<img" not in html and "<a " not in html


def test_configured_image_hosts_keep_bare_host_names_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "GMLP_CARDS_IMAGE_HOSTS",
        " Images.Example.org ,https://cdn.example,cdn.example:8443,*.example,,203.0.113.7",
    )
    assert image_hosts() == {"images.example.org", "203.0.113.7"}


@pytest.mark.parametrize(
    ("typed", "broken"),
    [
        ("log in at http://evil.example/login", "http\u2060://evil.example"),
        ("HTTPS://evil.example", "HTTPS\u2060://"),
        ("www.evil.example", "www\u2060.evil"),
        ("write to me@evil.example", "me\u2060@evil"),
        ("mailto:me", "mailto\u2060:me"),
    ],
)
def test_escaped_text_holds_no_bare_address_to_autolink(typed: str, broken: str) -> None:
    # Streamlit links bare addresses whatever the backslashes; a word joiner keeps them text.
    escaped = escape_markdown(typed)
    assert broken in escaped
    assert escaped.replace("\u2060", "") == typed


def test_ordinary_colons_and_words_are_left_alone() -> None:
    typed = "Note: 3 of 4 sites (www is not a link)"
    assert escape_markdown(typed) == typed
