"""Property tests: whatever card text is made of, rendered Markdown draws only allowed images, links
only safe schemes, and escaped text forms neither.

Texts are random sequences of the pieces image, link and reference syntax is built from (brackets,
parentheses, angle brackets, `!`, definitions, entities, backslashes, titles) and of addresses, the
allowed, the nearly allowed and the hostile. The judge is an HTML parser, not the renderer.
"""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gmlp_cards.render.safe_markdown import escape_markdown, to_html

ALLOWED = frozenset({"images.example.org"})
PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNg+M/A8B8ABQACAeKjtbAAAAAASUVORK5CYII="
)
ADDRESSES = [
    "https://images.example.org/a.png",
    "http://images.example.org/a.png",
    "https://images.example.org:8443/a.png",
    "https://images.example.org.evil.example/a.png",
    "https://x@images.example.org/a.png",
    "HTTPS://IMAGES.EXAMPLE.ORG/a.png",
    "https://tracker.example/p.gif",
    "//tracker.example/p.gif",
    "http://127.0.0.1:9/p.png",
    "javascript:alert(1)",
    "vbscript:x",
    "file:///etc/passwd",
    PNG,
    "data:image/png;base64,PHN2Zz48L3N2Zz4=",  # SVG bytes declared as PNG
    "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    "data:text/html,<script>alert(1)</script>",
    "mailto:safety@example.org",
]
PIECES = [
    "![",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "!",
    "\\",
    '"',
    "'",
    " ",
    "\n",
    "\n\n",
    ": ",
    "*",
    "_",
    "`",
    "&#33;",
    "&#91;",
    "&lt;",
    "&gt;",
    "alt",
    "ref",
    "word",
    ' "title"',
    "<img src=",
    "<svg><image href=",
    "[ref]: ",
    "%20",
    "\t",
]
# Whole constructs with an address slotted in, so that the random texts hold real images and links
# often (mixed with loose pieces that can break, nest or re-open them), not once in a million.
FORMS = [
    "![alt]({})",
    "![alt](<{}>)",
    '![alt]({} "title")',
    "![ref]\n\n[ref]: {}",
    "![alt][ref]\n\n[ref]: {}",
    "![ref][]\n\n[ref]: {}",
    "[ref]: {}\n\n",
    "[x]({})",
    "<{}>",
    "[![in]({})](https://example.org)",
    '<img src="{}">',
    "![a ![b]({})]({})",
    "![alt](\n{}\n)",
]
construct = st.builds(
    lambda form, address: form.replace("{}", address), st.sampled_from(FORMS), st.sampled_from(ADDRESSES)
)
text = st.lists(st.one_of(construct, st.sampled_from(PIECES + ADDRESSES)), max_size=20).map("".join)
MANY = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        if tag == "img":
            self.images.append(values.get("src") or "")
        if tag == "a":
            self.links.append(values.get("href") or "")
        if tag not in {"img", "a"}:
            assert not {"src", "href", "srcset", "style"} & set(values), (tag, attrs)


def _tags(html: str) -> _Tags:
    parsed = _Tags()
    parsed.feed(html)
    return parsed


@MANY
@given(text)
def test_rendered_text_draws_only_embedded_png_or_https_images_from_the_allowed_host(source: str) -> None:
    parsed = _tags(to_html(source, ALLOWED))
    for src in parsed.images:
        assert src == PNG or src.lower().startswith("https://images.example.org/"), (source, src)
    for href in parsed.links:
        assert href.lower().startswith(("http://", "https://", "mailto:")), (source, href)
    assert not parsed.tags & {"script", "svg", "image", "iframe", "object", "style", "link"}, source


@MANY
@given(text)
def test_escaped_text_renders_as_neither_image_nor_link(source: str) -> None:
    parsed = _tags(to_html(escape_markdown(source), ALLOWED | {"tracker.example"}))
    assert parsed.images == [] and parsed.links == [], source
