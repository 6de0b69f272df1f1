"""Draws renderer-neutral blocks (gmlp_cards.render.blocks) as Streamlit elements, card text always sanitised.

Card Markdown goes through `safe_markdown.to_html` and then `st.html` (which sanitises again with
DOMPurify); labels and table cells go through elements that escape (st.dataframe, st.markdown without
unsafe HTML). Headings and notices quote card words (a study title, a contact address) in elements
that read Markdown, so they are escaped too: `![x](http://...)` there would otherwise load an image.
Nothing here uses `unsafe_allow_html`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from gmlp_cards.render.blocks import (
    Badge,
    Block,
    Bullets,
    Chart,
    DeviceLink,
    Facts,
    Heading,
    IconArray,
    Markdown,
    Notice,
    ReportLink,
    Table,
    report_url,
)
from gmlp_cards.render.brief import BRIEF_CSS, brief_html
from gmlp_cards.render.safe_markdown import escape_markdown, to_html
from gmlp_cards.render.table_html import READER_CSS, draws_as_text, table_html
from gmlp_cards.ui.menu import DEVICE_PAGE, PATIENT_PAGE, REPORT_PAGE, page_link

log = logging.getLogger(__name__)

# Our own static styles only (render/table_html.py), shared with the printable export.
# Headings drawn in a run of card text (`block_html`) look as Streamlit's st.header/st.subheader do;
# a box is a bordered panel as st.container(border=True) draws one.
SCREEN_CSS = """
.gc-box {border: 1px solid rgba(128, 128, 128, .45); border-radius: .5rem; padding: .75rem 1rem;
  overflow-wrap: anywhere;}
.gc-box > :last-child {margin-bottom: 0;}
h2.gc-heading, h3.gc-heading {font-weight: 600; line-height: 1.2; margin: 0; scroll-margin-top: 3.75rem;}
h2.gc-heading {font-size: 2.25rem; letter-spacing: -.005em; padding: 1rem 0 .75rem 0;}
h3.gc-heading {font-size: 1.75rem; letter-spacing: -.005em; padding: .75rem 0 1rem 0;}
@media (max-width: 640px) {h2.gc-heading {font-size: 1.5rem; padding: .5rem 0 .25rem 0;}
  h3.gc-heading {font-size: 1.25rem; padding: .25rem 0 0 0;}}
"""
STYLE = f"<style>{READER_CSS}{SCREEN_CSS}{BRIEF_CSS}</style>"


@dataclass(frozen=True)
class PreparedTable(Table):
    """A table whose Arrow form is built once, for blocks that are cached and drawn on every rerun."""

    arrow: Any = field(default=None, compare=False)  # a pyarrow.Table, or None: let Streamlit convert


def prepare(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Blocks ready to be drawn again and again (keep them in a cache): every figure is built once
    and serialised once (`figures.frozen`), every table converted to Arrow once.

    What Streamlit receives is unchanged: it would convert the same frame with the same
    `pyarrow.Table.from_pandas` call, and serialise the same figure.
    """
    return tuple(_prepared(block) for block in blocks)


def _prepared(block: Block) -> Block:
    if isinstance(block, Chart):
        return replace(block, make=cache(_frozen_maker(block.make)))
    if isinstance(block, Table) and not isinstance(block, PreparedTable):
        return PreparedTable(block.caption, block.frame, block.note, arrow=_arrow(block.frame))
    return block


def _frozen_maker(make: Callable[[], Any]) -> Callable[[], Any]:
    def build() -> Any:
        from gmlp_cards.ui.figures import frozen  # plotly is imported only when a chart is drawn

        return frozen(make())

    return build


def _arrow(frame: Any) -> Any:
    import pyarrow as pa

    try:
        # Streamlit's own first attempt (dataframe_util.convert_pandas_df_to_arrow_table), so the
        # bytes it sends are the same; st.dataframe serialises a pyarrow.Table without converting.
        return pa.Table.from_pandas(frame)
    except (pa.ArrowException, OverflowError):
        return None  # Streamlit's conversion fixes such columns itself: leave it the frame


def md_html(text: str) -> str:
    return f'<div class="gc-md">{to_html(text)}</div>'


def md(text: str) -> None:
    """Show untrusted card Markdown."""
    st.html(md_html(text))


def facts_html(items: Sequence[tuple[str, str]], brief: int = 0) -> str:
    rows = "".join(
        f"<dt>{html.escape(label)}</dt><dd>{brief_html(to_html(value), brief)}</dd>" for label, value in items
    )
    return f'<dl class="gc-facts">{rows}</dl>'


def badge_html(text: str) -> str:
    """A badge ("Fictional example ...") as HTML, so it joins the element around it: a Markdown
    badge was one more element to send and lay out, and its icon font one more request."""
    return f'<p><span class="gc-badge">{html.escape(text)}</span></p>'


def bullets_html(items: Sequence[str], label: str = "", brief: int = 0) -> str:
    head = f'<p class="gc-list-label">{html.escape(label)}</p>' if label else ""
    items_html = "".join(f"<li>{brief_html(to_html(item), brief)}</li>" for item in items)
    return f'{head}<ul class="gc-list">{items_html}</ul>'


def device_link(link: DeviceLink) -> None:
    # The patient view is its own page, in the reader's language; the query is the link's own rule.
    page = PATIENT_PAGE if link.to_patient_page else DEVICE_PAGE
    page_link(page, label=link.label, icon=":material/arrow_forward:", query_params=link.query())


def report_link(device_id: str, version: str, label: str = "Report a concern about this device") -> None:
    """A link to the concern form carrying device and version; a plain URL until that page exists."""
    params = {"device": device_id, "version": version}
    try:
        page_link(REPORT_PAGE, label=label, icon=":material/campaign:", query_params=params)
    except StreamlitAPIException:
        # views/report.py is not registered with st.navigation (yet): link by its public URL instead.
        st.link_button(label, report_url(device_id, version), icon=":material/campaign:")


def notice(block: Notice) -> None:
    show = {"info": st.info, "warning": st.warning, "error": st.error, "success": st.success}[block.kind]
    show(plain(block.text))
    if block.link is not None:
        device_link(block.link)


def block_html(block: Block) -> str | None:
    """The block as HTML when it is text only, else None: `render` joins a run of such blocks into one
    element. Headings are escaped as HTML here (no Markdown element reads them)."""
    match block:
        case Heading(text=text, level=level):
            tag = "h2" if level <= 2 else "h3"
            return f'<{tag} class="gc-heading">{html.escape(text)}</{tag}>'
        case Markdown(text=text):
            return md_html(text)
        case Facts(items=items, brief=brief):
            return facts_html(items, brief)
        case Bullets(items=items, label=label, brief=brief):
            return bullets_html(items, label, brief)
        case Table(caption=caption, frame=frame, note=note) if draws_as_text(frame):
            return table_html(caption, frame, note)  # sentences wrap; phones stack the columns
        case Badge(text=text):
            return badge_html(text)
    return None


def render(blocks: Sequence[Block], key: str = "blocks", lang: str = "", *, styled: bool = False) -> None:
    """Draw every block in order; `key` keeps chart element ids unique per page; `lang` marks the
    card text's language (the page's own <html lang> is Streamlit's and needs script to change).
    `styled`: the page has drawn STYLE already (the device page, once, in its header), so this call
    adds none of its own.

    Issue 15: each element is one more for the browser to lay out and for a rerun to send (the front
    of pack was 22), so a run of text blocks (headings, Markdown, facts, lists, text tables, badges)
    is ONE st.html; tables of figures, charts, notices and links are Streamlit's own elements.
    """
    run: list[str] = []
    style = "" if styled else STYLE  # drawn with the first run of text, the only HTML it styles

    def flush() -> None:
        nonlocal style
        if run:
            fragment = "".join(run)
            st.html(style + (f'<div lang="{html.escape(lang)}">{fragment}</div>' if lang else fragment))
            style = ""
        run.clear()

    for index, block in enumerate(blocks):
        fragment = block_html(block)
        if fragment is not None:
            run.append(fragment)
            continue
        flush()
        match block:
            case Table(caption=caption, frame=frame, note=note):
                st.markdown(f"**{plain(caption)}**")
                arrow = block.arrow if isinstance(block, PreparedTable) else None
                st.dataframe(frame if arrow is None else arrow, hide_index=True, width="stretch")
                if note:
                    st.caption(plain(note))
            case Chart(caption=caption, make=make):
                _chart(caption, make, f"{key}-chart-{index}")
            case Notice():
                notice(block)
            case ReportLink(device_id=device_id, version=version, label=label):
                report_link(device_id, version, label)
            case DeviceLink():
                device_link(block)
            case IconArray(counts=counts, labels=labels, title=title):
                from gmlp_cards.ui.figures import icon_figure  # plotly only when an array is drawn

                st.plotly_chart(
                    icon_figure(counts, labels, title),
                    config={"displayModeBar": False, "staticPlot": True},
                    key=f"{key}-icons-{index}",
                )
    flush()


def _chart(caption: str, make: object, key: str) -> None:
    try:
        figure = make()  # type: ignore[operator]
    except Exception:  # a broken chart must not hide the rest of the card; its table follows
        log.exception("chart %r failed", caption)
        st.caption(f"The chart “{plain(caption)}” could not be drawn; see the table below.")
        return
    st.plotly_chart(figure, key=key, config={"displaylogo": False})


def plain(text: str) -> str:
    """Escape Markdown syntax so a label that quotes card words is shown literally."""
    return escape_markdown(text)
