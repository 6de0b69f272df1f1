"""Untrusted card text: rendered Markdown cannot carry script; escaped text shows as typed."""

from gmlp_cards.safe_markdown import escape_markdown, to_html


def test_raw_html_is_shown_as_text_not_markup() -> None:
    html = to_html("<script>alert(1)</script> <img src=x onerror=alert(1)>")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_only_http_https_and_mailto_links_become_links() -> None:
    html = to_html("[a](javascript:alert(1)) [b](data:text/html,x) [c](https://example.org) "
                   "[d](mailto:safety@example.org)")
    assert html.count("<a ") == 2
    assert 'href="https://example.org"' in html and 'href="mailto:safety@example.org"' in html


def test_escaped_text_has_no_markdown_or_streamlit_directive_left() -> None:
    escaped = escape_markdown("[x](javascript:1) **b** :red[c] `code` $x$")
    html = to_html(escaped)
    assert "<a " not in html and "<strong>" not in html
    assert "<code>" not in html
    assert "[x](javascript:1) **b** :red[c] `code` $x$" in html.replace("\\", "")
