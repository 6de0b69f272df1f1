"""A tier of a card as a paginated PDF, printed by headless Chromium from the self-contained HTML export.

Chromium is Debian's (`/usr/bin/chromium`), driven by the playwright package; no browser is ever
downloaded. The HTML comes from `formats.html.tier_document` (front, back, leaflet, with charts) or
`formats.html.patient_document` (the blocks the patient page draws, gmlp_cards.tiers.patient).
Charts are plotly figures inlined in that HTML, so printing waits until every chart has drawn (the
patient's icon array is inline SVG: nothing to wait for).

The printer fetches nothing: a request from the server on behalf of card text would be a server-side
request forgery (an image pointing at an internal address). So the HTML is built with no image host
allowed (a remote image, even from `GMLP_CARDS_IMAGE_HOSTS`, is printed as its link), it carries the
export's Content-Security-Policy, every request the page still makes is aborted by a Playwright route
(only `data:` URLs, which never reach the network, are drawn), Chromium resolves no host name or
address at all (which also stops the prefetches, preconnects and beacons Chromium makes past the
route), and its own background networking is off (`CHROMIUM_ARGS`).
"""

from __future__ import annotations

import html
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.config import CHROMIUM_BASE_ARGS, base_url_problem, chromium_path, public_base_url
from gmlp_cards.formats.html import patient_document, tier_document
from gmlp_cards.model import ModelCard
from gmlp_cards.tiers.facts import version_facts

log = logging.getLogger(__name__)

NO_HOSTS: frozenset[str] = frozenset()
"""The image hosts the printer may fetch from: none (see the module docstring)."""

CHROMIUM = chromium_path()
CHROMIUM_ARGS = [
    *CHROMIUM_BASE_ARGS,
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--dns-prefetch-disable",
    # No name or address resolves, IP literals and localhost included: prefetches, preconnects,
    # beacons and the early connection for a frame or object are made past Playwright's routes.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
"""The shared flags (`config.CHROMIUM_BASE_ARGS`, no sandbox among them as CI runs as root) are safe
here: the page is our own HTML with card text sanitised (raw HTML off, scripts only by hash), every
request it makes is aborted (`_print`) and no host resolves, so nothing untrusted runs or fetches.
The other flags keep Chromium's own background traffic (safe browsing, reliability reports) off."""

TIMEOUT_MS = 60_000


class PdfError(RuntimeError):
    """No PDF could be made; the message names the missing piece and how to get it."""


IMPORTED_BANNER = (
    '<div style="border:3px solid #b00020;padding:.6rem;margin:1rem 0;font-weight:700;">'
    "IMPORTED DRAFT from {source}: not a published card. {gaps} fields are missing or "
    "assumed (see identity.provenance.gaps).</div>"
)


LOCAL_LINKS_BANNER = (
    '<div role="alert" style="border:3px solid #b00020;padding:.6rem;margin:1rem 0;font-weight:700;">'
    "Not for distribution: {problem}.</div>"
)
_BODY = re.compile(r"<body[^>]*>")


def tier_html(
    catalog: Catalog, card: ModelCard, tier: str, *, lang: str | None = None, base_url: str | None = None
) -> str:
    """The self-contained HTML of `tier` (front, back, leaflet or patient; `lang` for the patient).
    Its links start with `base_url` (the portal passes the reader's address), else config's."""
    facts = version_facts(catalog, card)
    base = base_url or public_base_url()
    if tier == "patient":
        # The patient page's own blocks (tiers.patient), banners included: it says imported itself.
        document = patient_document(card, facts, lang, base_url=base, image_hosts=NO_HOSTS)
    else:
        document = tier_document(
            card, tier, facts, catalog.history(card.device_id), base_url=base, image_hosts=NO_HOSTS
        )
        provenance = card.identity.provenance
        if provenance is not None:  # a printed imported draft must never pass for a real card
            source = html.escape(provenance.source_file)
            document = _banner(document, IMPORTED_BANNER.format(source=source, gaps=len(provenance.gaps)))
    problem = base_url_problem(base)
    if problem is not None:  # a shared PDF whose links lead nowhere says so on its first page
        document = _banner(document, LOCAL_LINKS_BANNER.format(problem=html.escape(problem)))
    return document


def _banner(document: str, banner: str) -> str:
    """`banner` first inside the body, whatever attributes the body tag has."""
    return _BODY.sub(lambda opening: opening.group(0) + banner, document, count=1)


def unavailable_reason() -> str | None:
    """Why PDFs cannot be printed on this machine, or None when they can (the app hides the button)."""
    if not CHROMIUM.exists():
        return (
            f"Chromium not found at {CHROMIUM}; install Debian's `chromium` package "
            "(`apt-get install chromium`) or set GMLP_CARDS_CHROMIUM"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "the `playwright` package is needed for PDF export: pip install playwright "
            "(its browser download is not needed; Debian's Chromium is used)"
        )
    return None


def html_to_pdf(document: str, *, title: str = "") -> bytes:
    """Print HTML to an A4 PDF with page numbers; its text stays extractable (Chromium embeds fonts)."""
    reason = unavailable_reason()
    if reason is not None:
        raise PdfError(reason)
    # Playwright's sync API refuses to run on a thread that already has an asyncio loop (a caller's
    # own Playwright session, an async server): a short-lived thread of our own never has one.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="gmlp-pdf") as pool:
        return pool.submit(_print, document, title).result()


def _print(document: str, title: str) -> bytes:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    footer = (
        '<div style="font-size:8px;width:100%;text-align:center;color:#555;">'
        f'{html.escape(title)} · page <span class="pageNumber"></span> of '
        '<span class="totalPages"></span></div>'
    )
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(service_workers="block")
                # The document itself is set from memory (set_content), not requested: every request
                # the page makes is for something else and is refused. data: URLs never get here.
                context.route("**/*", _refuse)
                # WebSockets bypass `route`; a handler that never connects them to a server stops them.
                context.route_web_socket("**/*", _refuse_socket)
                page = context.new_page()
                page.set_default_timeout(TIMEOUT_MS)
                page.set_content(document, wait_until="load")
                # Plotly draws after load; print only when every chart container holds its SVG.
                page.wait_for_function(
                    "() => [...document.querySelectorAll('.plotly-graph-div')]"
                    ".every(d => d.querySelector('.main-svg'))"
                )
                page.emulate_media(media="print")
                return page.pdf(
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<div></div>",
                    footer_template=footer,
                    margin={"top": "15mm", "bottom": "18mm", "left": "12mm", "right": "12mm"},
                )
            finally:
                browser.close()
    except PlaywrightError as error:
        raise PdfError(f"Chromium could not print the page: {error.message.splitlines()[0]}") from error


def _refuse(route: Any) -> None:
    log.warning("PDF printing refused a request for %r", route.request.url[:200])
    route.abort("blockedbyclient")


def _refuse_socket(socket: Any) -> None:
    log.warning("PDF printing refused a WebSocket to %r", socket.url[:200])
    socket.close()


def tier_pdf(
    catalog: Catalog, card: ModelCard, tier: str, *, lang: str | None = None, base_url: str | None = None
) -> bytes:
    """One tier of one card as PDF bytes (the patient tier in `lang`, else the card's default)."""
    return html_to_pdf(
        tier_html(catalog, card, tier, lang=lang, base_url=base_url),
        title=f"{card.identity.device_name} {card.version} — {tier}",
    )
