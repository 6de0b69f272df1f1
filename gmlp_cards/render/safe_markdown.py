"""Card text as Markdown with raw HTML off, links limited to http, https and mailto, and images that
make nobody's browser fetch anything the operator has not allowed.

An image in card text is drawn only when it is embedded (a `data:` URL of a PNG, JPEG, GIF or WebP
whose bytes really are that format) or served over https from a host listed in
`GMLP_CARDS_IMAGE_HOSTS` (`config.image_hosts`). Any other image becomes a link with its alt text,
"Image: <alt>", followed by the address, so a remote image cannot track who reads a card.

SVG is refused even when embedded: it is a document that can hold script and references to remote
files. Browsers do not run either inside `<img>`, but the same data URL opened on its own, or read by
another renderer of the exported file, may; raster formats carry neither.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from gmlp_cards import config

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
EMBEDDED_IMAGE_PREFIX = "data:image/"

# The first bytes of each raster format accepted inline; WebP is RIFF....WEBP (checked separately).
_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/]+={0,2})", re.IGNORECASE)
_REFUSED_EMBEDDED = "(embedded image not shown: only PNG, JPEG, GIF and WebP are shown)"


def _validate_link(url: str) -> bool:
    # javascript:, vbscript:, file: and relative tricks stay plain text. `data:image/` passes here
    # only so that such an image is parsed as one and can be judged (kept or named) when drawn; a
    # *link* to a data: URL is unlinked by `_unlink_data_links`.
    lowered = url.strip().lower()
    return lowered.startswith(ALLOWED_SCHEMES) or lowered.startswith(EMBEDDED_IMAGE_PREFIX)


def embedded_raster(url: str) -> bool:
    """Whether `url` is a base64 `data:` URL of a PNG, JPEG, GIF or WebP whose bytes match that type."""
    match = _DATA_IMAGE.fullmatch(url)
    if match is None:
        return False
    kind, payload = match.group(1).lower(), match.group(2)
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return False
    if kind == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return data.startswith(_SIGNATURES[kind])


def image_allowed(url: str, hosts: frozenset[str]) -> bool:
    """Whether an image at `url` may be drawn: embedded raster, or https on default port from `hosts`."""
    if url[:5].lower() == "data:":
        return embedded_raster(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, a malformed IPv6 literal
        return False
    return (
        parts.scheme == "https"
        and parts.hostname in hosts
        and port in (None, 443)
        and parts.username is None
        and parts.password is None
    )


def _render_image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    hosts = env.get("image_hosts", frozenset()) if isinstance(env, dict) else frozenset()
    if image_allowed(src, hosts):
        title = token.attrGet("title")
        title_attr = f' title="{html.escape(str(title))}"' if title else ""
        # no-referrer: an allowed host need not learn which card the reader was on. The HTML export
        # keeps it; st.html's DOMPurify drops the attribute, and the browser then sends the origin only.
        return (
            f'<img src="{html.escape(src)}" alt="{html.escape(alt)}"{title_attr} '
            'referrerpolicy="no-referrer">'
        )
    label = html.escape(f"Image: {alt}" if alt.strip() else "Image")
    if src[:5].lower() == "data:":
        return f"{label} {_REFUSED_EMBEDDED}"
    address = html.escape(src)
    return f'<a href="{address}" rel="nofollow noopener noreferrer">{label}</a> ({address})'


def _unlink_data_links(state: StateCore) -> None:
    # A link (not an image) to a data: URL keeps its text and loses the link: top-level data: URLs
    # can hold whole documents. CommonMark links do not nest, so the next link_close is its own.
    for block in state.tokens:
        children = block.children or []
        unlinking = False
        for index, token in enumerate(children):
            if token.type == "link_open" and str(token.attrGet("href") or "")[:5].lower() == "data:":
                children[index] = Token("text", "", 0, content="")
                unlinking = True
            elif token.type == "link_close" and unlinking:
                children[index] = Token("text", "", 0, content="")
                unlinking = False


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    # `js-default` is CommonMark with html disabled: `<script>` is shown as text, not passed through.
    md = MarkdownIt("js-default", {"linkify": False, "typographer": False})
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.add_render_rule("image", _render_image)
    md.core.ruler.after("inline", "unlink_data_links", _unlink_data_links)
    return md


def allowed_hosts(image_hosts: frozenset[str] | None = None) -> frozenset[str]:
    """`image_hosts` when given (`frozenset()`: none at all), else the operator's `GMLP_CARDS_IMAGE_HOSTS`."""
    return config.image_hosts() if image_hosts is None else image_hosts


def to_html(text: str, image_hosts: frozenset[str] | None = None) -> str:
    """Render untrusted card Markdown to HTML that cannot carry script or load a disallowed image.

    `image_hosts` defaults to the operator's `GMLP_CARDS_IMAGE_HOSTS`; pass `frozenset()` where
    nothing may be fetched at all (the server's PDF printer).
    """
    return _cached_html(text, allowed_hosts(image_hosts))


@lru_cache(maxsize=4096)
def _cached_html(text: str, image_hosts: frozenset[str]) -> str:
    # Memoized: a leaflet converts ~120 card texts on every rerun (~18% of it) and the output is a
    # pure function of the text and the hosts. Texts are short (median ~100 characters), so 4,096
    # entries (the texts of ~30 leaflets) stay within a few MB; thread-safe, returns immutable str.
    return _renderer().render(text, {"image_hosts": image_hosts})


def to_inline_html(text: str, image_hosts: frozenset[str] | None = None) -> str:
    """Like `to_html` for a single line, without the wrapping paragraph."""
    return _renderer().renderInline(text, {"image_hosts": allowed_hosts(image_hosts)})


# Inline syntax only: links and images need `[`, Streamlit's `:color[...]` directives too, so escaping
# the brackets disarms them; block syntax (`#`, `-`, `1.`) cannot start inside a title or sentence.
_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]<>~$|"})
_WORD_JOINER = "\u2060"
# Streamlit's Markdown (remark-gfm) turns bare addresses into live links, which no backslash escape
# stops: `http://…`, `www.…`, `name@host`, `mailto:`/`xmpp:`. An invisible word joiner inside each
# (checked in Chromium) leaves the text as typed to the eye but no longer an address.
_AUTOLINK = re.compile(
    r"(?<=[a-z0-9])(?=://)|(?<=\bwww)(?=\.)|(?=@)|(?:(?<=\bmailto)|(?<=\bxmpp))(?=:)", re.IGNORECASE
)


def escape_markdown(text: str) -> str:
    """Card text made literal for Streamlit elements that read Markdown (titles, captions, alerts).

    Backslash-escapes the characters of inline Markdown and Streamlit directives (`:red[...]`, links,
    images, emphasis, code, maths, tables), so a device named `[x](javascript:...)` or `![x](http://...)`
    shows as typed and loads nothing; bare addresses are broken by an invisible word joiner so that
    they are not turned into links either.
    """
    # Titles and labels are escaped again on every rerun of a page: remember the short ones (at most
    # 4,096 of 256 characters, a few MB whatever the cards say); a long text is escaped each time.
    return _escape_short(text) if len(text) <= _SHORT else _escape(text)


_SHORT = 256


def _escape(text: str) -> str:
    return _AUTOLINK.sub(_WORD_JOINER, text.translate(_MARKDOWN_SPECIALS))


_escape_short = lru_cache(maxsize=4096)(_escape)
