"""Card text as Markdown with raw HTML off and links limited to http, https and mailto."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


def _validate_link(url: str) -> bool:
    # Anything else (javascript:, data:, vbscript:, relative tricks) stays plain text.
    return url.strip().lower().startswith(ALLOWED_SCHEMES)


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    # `js-default` is CommonMark with html disabled: `<script>` is shown as text, not passed through.
    md = MarkdownIt("js-default", {"linkify": False, "typographer": False})
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=4096)
def to_html(text: str) -> str:
    """Render untrusted card Markdown to HTML that cannot carry script."""
    # Memoized: a leaflet converts ~120 card texts on every rerun (~18% of it) and the output is a
    # pure function of the text. Texts are short (median ~100 characters), so 4,096 entries (the
    # texts of ~30 leaflets) stay within a few MB; the cache is thread-safe and returns immutable str.
    return _renderer().render(text)


def to_inline_html(text: str) -> str:
    """Like `to_html` for a single line, without the wrapping paragraph."""
    return _renderer().renderInline(text)


# Inline syntax only: links and images need `[`, Streamlit's `:color[...]` directives too, so escaping
# the brackets disarms them; block syntax (`#`, `-`, `1.`) cannot start inside a title or sentence.
_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]<>~$|"})


def escape_markdown(text: str) -> str:
    """Card text made literal for Streamlit elements that read Markdown (titles, captions, alerts).

    Backslash-escapes the characters of inline Markdown and Streamlit directives (`:red[...]`, links,
    emphasis, code, maths, tables), so a device named `[x](javascript:...)` shows as typed.
    """
    return text.translate(_MARKDOWN_SPECIALS)
