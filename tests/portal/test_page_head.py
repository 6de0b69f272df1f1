"""What the portal adds to the HTML page Streamlit serves (gmlp_cards/ui/page_head.py): where the
server is, for a page's own path, and preload links for the code of the elements drawn first."""

from __future__ import annotations

import asyncio
import gzip
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from gmlp_cards.ui import serve
from gmlp_cards.ui.page_head import (
    FIRST_ELEMENTS,
    PortalHead,
    element_modules,
    page_part,
    preload_links,
    with_head,
)

PAGE = b'<!DOCTYPE html><html><head><title>Streamlit</title></head><body><div id="root"></div></body></html>'


@pytest.mark.parametrize(
    ("path", "base", "page"),
    [
        ("/device", "", "device"),
        ("/device/", "", "device"),
        ("/", "", None),
        ("/cards/device", "cards", "device"),
        ("/cards/device", "/cards/", "device"),
        ("/cards", "cards", None),
        ("/other/device", "cards", None),
        ("/cardsdevice", "cards", None),
        ("/a/b", "", None),  # not one page name: Streamlit keeps its own guess
        ("/dev%22ice", "", None),
        ('/x"</script>', "", None),
    ],
)
def test_the_page_part_is_one_plain_page_name_below_the_base(path: str, base: str, page: str | None) -> None:
    assert page_part(path, base) == page


def test_the_head_goes_before_the_end_of_head_and_a_page_without_one_is_left_alone() -> None:
    assert with_head(PAGE, b"<script>1</script>").startswith(
        b"<!DOCTYPE html><html><head><title>Streamlit</title><script>1</script></head>"
    )
    assert with_head(b"<p>no head</p>", b"<script>1</script>") == b"<p>no head</p>"


def _built(folder: Path) -> Path:
    """A fake build: Html imports purify and a shared module the page already loads."""
    js = folder / "static" / "static" / "js"
    js.mkdir(parents=True)
    (js / "Html.AAAA1111.js").write_text(
        'import{t as e}from"./shared.BBBB2222.js";import{t as i}from"./purify.es.CCCC3333.js";'
        'const later=()=>import("./Lazy.DDDD4444.js");'
    )
    (js / "purify.es.CCCC3333.js").write_text("export const t=1;")
    (js / "shared.BBBB2222.js").write_text('import"./deep.EEEE5555.js";export const t=1;')
    (js / "deep.EEEE5555.js").write_text("")
    (js / "Lazy.DDDD4444.js").write_text("")
    (js / "Textarea.FFFF6666.js").write_text("")  # an element no first screen draws
    (js.parent.parent / "index.html").write_text(
        '<head><script type="module" crossorigin src="./static/js/index.GGGG7777.js"></script>'
        '<link rel="modulepreload" crossorigin href="./static/js/shared.BBBB2222.js"></head>'
    )
    return js


def test_the_modules_preloaded_are_the_elements_and_their_static_imports_not_the_pages_own(
    tmp_path: Path,
) -> None:
    js = _built(tmp_path)
    assert element_modules(js, ["Html"]) == [
        "Html.AAAA1111.js",
        "shared.BBBB2222.js",
        "purify.es.CCCC3333.js",
        "deep.EEEE5555.js",
    ]  # a lazy import("./Lazy...") is not preloaded
    assert element_modules(js, ["Html"], named={"shared.BBBB2222.js"}) == [
        "Html.AAAA1111.js",
        "purify.es.CCCC3333.js",
    ]
    assert element_modules(js, ["NoSuchElement"]) == []
    # The page's own index.html names shared (and, through it, what it imports).
    assert preload_links(js) == (
        b'<link rel="modulepreload" crossorigin href="./static/js/Html.AAAA1111.js">'
        b'<link rel="modulepreload" crossorigin href="./static/js/purify.es.CCCC3333.js">'
    )


def test_the_installed_streamlit_has_the_first_elements_modules() -> None:
    """The names in FIRST_ELEMENTS are this Streamlit's: a rename would silently drop the preloads."""
    from streamlit import file_util

    names = element_modules(Path(file_util.get_static_dir()) / "static" / "js")
    for element in FIRST_ELEMENTS:
        assert any(n.startswith(f"{element}.") for n in names), element
    assert any(n.startswith("purify.") for n in names)  # what st.html sanitises with


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    content: bytes


class Client:
    """Sends one request to an ASGI app and collects its answer (no HTTP client library needed)."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    def request(self, method: str, url: str, headers: dict[str, str] | None = None) -> Answer:
        path, _, query = url.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": query.encode(),
            "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
            "server": ("testserver", 80),
            "client": ("127.0.0.1", 1),
            "extensions": {"http.response.pathsend": {}},  # as a server that offers it
        }
        messages: list[dict[str, object]] = []
        asked: list[bool] = []

        async def exchange() -> None:
            done = asyncio.Event()

            async def receive() -> dict[str, object]:
                if not asked:  # the request, then the client is gone once the answer is complete
                    asked.append(True)
                    return {"type": "http.request", "body": b"", "more_body": False}
                await done.wait()
                return {"type": "http.disconnect"}

            async def send(message: dict[str, object]) -> None:
                messages.append(message)
                if message["type"] == "http.response.pathsend" or not message.get("more_body", True):
                    done.set()

            await self.app(scope, receive, send)

        asyncio.run(exchange())
        start = next(m for m in messages if m["type"] == "http.response.start")
        raw = start["headers"]
        assert isinstance(raw, list)
        # A file the server was handed to send (the pathsend extension) counts as the body.
        body = b"".join(
            Path(str(m["path"])).read_bytes() if m["type"] == "http.response.pathsend" else m.get("body", b"")  # type: ignore[misc]
            for m in messages
            if m["type"] in ("http.response.body", "http.response.pathsend")
        )
        heads = {k.decode().lower(): v.decode() for k, v in raw}
        return Answer(int(start["status"]), heads, body)  # type: ignore[call-overload]

    def get(self, url: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("GET", url, headers)

    def post(self, url: str) -> Answer:
        return self.request("POST", url)


def _client(tmp_path: Path, base: str = "") -> Client:
    page = tmp_path / "index.html"
    page.write_bytes(PAGE)

    async def spa(request: Request) -> Response:
        return FileResponse(page)  # as Streamlit's static files answer every page path

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True})

    routes = [
        Route("/_stcore/health", health, methods=["GET", "POST"]),
        Route("/{path:path}", spa, methods=["GET", "POST"]),
    ]
    js = _built(tmp_path / "build")
    app = Starlette(routes=routes, middleware=[Middleware(PortalHead, base_url_path=base, js_folder=js)])
    return Client(app)


def test_a_page_path_gets_the_hint_and_the_preloads_with_a_right_length_and_no_file_validators(
    tmp_path: Path,
) -> None:
    answer = _client(tmp_path).get("/device?device=x&version=1.0.0")
    body = answer.content
    assert b'var page="device";' in body and b"BACKEND_BASE_URL" in body
    assert b'href="./static/js/Html.AAAA1111.js"' in body
    assert body.index(b"BACKEND_BASE_URL") < body.index(b"</head>")
    assert int(answer.headers["content-length"]) == len(body)
    assert "etag" not in answer.headers and "last-modified" not in answer.headers


def test_the_root_page_gets_the_preloads_but_no_hint(tmp_path: Path) -> None:
    body = _client(tmp_path).get("/").content
    assert b"modulepreload" in body and b"BACKEND_BASE_URL" not in body


def test_under_a_base_path_the_hint_names_the_page_below_it(tmp_path: Path) -> None:
    client = _client(tmp_path, base="cards")
    assert b'var page="device";' in client.get("/cards/device").content
    assert b"BACKEND_BASE_URL" not in client.get("/cards").content


def test_other_answers_pass_untouched(tmp_path: Path) -> None:
    client = _client(tmp_path)
    # An HTML download (a printable tier through st.download_button) is the reader's file, as made.
    assert client.get("/media/0123abcd.html").content == PAGE
    assert client.get("/cards/device/x").content == PAGE
    assert client.get("/_stcore/health").content == b'{"ok":true}'
    assert client.post("/device").content == PAGE  # not a GET
    assert "etag" in client.post("/device").headers


def test_a_compressed_page_is_left_as_it_is(tmp_path: Path) -> None:
    """Inside Streamlit's gzip the page is plain; were it ever outside, the bytes are not rewritten."""
    page = tmp_path / "big.html"
    page.write_bytes(PAGE.replace(b"</body>", b"x" * 5000 + b"</body>"))

    async def spa(request: Request) -> Response:
        return FileResponse(page)

    app = Starlette(
        routes=[Route("/{path:path}", spa)], middleware=[Middleware(PortalHead), Middleware(GZipMiddleware)]
    )
    answer = Client(app).get("/device", headers={"accept-encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip"
    assert gzip.decompress(answer.content) == page.read_bytes()


def test_the_server_adds_the_head_inside_streamlits_middleware(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.web.server.starlette import starlette_app

    monkeypatch.setattr(
        starlette_app, "create_streamlit_middleware", starlette_app.create_streamlit_middleware
    )
    assert serve.install_portal_head()
    assert serve.install_portal_head()  # a second call adds nothing more
    stack = starlette_app.create_streamlit_middleware()
    assert [m.cls for m in stack].count(PortalHead) == 1
    assert stack[-1].cls is PortalHead  # innermost: after gzip, it sees the page as written
