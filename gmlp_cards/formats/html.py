"""Self-contained, printable HTML of one tier, and the card as JSON. No Streamlit here.

Card text enters the file only through `safe_markdown.to_html` (Markdown, raw HTML off, safe links,
images only when embedded or from an allowed host) or `html.escape`; tables are escaped by pandas.
Plotly's script is included once, at the top, and only when the tier has charts, so the file works
offline and prints cleanly.

Every document carries a Content-Security-Policy (`content_security_policy`) that forbids loading
anything from anywhere except images that are embedded or on the allowed https hosts, and runs only
the scripts this module wrote (by hash): the file stays inert even where a reader's mail client or
browser would otherwise fetch or run something.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
from collections.abc import Iterable, Iterator, Sequence

from gmlp_cards.evidence.patient_facts import choose_language
from gmlp_cards.model import ModelCard
from gmlp_cards.render import figure_embed
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
from gmlp_cards.render.icon_array_svg import icon_array_svg
from gmlp_cards.render.safe_markdown import allowed_hosts, to_html
from gmlp_cards.render.sections import heading_slugs, sections
from gmlp_cards.render.table_html import READER_CSS, table_html
from gmlp_cards.tiers.facts import TIER_LABELS, VersionFacts
from gmlp_cards.tiers.pages import page_title, tier_blocks
from gmlp_cards.tiers.patient import patient_blocks
from gmlp_cards.tiers.patient_words import text as patient_text

log = logging.getLogger(__name__)

CSS = """
body {font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
      max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111;}
h1 {font-size: 1.8rem; margin-bottom: .2rem;} h2 {border-bottom: 1px solid #ccc; margin-top: 2rem;}
dl.facts {display: grid; grid-template-columns: minmax(9rem, 14rem) 1fr; gap: .25rem 1rem;}
dl.facts dt {font-weight: 600;} dl.facts dd {margin: 0;} dd p {margin: 0 0 .3rem 0;}
table {border-collapse: collapse; width: 100%; margin: .5rem 0 1rem 0; font-size: .9rem;}
th, td {border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top;}
th {background: #eee;} caption {text-align: left; font-weight: 600; padding: .3rem 0;}
.notice {border-left: .35rem solid #1c6dd0; background: #eef4fc; padding: .5rem .8rem; margin: .8rem 0;}
.notice.warning {border-color: #b26b00; background: #fff6e5;}
.notice.error {border-color: #b00020; background: #fdecee;}
.badge {display: inline-block; border: 2px solid #b26b00; color: #7a4a00; font-weight: 700;
        padding: .1rem .5rem; border-radius: .4rem;}
.chart, .icons {page-break-inside: avoid;} .meta {color: #555; font-size: .9rem;}
body.patient {font-size: 14pt; line-height: 1.6; max-width: 40rem;}
@media print {body {margin: 0; max-width: none;} a {color: inherit;}
              h2, h3 {page-break-after: avoid;} table, dl {page-break-inside: avoid;}}
/* The front of pack prints on one A4 page (issue 15): a smaller type and tighter spacing. */
@media print {@page {margin: 12mm;} .tier-front {font-size: 9.5pt; line-height: 1.3;}
  .tier-front h1 {font-size: 15pt; margin: 0;}
  .tier-front h2, .tier-front h3 {font-size: 11.5pt; margin: .5rem 0 .2rem 0;}
  .tier-front dl.facts {grid-template-columns: 8rem 1fr; gap: .1rem .6rem; margin: .3rem 0;}
  .tier-front p, .tier-front dd p {margin: 0 0 .15rem 0;}
  .tier-front ul {margin: .15rem 0; padding-left: 1.2rem;}
  .tier-front .notice {margin: .3rem 0; padding: .25rem .6rem;} .tier-front .meta {font-size: 8.5pt;}}
"""


def card_json(card: ModelCard) -> str:
    """The card as JSON; `ModelCard.model_validate(json.loads(...))` gives the same card back."""
    return json.dumps(card.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def _block_html(block: Block, base_url: str, hosts: frozenset[str], slug: str = "") -> str:
    match block:
        case Heading(text=text, level=level):
            tag = "h2" if level <= 2 else "h3"
            anchor = f' id="{html.escape(slug)}"' if slug else ""  # the contents list links here
            return f"<{tag}{anchor}>{html.escape(text)}</{tag}>"
        case Markdown(text=text):
            return to_html(text, hosts)
        case Facts(items=items):
            rows = "".join(f"<dt>{html.escape(k)}</dt><dd>{to_html(v, hosts)}</dd>" for k, v in items)
            return f'<dl class="facts">{rows}</dl>'
        case Bullets(items=items, label=label):
            head = f"<p><strong>{html.escape(label)}</strong></p>" if label else ""
            return head + "<ul>" + "".join(f"<li>{to_html(i, hosts)}</li>" for i in items) + "</ul>"
        case Table(caption=caption, frame=frame, note=note):
            return table_html(caption, frame, note)
        case Notice(kind=kind, text=text, link=link):
            anchor = (
                f' <a href="{html.escape(link.url(base_url))}">{html.escape(link.label)}</a>' if link else ""
            )
            return f'<div class="notice {kind}">{html.escape(text)}{anchor}</div>'
        case Badge(text=text):
            return f'<p><span class="badge">{html.escape(text)}</span></p>'
        case ReportLink(device_id=device_id, version=version, label=label):
            url = report_url(device_id, version, base_url)
            return f'<p><a href="{html.escape(url)}">{html.escape(label)}</a>: {html.escape(url)}</p>'
        case DeviceLink(label=label):
            url = block.url(base_url)
            return f'<p><a href="{html.escape(url)}">{html.escape(label)}</a>: {html.escape(url)}</p>'
        case IconArray(counts=counts, labels=labels, title=title):
            # Inline SVG, not plotly: no script to run, nothing to wait for when printing.
            return f'<figure class="icons">{icon_array_svg(counts, dict(labels), title)}</figure>'
        case Chart():
            return ""  # drawn by _chart_html, which embeds the figure (render.figure_embed)
    return ""


def _chart_html(block: Chart) -> str:
    try:
        figure = block.make()
        return (
            f'<div class="chart">{figure_embed.figure_html(figure)}'
            f'<p class="meta">{html.escape(block.caption)}</p></div>'
        )
    except Exception:  # a chart that cannot be drawn leaves its table equivalent in the file
        log.exception("chart %r failed in export", block.caption)
        return f'<p class="meta">Chart “{html.escape(block.caption)}” could not be drawn.</p>'


def _parts(blocks: Sequence[Block], base_url: str, hosts: frozenset[str]) -> tuple[list[str], list[str]]:
    """(every block's HTML in order, the chart fragments among them: the only ones with scripts)."""
    parts: list[str] = []
    chart_parts: list[str] = []
    slugs = heading_slugs(blocks)
    for index, block in enumerate(blocks):
        if isinstance(block, Chart):
            part = _chart_html(block)
            chart_parts.append(part)
        else:
            part = _block_html(block, base_url, hosts, slugs.get(index, ""))
        if part:
            parts.append(part)
    return parts, chart_parts


def render_blocks(
    blocks: Sequence[Block], base_url: str = "", image_hosts: frozenset[str] | None = None
) -> str:
    hosts = allowed_hosts(image_hosts)
    return "\n".join(_parts(blocks, base_url, hosts)[0])


def _script_bodies(fragment: str) -> Iterator[str]:
    # str.find, not a regular expression: a non-greedy match over plotly.js (4.6 MB) took 0.2 s per
    # export. Our fragments write `<script` in lower case; anything else would go unhashed and be
    # refused by the policy (fail closed), not admitted.
    start = 0
    while (opening := fragment.find("<script", start)) != -1:
        body = fragment.index(">", opening) + 1
        end = fragment.index("</script>", body)
        yield fragment[body:end]
        start = end + len("</script>")


def script_hashes(fragments: Iterable[str]) -> list[str]:
    """CSP sources (`'sha256-...'`) for the inline scripts in `fragments`, HTML this module wrote.

    Card text never reaches here as markup (it is escaped or sanitised Markdown), so hashing exactly
    our fragments authorises plotly.js and the chart calls and nothing else.
    """
    found = set()
    for fragment in fragments:
        for body in _script_bodies(fragment):
            # Browsers hash the parsed text, in which the HTML parser has turned CR LF and CR into LF.
            text = body.replace("\r\n", "\n").replace("\r", "\n")
            found.add("'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'")
    return sorted(found)


def content_security_policy(image_hosts: Iterable[str], scripts: Iterable[str] = ()) -> str:
    """A policy under which the document loads nothing remote, except images from `image_hosts`.

    Images: embedded (`data:`) and https on the allowed hosts (as `config.image_hosts` validated
    them). No `'self'`: nothing of ours is a separate file, and for a file opened from disk `'self'`
    could match other local files. No fonts, frames or connections. Scripts: only the given hashes,
    else none. Styles stay inline (plotly sets them; card text never reaches a style).
    """
    images = " ".join(["data:", *(f"https://{host}" for host in sorted(image_hosts))])
    script_sources = " ".join(scripts) or "'none'"
    return (
        f"default-src 'none'; img-src {images}; style-src 'unsafe-inline'; "
        f"script-src {script_sources}; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def head_meta(image_hosts: Iterable[str], scripts: Iterable[str] = ()) -> str:
    """The first elements of an exported <head>: the policy, no DNS prefetching, no Referer sent."""
    policy = content_security_policy(image_hosts, scripts)
    return (
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">'
        '<meta http-equiv="x-dns-prefetch-control" content="off">'
        '<meta name="referrer" content="no-referrer">'
    )


def contents_html(blocks: Sequence[Block]) -> str:
    """A contents list linking to every section heading (their ids come from the same slugs)."""
    links = "".join(
        f'<li><a href="#{html.escape(section.slug)}">{html.escape(section.title)}</a></li>'
        for section in sections(blocks)
        if section.title
    )
    return (
        f'<nav class="contents" aria-label="Contents"><p><strong>Contents</strong></p><ol>{links}</ol></nav>'
    )


def _document(
    blocks: Sequence[Block],
    title: str,
    heading: str,
    *,
    lang: str,
    base_url: str,
    hosts: frozenset[str],
    body_class: str = "",
    main_class: str = "",
) -> str:
    """The one HTML shell of every export: policy, styles, plotly only when charted, then `heading`
    (our HTML, card words escaped by the caller) and the blocks."""
    parts, chart_parts = _parts(blocks, base_url, hosts)
    body = "\n".join(parts)
    opening = f'<body class="{body_class}">' if body_class else "<body>"
    script = figure_embed.plotly_js_script() if chart_parts else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        f"{head_meta(hosts, script_hashes([script, *chart_parts]))}"
        f"<title>{html.escape(title)}</title><style>{CSS}{READER_CSS}</style>{script}</head>"
        f'{opening}<main class="{html.escape(main_class)}">{heading}{body}</main></body></html>\n'
    )


def tier_document(
    card: ModelCard,
    tier: str,
    facts: VersionFacts,
    history: list[ModelCard] | None = None,
    *,
    base_url: str = "",
    image_hosts: frozenset[str] | None = None,
) -> str:
    """A complete HTML file for one tier of one card version.

    `image_hosts` defaults to the operator's `GMLP_CARDS_IMAGE_HOSTS`; `frozenset()` keeps every
    remote image a link (the PDF printer passes it: the server fetches nothing).
    """
    identity = card.identity
    heading = (
        f"<h1>{html.escape(identity.device_name)} {html.escape(card.version)}</h1>"
        f'<p class="meta">{html.escape(TIER_LABELS[tier])} · {html.escape(identity.manufacturer.name)}'
        f" · {identity.status.value} {identity.release_date.isoformat()} · exported from GMLP Cards</p>"
    )
    blocks = tier_blocks(card, tier, facts, history)
    if tier == "leaflet":  # 31 screens long: a contents list of its sections comes first
        heading += contents_html(blocks)
    hosts = allowed_hosts(image_hosts)
    return _document(
        blocks,
        page_title(card, tier),
        heading,
        lang="en",
        base_url=base_url,
        hosts=hosts,
        main_class=f"tier-{tier}",
    )


def patient_document(
    card: ModelCard,
    facts: VersionFacts,
    lang: str | None = None,
    *,
    base_url: str = "",
    image_hosts: frozenset[str] | None = None,
) -> str:
    """The patient view as a complete HTML file, in `lang` (default: the card's own default), from
    the same blocks the patient page draws (gmlp_cards.tiers.patient)."""
    chosen = choose_language(card.patient, lang)
    shown = chosen.shown
    title = patient_text(shown, "title", device=card.identity.device_name)
    heading = (
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="meta">{html.escape(card.identity.manufacturer.name)} · {html.escape(card.version)}</p>'
        f"<p>{html.escape(patient_text(shown, 'intro'))}</p>"
    )
    blocks = patient_blocks(card, chosen, facts)
    hosts = allowed_hosts(image_hosts)
    return _document(blocks, title, heading, lang=shown, base_url=base_url, hosts=hosts, body_class="patient")
