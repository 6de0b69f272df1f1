"""A long value on a glance, shortened on a phone: its first words, then "Show all" for the rest.

The front of pack must show the intended users, the decision role and the first warning on a
phone's first screen (issue 15), whatever the length of a card's texts: FDA indications run to
several sentences. On a narrow screen (<= 640 px) a value longer than its budget shows its first
words up to a word boundary, an ellipsis that says more follows, and a native `<details>` control
that shows the whole text in place; wider screens always show the whole text. The cut is plain text
taken from the rendered value (no Markdown is ever cut in half); the whole value stays in the page,
so a screen reader or a search finds all of it.
"""

from __future__ import annotations

import html
from functools import lru_cache
from html.parser import HTMLParser

__all__ = ["BRIEF_CSS", "brief_html", "cut"]

BRIEF_CSS = """
.gc-brief > .gc-cut, .gc-brief > .gc-more {display: none;}
@media (max-width: 640px) {
  .gc-brief > .gc-cut, .gc-brief > .gc-more, .gc-more > summary {display: inline;}
  .gc-brief > .gc-whole {display: none;}
  .gc-brief:has(> .gc-more[open]) > .gc-whole {display: block;}
  .gc-brief:has(> .gc-more[open]) > .gc-cut {display: none;}
  .gc-more > summary {cursor: pointer; text-decoration: underline; list-style: none; margin-left: .3rem;
    white-space: nowrap;}
  .gc-more > summary::-webkit-details-marker {display: none;}
  .gc-more[open] .gc-show, .gc-more:not([open]) .gc-hide {display: none;}}
"""
"""Our own static styles only. Wider screens never see the cut: their lines hold three times as much."""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(value_html: str) -> str:
    reader = _Text()
    reader.feed(value_html)
    reader.close()
    return " ".join("".join(reader.parts).split())


def cut(value_html: str, limit: int) -> str | None:
    """The first words of the rendered value, at most `limit` characters, ending "…"; None when the
    whole text fits. Cut at a sentence end when one falls in the last third, else at a word."""
    text = _text(value_html)
    if len(text) <= limit:
        return None
    window = text[: limit + 1]
    sentence = window.rfind(". ", 0, limit)
    if sentence >= limit * 2 // 3:
        return window[: sentence + 1] + " …"
    word = window.rfind(" ", 0, limit)
    head = window[: word if word > 0 else limit].rstrip(" ,;:–—-·")
    return head + "…"


def brief_html(value_html: str, limit: int) -> str:
    """`value_html` as it is when it fits `limit` (or `limit` is 0), else its cut and the whole text
    behind "Show all" on a phone."""
    return _brief(value_html, limit) if limit else value_html


@lru_cache(maxsize=1024)
def _brief(value_html: str, limit: int) -> str:
    # Memoised like safe_markdown.to_html: the front of pack draws these on every rerun, and parsing
    # the HTML for its text is a pure function of the value. A glance has ~6 such values per card.
    shortened = cut(value_html, limit)
    if shortened is None:
        return value_html
    return (
        f'<div class="gc-brief"><span class="gc-cut">{html.escape(shortened)}</span>'
        f'<details class="gc-more"><summary><span class="gc-show">Show all</span>'
        f'<span class="gc-hide">Show less</span></summary></details>'
        f'<div class="gc-whole">{value_html}</div></div>'
    )
