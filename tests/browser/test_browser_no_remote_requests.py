"""A reader's Chromium fetches nothing for a card's images: not on any page, not from the HTML exports,
and no page asks another host for anything (every request is intercepted, websockets included).

The cards (tests/remote_images.py) ask for images at a loopback listener in every Markdown form, in
every kind of field a page shows (intended use, warnings, study title, patient text, change notice,
the contact address quoted in a notice). The listener counts connections; every page and every
exported file must leave it at zero, and show the image as its "Image: <alt>" link instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from browser_support import StreamlitServer, open_app, wait_for_charts
from remote_images import DEVICE_ID, CountingListener, write_image_cards

from gmlp_cards.concerns.access import hash_password
from gmlp_cards.formats.html import head_meta

LATEST = "1.1.0"
QUERY = urlencode({"device": DEVICE_ID, "version": LATEST})
# page name -> (path, one image link the page must show in place of the image)
PAGES = {
    "catalog": ("/", None),
    "front": (f"/device?{QUERY}&tier=front", "Image: warning inline chart"),
    "back": (f"/device?{QUERY}&tier=back", "Image: workflow inline chart"),
    "leaflet": (f"/device?{QUERY}&tier=leaflet&all-sections=true", "Image: notice-action inline chart"),
    "patient": (f"/patient?{QUERY}", "Image: patient-summary inline chart"),
    "compare": (
        f"/compare?{urlencode({'device': DEVICE_ID, 'from': '1.0.0', 'to': LATEST})}",
        "Image: notice-rationale inline chart",
    ),
    "report": (f"/report?{QUERY}", None),
    # Signed out, the desk and the publishing page are their sign-in forms.
    "desk": ("/desk", None),
    "publish": ("/publish", None),
    "card-not-found": (f"/device?{urlencode({'device': 'no-such-device', 'version': '9.9.9'})}", None),
}
# Text each page must show, so a page that failed to draw cannot pass for one that fetched nothing.
SHOWN_TEXT = {"card-not-found": "Card not found", "desk": "User name", "publish": "User name"}
TIERS = ("front", "back", "leaflet")


@pytest.fixture(scope="module")
def listener() -> Iterator[CountingListener]:
    with CountingListener() as running:
        yield running


@pytest.fixture(scope="module")
def image_server(
    start_server: Callable[[Path], StreamlitServer],
    listener: CountingListener,
    tmp_path_factory: pytest.TempPathFactory,
) -> StreamlitServer:
    cards = write_image_cards(tmp_path_factory.mktemp("image-cards"), listener.base)
    with pytest.MonkeyPatch.context() as env:
        # A desk user exists, so /desk and /publish show their sign-in form (without one, a setup note).
        env.setenv("GMLP_CARDS_DESK_USERS", f"alice:{hash_password('correct horse battery staple', n=2**10)}")
        return start_server(cards)


def _settle(page: Any) -> None:
    """Wait until the page has asked for everything it will ask for: charts drawn, no fetch pending."""
    wait_for_charts(page)
    page.wait_for_load_state("networkidle")
    # Anything below the fold is in the DOM as well; scroll once so lazy loading cannot hide a fetch.
    page.mouse.wheel(0, 100_000)
    page.wait_for_load_state("networkidle")


def _requests(page: Any, own: str = "") -> list[str]:
    """Every URL the page requests from now on (what the listener cannot see: other hosts), caught
    by interception: a request to a host other than `own` is recorded and refused, so a tracker
    learns nothing even while the test fails. Websockets are not routed, so they are recorded apart."""
    seen: list[str] = []

    def intercept(route: Any) -> None:
        seen.append(route.request.url)
        if own and not route.request.url.startswith((own, "data:", "blob:")):
            route.abort()
        else:
            route.continue_()

    if own:
        page.route("**/*", intercept)
    else:
        page.on("request", lambda request: seen.append(request.url))
    page.on("websocket", lambda socket: seen.append(socket.url))
    return seen


def _foreign(urls: list[str], *own: str) -> list[str]:
    return [u for u in urls if not u.startswith(("data:", "blob:", *own))]


def _no_remote_images(page: Any, listener: CountingListener) -> None:
    sources = page.eval_on_selector_all("img", "images => images.map(i => i.src)")
    assert not [s for s in sources if listener.base in s], sources


@pytest.mark.parametrize("name", list(PAGES))
def test_a_reader_page_fetches_no_card_image(
    image_server: StreamlitServer, listener: CountingListener, page: Any, name: str
) -> None:
    path, shown = PAGES[name]
    before = listener.connections
    requested = _requests(page, image_server.url + "/")
    open_app(page, image_server.url + path)
    _settle(page)
    assert listener.connections == before, f"{path} fetched {listener.paths}"
    websocket = image_server.url.replace("http://", "ws://", 1) + "/"
    assert requested, "no request was intercepted"
    assert not _foreign(requested, image_server.url + "/", websocket), "the page contacted another host"
    _no_remote_images(page, listener)
    if shown is not None:
        assert page.get_by_role("link", name=shown).first.is_visible()
    if name in SHOWN_TEXT:
        assert page.get_by_text(SHOWN_TEXT[name]).first.is_visible()


def test_the_interception_records_and_refuses_a_request_to_another_host(
    image_server: StreamlitServer, listener: CountingListener, page: Any
) -> None:
    # The check above is only as good as what it sees: a page script's fetch to another host (the
    # listener's port on "localhost" is another origin than 127.0.0.1) is seen and never arrives.
    requested = _requests(page, image_server.url + "/")
    open_app(page, image_server.url + "/")
    before = listener.connections
    other = f"http://localhost:{listener.base.rsplit(':', 1)[1]}/tracker.gif"
    page.evaluate("url => fetch(url, {mode: 'no-cors'}).catch(() => null)", other)
    assert other in _foreign(requested, image_server.url + "/")
    assert listener.connections == before


def test_an_embedded_png_is_drawn_on_the_page(image_server: StreamlitServer, page: Any) -> None:
    open_app(page, image_server.url + PAGES["back"][0])
    _settle(page)
    widths = page.eval_on_selector_all(
        "img[src^='data:image/png']", "images => images.map(i => i.naturalWidth)"
    )
    assert widths and all(width == 1 for width in widths)  # decoded, so shown; not a broken icon
    assert not page.locator("img[src^='data:image/svg']").count()


@pytest.mark.parametrize("tier", TIERS)
def test_an_exported_tier_opened_in_a_browser_fetches_nothing(
    image_server: StreamlitServer, listener: CountingListener, page: Any, tier: str, tmp_path: Path
) -> None:
    open_app(page, image_server.url + PAGES[tier][0])
    page.get_by_role("button", name="Download", exact=True).click()  # the one download menu
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"\(HTML, printable\)$")).click()
    exported = tmp_path / f"{tier}.html"
    download.value.save_as(exported)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    before = listener.connections
    requested = _requests(page)
    page.goto(exported.as_uri(), wait_until="load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.plotly-graph-div')].every(d => d.querySelector('.main-svg'))"
    )  # its own scripts still run
    page.wait_for_timeout(500)  # an image or prefetch would have been asked for by now
    assert listener.connections == before, f"{tier} export fetched {listener.paths}"
    assert not _foreign(requested, exported.as_uri()), "the exported file contacted a host"
    _no_remote_images(page, listener)
    assert page.get_by_role("link", name=PAGES[tier][1]).first.is_visible()
    # The file's own policy refused nothing: the sanitiser left it nothing remote to refuse, and the
    # charts' scripts are admitted by hash (a wrong hash would show here and leave no chart drawn).
    assert violations == []


def test_the_export_policy_alone_stops_what_raw_html_would_fetch(
    listener: CountingListener, page: Any, tmp_path: Path
) -> None:
    # Were the sanitiser ever to let markup through, the exported file's own policy must still hold.
    # Outside what a policy governs: `<link rel=preconnect>`, and the early connection Chromium
    # opens for an <iframe> before the policy refuses its request. Markup is the sanitiser's to stop.
    base = f"http://{listener.base}"
    raw = (
        f'<img src="{base}/img.png"><object data="{base}/object">'
        f'</object><link rel="stylesheet" href="{base}/style.css"><link rel="prefetch" href="{base}/pf">'
        f'<div style="background: url({base}/background.png)">x</div>'
        f"<script>navigator.sendBeacon('{base}/beacon'); fetch('{base}/fetch');</script>"
    )
    exported = tmp_path / "raw.html"
    exported.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head_meta(frozenset())}'
        f"</head><body>{raw}</body></html>",
        encoding="utf-8",
    )
    before = listener.connections
    page.goto(exported.as_uri(), wait_until="load")
    page.wait_for_timeout(500)
    assert listener.connections == before, listener.paths
