"""What the portal adds to the head of the HTML page Streamlit serves, so a reader's first page draws
sooner (benchmark figure 4; the reader who scans a QR label has nothing cached).

- **Where the server is.** Opened at a page's own path (`/device?device=...`, what a QR label and a
  catalog entry open), Streamlit's front end cannot tell which part of the path is the server's base
  and which is the page, so it first asks `/device/_stcore/health` (and host-config), fails, waits
  100 ms and asks one level up (counted in Chromium: two health requests per load). It skips that
  guess when the page sets `window.__streamlit.BACKEND_BASE_URL`, the setting Streamlit reads for an
  app embedded in another page. The server knows the page's path below its own base (the request
  path less `server.baseUrlPath`, or less a prefix a proxy stripped), so the script takes the base
  as the browser's path less that page part: right under a base URL path and behind such a proxy.
  When the browser's path does not end with the page part, or that part is not a plain page name,
  nothing is set and the front end guesses as before.
- **The code of the elements drawn first.** The front end loads each kind of element's code when
  the first such element arrives, after the websocket has connected and the script has run; the
  card text of every reader page is an `st.html` element, whose code (and DOMPurify's) then waited
  behind the other elements' code. The page names those modules with the same `modulepreload` links
  Streamlit's own page uses for its entry code, so the browser fetches them while it connects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from functools import cache
from pathlib import Path
from typing import Final

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The front end's modules for the elements the reader pages draw in their first screen: `st.html`
# (card text, the catalog's entries), `st.page_link` (the header's links), and the device page's
# version `st.selectbox` and tier `st.segmented_control` (a ButtonGroup). Streamlit loads each only
# when its first element arrives: the selectors' ~30 modules were fetched after the script had
# run, ~0.2 s on the glance's critical path (figure 4). Named as Streamlit's build names them
# (`Html.<hash>.js`); a name this Streamlit does not have is skipped.
FIRST_ELEMENTS: Final = ("Html", "PageLink", "Selectbox", "ButtonGroup")

# A Streamlit page's URL path is one plain segment; anything else keeps Streamlit's own guess.
_PAGE_PATH: Final = re.compile(r"[A-Za-z0-9_-]{1,100}")
_HEAD_END: Final = b"</head>"
# A built module's static imports (`import{a as b}from"./x.js"`, `import"./x.js"`), not its lazy
# `import("./x.js")` ones.
_STATIC_IMPORT: Final = re.compile(rb"""(?:\bfrom|\bimport)\s*["']\./([\w.-]+\.js)["']""")
# A module Streamlit's own page loads or preloads (`src="./static/js/x.js"`, `href=...`).
_NAMED_MODULE: Final = re.compile(rb"""(?:src|href)=["']\./static/js/([\w.-]+\.js)["']""")


def _below_base(request_path: str, base_url_path: str) -> str | None:
    """`request_path` below the server's base, without slashes ("" at the base); None outside it."""
    base = base_url_path.strip("/")
    path = request_path.strip("/")
    if not base:
        return path
    if path != base and not path.startswith(f"{base}/"):
        return None
    return path[len(base) :].strip("/")


def page_part(request_path: str, base_url_path: str) -> str | None:
    """The page's name in `request_path` below the server's base (`device` in `/cards/device`), or
    None for the base itself and for any path that is not one plain page name."""
    path = _below_base(request_path, base_url_path)
    return path if path is not None and _PAGE_PATH.fullmatch(path) else None


def hint_script(page: str) -> bytes:
    """A script that sets the front end's backend base to the browser's path less `/<page>`."""
    # `page` matches _PAGE_PATH, so its JSON string cannot close the script element.
    return (
        "<script>(function(){"
        f"var page={json.dumps(page)};"
        'var path=window.location.pathname.replace(/\\/+$/,"");'
        'if(path.slice(-page.length-1)!=="/"+page)return;'
        "window.__streamlit=Object.assign({},window.__streamlit,"
        "{BACKEND_BASE_URL:window.location.origin+path.slice(0,-page.length)});"
        "})();</script>"
    ).encode()


def element_modules(
    js_folder: Path, names: Iterable[str] = FIRST_ELEMENTS, named: Collection[str] = ()
) -> list[str]:
    """The file names of the modules `names` in Streamlit's built `js_folder` and of every module
    they import, each once, in the order found, less those the page already `named` (with what
    they import); empty where the folder has none of them."""
    wanted = set(names)
    found = sorted(p.name for p in js_folder.glob("*.js") if p.name.split(".", 1)[0] in wanted)
    order: list[str] = []
    pending = list(found)
    while pending:
        name = pending.pop(0)
        if name in order or name in named or not (js_folder / name).is_file():
            continue
        order.append(name)
        pending += [m.decode() for m in _STATIC_IMPORT.findall((js_folder / name).read_bytes())]
    return order


@cache
def preload_links(js_folder: Path) -> bytes:
    """`modulepreload` links, relative like the page's own, for the first elements' modules that
    Streamlit's page (`index.html` beside the `static` folder) does not already name."""
    index = js_folder.parent.parent / "index.html"
    page = index.read_bytes() if index.is_file() else b""
    named = {m.decode() for m in _NAMED_MODULE.findall(page)}
    return b"".join(
        f'<link rel="modulepreload" crossorigin href="./static/js/{name}">'.encode()
        for name in element_modules(js_folder, named=named)
    )


def with_head(html: bytes, head: bytes) -> bytes:
    """`html` with `head` before its `</head>` (so a script there runs before Streamlit's module
    script, which waits for the document); unchanged when it has no head."""
    at = html.find(_HEAD_END)
    return html if at < 0 or not head else html[:at] + head + html[at:]


class PortalHead:
    """Adds the preload links to the app's page (at the base and at each page's path) and the
    backend-base hint at a page's path; GET only, every other response passes untouched."""

    def __init__(self, app: ASGIApp, base_url_path: str = "", js_folder: Path | None = None) -> None:
        self.app = app
        self.base_url_path = base_url_path
        self.preload = preload_links(js_folder) if js_folder is not None else b""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        page = page_part(path, self.base_url_path)
        at_base = _below_base(path, self.base_url_path) == ""
        if scope["type"] != "http" or scope.get("method") != "GET" or (page is None and not at_base):
            # Not a GET of the app's page: a download (`/media/...`, an HTML export), a file, a
            # websocket or a form post, kept as sent.
            await self.app(scope, receive, send)
            return
        head = self.preload + (hint_script(page) if page is not None else b"")
        # A file response may otherwise hand the server its path to send (an ASGI extension),
        # bypassing the body this rewrites.
        extensions = {k: v for k, v in scope.get("extensions", {}).items() if k != "http.response.pathsend"}
        start: Message | None = None
        body: list[bytes] = []

        async def headed(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=message["headers"])
                html = headers.get("content-type", "").startswith("text/html")
                if html and "content-encoding" not in headers:
                    start = message  # held until the whole body is here
                    return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page_html = with_head(b"".join(body), head)
            headers = MutableHeaders(raw=list(start["headers"]))
            headers["content-length"] = str(len(page_html))
            # The file's validators describe the file, not this page: without them a browser
            # cannot keep a copy made for another base across a restart.
            for validator in ("etag", "last-modified"):
                if validator in headers:
                    del headers[validator]
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": page_html})

        await self.app({**scope, "extensions": extensions}, receive, headed)
