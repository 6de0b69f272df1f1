"""`python -m gmlp_cards.ui.serve app.py [streamlit options]`: `streamlit run`, warm before its first reader.

With `streamlit run`, the portal's code is imported and the catalog loaded when the first reader's
page runs, so after every restart or deploy the first QR label scanned waited for both (issue 17,
figure 4b). This starts the same Streamlit server on the same script and, meanwhile, in a thread,
imports the pages' code and loads the catalog (through the index) into the cache every session
reads. A reader who arrives before it is done waits only for what is left: Streamlit computes a
cached value once and the other callers wait for it, and Python imports a module once.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

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


def main(argv: list[str] | None = None) -> None:
    """Start warming, then hand the process to Streamlit's own `streamlit run` with `argv`."""
    from streamlit.web import cli

    threading.Thread(target=warm, name="gmlp-cards-warm", daemon=True).start()
    sys.argv = ["streamlit", "run", *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
