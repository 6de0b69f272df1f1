"""Tables of words as HTML that wraps, and the one reader stylesheet the portal and the export share.

st.dataframe cuts a cell at its column's width and, on a phone, hides the columns that do not fit
(issue 15: the cautions' "Why", the inputs table showed 2 of 6 columns). A table whose cells are
sentences is drawn here instead: every cell escaped, every line wrapping, and on a narrow screen
(<= 640 px) each row stacks into "column: value" lines, by CSS alone. Number grids stay dataframes
(sortable, and their cells are short).
"""

from __future__ import annotations

import html
import math

import pandas as pd

__all__ = ["READER_CSS", "WRAP_AT", "draws_as_text", "table_html"]

WRAP_AT = 32
"""Characters: a table with a longer text cell is drawn as wrapping HTML (a phone column holds ~30)."""

READER_CSS = """
dl.gc-facts {display: grid; grid-template-columns: minmax(9rem, 14rem) 1fr; gap: .25rem 1rem;
             margin: .25rem 0 1rem 0; padding: 0;}
dl.gc-facts dt {font-weight: 600;}
dl.gc-facts dd {margin: 0;}
dl.gc-facts dd p:last-child, .gc-md p:last-child {margin-bottom: 0;}
.gc-badge {display: inline-block; border: 2px solid #b26b00; border-radius: .4rem;
  padding: 0 .5rem; font-weight: 600; font-size: .9rem;}
.gc-list-label {font-weight: 600; margin: .5rem 0 .25rem 0;}
.gc-md, dl.gc-facts dd {overflow-wrap: anywhere;}
table.gc-table {border-collapse: collapse; width: 100%; margin: .25rem 0 1rem 0;}
table.gc-table caption {text-align: left; font-weight: 600; padding: .3rem 0;}
table.gc-table th, table.gc-table td {border: 1px solid rgba(128, 128, 128, .45); padding: .25rem .45rem;
  text-align: left; vertical-align: top; overflow-wrap: anywhere;}
table.gc-table th {background: rgba(128, 128, 128, .12);}
.gc-table-note {font-size: .9em; margin: -.6rem 0 1rem 0;}
/* Phones: each label runs into its value ("Population: Adults ..."), a line saved per fact; each
   table row becomes a list of "column: value" lines, so no column is hidden or cut. */
@media (max-width: 640px) {dl.gc-facts {display: block;} dl.gc-facts dt {float: left; clear: left;
  margin-right: .3rem;} dl.gc-facts dt::after {content: ":";} dl.gc-facts dd {margin: 0 0 .35rem 0;}
  dl.gc-facts {margin-bottom: .25rem;} ul.gc-list {padding-left: 1.1rem;}
  table.gc-table thead {position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap;}
  table.gc-table, table.gc-table tbody, table.gc-table tr, table.gc-table td {display: block;}
  table.gc-table caption {display: block;}
  table.gc-table tr {border: 1px solid rgba(128, 128, 128, .45); margin-bottom: .5rem;}
  table.gc-table td {border: none; border-bottom: 1px solid rgba(128, 128, 128, .2);}
  table.gc-table td::before {content: attr(data-label) ": "; font-weight: 600;}}
"""
"""Our own static styles only: no card text is ever interpolated here."""


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def draws_as_text(frame: pd.DataFrame) -> bool:
    """True when some cell is text longer than `WRAP_AT`: the table is read, not scanned."""
    return any(
        isinstance(value, str) and len(value) > WRAP_AT for column in frame.columns for value in frame[column]
    )


def table_html(caption: str, frame: pd.DataFrame, note: str = "") -> str:
    """The table as escaped HTML; each cell carries its column's name for the stacked phone layout."""
    names = [html.escape(str(column), quote=True) for column in frame.columns]
    head = "".join(f'<th scope="col">{name}</th>' for name in names)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{name}">{html.escape(_cell(value))}</td>'
            for name, value in zip(names, row, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    table = (
        f'<table class="gc-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
    return table + (f'<p class="gc-table-note">{html.escape(note)}</p>' if note else "")
