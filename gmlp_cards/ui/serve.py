"""`python -m gmlp_cards.ui.serve app.py [streamlit options]`: `streamlit run`, warm before its first reader.

With `streamlit run`, the portal's code is imported and the catalog loaded when the first reader's
page runs, so after every restart or deploy the first QR label scanned waited for both (issue 17,
figure 4b). This starts the same Streamlit server on the same script and, meanwhile, in a thread,
imports the pages' code and loads the catalog (through the index) into the cache every session
reads. A reader who arrives before it is done waits only for what is left: Streamlit computes a
cached value once and the other callers wait for it, and Python imports a module once.

It also adds `page_head.PortalHead` to the server's middleware: a reader who opens a page's own URL
(a QR label, a catalog entry) connects without Streamlit's front end first guessing the server's
base at the page's path, and fetches the code of the first elements while it connects (figure 4).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

from gmlp_cards.ui.page_head import PortalHead

log = logging.getLogger(__name__)


def warm() -> None:
    """Import what the device and catalog pages import, and load the catalog and its listing."""
    started = time.perf_counter()
    try:
        from gmlp_cards.ui import catalog, device, leaflet_view, patient  # noqa: F401
        from gmlp_cards.ui.data import get_catalog, get_catalog_listing

        get_catalog()
        get_catalog_listing()
    except Exception:  # a failed warm-up costs the first reader time, never the server
        log.exception("warming the portal failed; the first page will load what it needs")
        return
    # On stderr, beside Streamlit's own start-up lines (our logger has no handler of its own here).
    print(f"gmlp-cards: portal warm in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def install_portal_head() -> bool:
    """Add `PortalHead` as the innermost middleware of the server Streamlit builds (inside its gzip,
    so it sees the HTML as written); False, logged, where this Streamlit builds it otherwise (pages
    then load as they do under plain `streamlit run`)."""
    try:
        from starlette.middleware import Middleware
        from streamlit import config, file_util
        from streamlit.web.server.starlette import starlette_app
    except ImportError:
        log.warning("this Streamlit has no Starlette server: pages load without the portal's head")
        return False
    streamlit_middleware = getattr(starlette_app, "create_streamlit_middleware", None)
    if streamlit_middleware is None:
        log.warning("this Streamlit builds its middleware elsewhere: pages load without the portal's head")
        return False
    if getattr(streamlit_middleware, "adds_portal_head", False):
        return True
    js_folder = Path(file_util.get_static_dir()) / "static" / "js"

    def with_portal_head() -> list[Middleware]:
        base = config.get_option("server.baseUrlPath") or ""
        return [*streamlit_middleware(), Middleware(PortalHead, base_url_path=base, js_folder=js_folder)]

    with_portal_head.adds_portal_head = True  # type: ignore[attr-defined]
    starlette_app.create_streamlit_middleware = with_portal_head
    return True


def main(argv: list[str] | None = None) -> None:
    """Start warming, then hand the process to Streamlit's own `streamlit run` with `argv`."""
    from streamlit.web import cli

    install_portal_head()
    threading.Thread(target=warm, name="gmlp-cards-warm", daemon=True).start()
    sys.argv = ["streamlit", "run", *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
