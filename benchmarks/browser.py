"""Figures 4 and 5: navigation to a visible front of pack in headless Chromium, and the server's peak memory.

Two `streamlit run` servers on free loopback ports, started as the browser tests start theirs: the
app with the benchmark catalog, and a bare one-line page. Each navigation opens a fresh tab (a new
Streamlit session), and the clock stops when the page's script has finished and the expected text
is visible: the glance's first top warning for ours (issue 15: the front of pack is read at a glance,
so it counts when its warnings are drawn), the greeting for the bare page. Navigations alternate
between the two servers; medians are reported. Peak memory is VmHWM (peak resident set) of the
app's server process from /proc, read after it has served the catalog page and device pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, median
from benchmarks.pages import heaviest
from gmlp_cards.cards.index import INDEX_NAME
from gmlp_cards.config import CHROMIUM_BASE_ARGS, chromium_path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = str(chromium_path())
CHROMIUM_ARGS = list(CHROMIUM_BASE_ARGS)
APP_READY = "[data-testid=stApp][data-test-connection-state=CONNECTED]"
IDLE = "[data-test-script-state=notRunning]"
MEMORY_TARGET_MB = 500.0
NAV_TARGET_RATIO = 1.3  # issue 15: the front of pack may cost at most 1.3x a bare text page
NAV_TARGET = f"<= {NAV_TARGET_RATIO}x"
RESTART_TARGET_RATIO = 2.0  # issue 17: the first page after a restart within 2x a bare page
FIRST_WARNING = "ul.gc-list li"  # the first item of the front of pack's top warnings (ui/render.py)
LEAFLET_TARGET_RATIO = 1.5  # issue 15: the leaflet drawn within 1.5x a bare one-chart page
LAST_SECTION = "Check the numbers for your setting"  # the leaflet's last section (ui/leaflet_view.py)
CHART = "[data-testid=stPlotlyChart] .main-svg"  # a drawn Plotly chart
SKELETON = "[data-testid=stSkeleton]"
ONE_CHART_PAGE = (
    "import plotly.graph_objects as go\nimport streamlit as st\n"
    "st.plotly_chart(go.Figure(go.Bar(x=['a', 'b', 'c'], y=[1, 3, 2])), key='one')\n"
)


def browser_missing() -> str | None:
    """Why the browser figures cannot be measured here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM}"
    return None


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(cards: Path, data_dir: Path) -> dict[str, str]:
    """The environment of a `streamlit run` of the portal on `cards`, its concern database in `data_dir`
    (the browser tests start theirs with it too)."""
    return {
        **os.environ,
        "GMLP_CARDS_DIR": str(cards),
        "GMLP_CARDS_DATA_DIR": str(data_dir),
        "GMLP_CARDS_DATABASE_URL": f"sqlite:///{data_dir / 'concerns.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }


def streamlit_command(script: str, port: int, *options: str, portal: bool = False) -> list[str]:
    """`streamlit run SCRIPT` headless on 127.0.0.1:PORT without a file watcher, then `options`; with
    `portal`, the way the README starts the portal (gmlp_cards/ui/serve.py: the same, warmed)."""
    return [
        sys.executable,
        "-m",
        *(("gmlp_cards.ui.serve",) if portal else ("streamlit", "run")),
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        *options,
        "--server.fileWatcherType",
        "none",
    ]


@contextmanager
def server(script: Path, cards: Path, work: Path, timeout: float = 600.0) -> Iterator[tuple[str, int]]:
    """A `streamlit run` of `script`; yields (base URL, pid) once /_stcore/health answers ok."""
    port = _free_port()
    env = server_env(cards, work)
    portal = script.name == "app.py"
    command = streamlit_command(str(script), port, "--browser.gatherUsageStats", "false", portal=portal)
    log = work / f"streamlit-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as answer:
                    if answer.read().strip() == b"ok":
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.3)  # polling HTTP: nothing to wait on instead
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _open(browser: Any, url: str, text: str, timeout_ms: float, selector: str = "") -> float:
    """Seconds from navigation until the script is idle and `text` (and `selector`) are visible."""

    def visible(page: Any) -> None:
        if selector:
            page.locator(selector).first.wait_for(state="visible", timeout=timeout_ms)

    return _timed(browser, url, text, timeout_ms, visible)


def _timed(browser: Any, url: str, text: str, timeout_ms: float, then: Any) -> float:
    """Seconds from navigation in a new tab until the script is idle, `text` is visible and `then(page)`
    has returned."""
    page = browser.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_selector(APP_READY, timeout=timeout_ms)
        page.wait_for_selector(IDLE, timeout=timeout_ms)
        if text:
            page.get_by_text(text, exact=False).first.wait_for(state="visible", timeout=timeout_ms)
        then(page)
        return time.perf_counter() - start
    finally:
        page.close()


def _drawn(browser: Any, url: str, text: str, charts: int, timeout_ms: float) -> float:
    """Seconds from navigation until the script is idle, `text` is visible, `charts` Plotly charts are
    drawn and no skeleton (a placeholder of an element not yet drawn) is left."""

    def complete(page: Any) -> None:
        page.wait_for_function(
            "([chart, skeleton, n]) => document.querySelectorAll(chart).length >= n"
            " && document.querySelectorAll(skeleton).length === 0",
            arg=[CHART, SKELETON, charts],
            timeout=timeout_ms,
        )

    return _timed(browser, url, text, timeout_ms, complete)


def leaflet_figure(browser: Any, app: str, root: Path, device: str, version: str, reps: int) -> Figure:
    """Figure 4c (issue 15): the leaflet drawn, against a bare one-chart page drawn, alternating.

    The leaflet opens on its contents (ui/leaflet_view.py); it counts as drawn when its last section
    title is visible and nothing is left to draw. The same leaflet with every section open (charts
    drawn) is timed too and reported beside it.
    """
    leaflet = f"{app}/device?device={device}&version={version}&tier=leaflet"
    with tempfile.TemporaryDirectory(prefix="gmlp-bench-chart-") as folder:
        work = Path(folder)
        script = work / "one_chart.py"
        script.write_text(ONE_CHART_PAGE)
        with server(script, root, work) as (chart, _):
            _drawn(browser, f"{chart}/", "", 1, 300_000)  # warm both servers' first session
            _drawn(browser, leaflet, LAST_SECTION, 0, 300_000)
            ours: list[float] = []
            floor: list[float] = []
            every: list[float] = []
            for rep in range(reps):
                pair = [(ours, leaflet, LAST_SECTION, 0), (floor, f"{chart}/", "", 1)]
                for times, url, text, charts in pair if rep % 2 == 0 else reversed(pair):
                    times.append(_drawn(browser, url, text, charts, 300_000))
            for _ in range(max(1, reps // 3)):
                every.append(_drawn(browser, f"{leaflet}&all-sections=true", LAST_SECTION, 1, 300_000))
    figure = Figure(
        "4c. leaflet drawn (Chromium)",
        median(ours) * 1000,
        median(floor) * 1000,
        "ms",
        floor_name="bare one-chart page",
        target=f"<= {LEAFLET_TARGET_RATIO}x",
        median_ratio=median(ours) / median(floor),
    )
    figure.met = figure.ratio is not None and figure.ratio <= LEAFLET_TARGET_RATIO
    figure.notes += [
        f"{device} {version} leaflet as it opens (its contents: every section title, each section "
        f"drawn when opened), until nothing is left to draw; medians of {reps} alternating "
        f"navigations, each a new session; with every section open (?all-sections=true, charts "
        f"drawn): {median(every) * 1000:,.0f} ms = {median(every) / median(floor):.2f}x (median of "
        f"{len(every)})"
    ]
    return figure


def vm_hwm_mb(pid: int) -> float:
    """Peak resident set size of a process, from /proc/<pid>/status (Linux)."""
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")


@contextmanager
def _app_and_bare(root: Path) -> Iterator[tuple[str, int, str, Any, Path]]:
    """Fresh servers of the app on `root` and of a bare page, and a Chromium: (app, pid, bare, browser,
    the folder of the servers' logs)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="gmlp-bench-") as folder:
        work = Path(folder)
        bare_script = work / "bare.py"
        bare_script.write_text("import streamlit as st\nst.write('Hello from a bare page')\n")
        with (
            server(ROOT / "app.py", root, work) as (app, pid),
            server(bare_script, root, work) as (bare, _),
            sync_playwright() as driver,
        ):
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield app, pid, bare, browser, work
            finally:
                browser.close()


DEEP_BARE = (
    "import streamlit as st\n"
    "def bare():\n    st.write('Hello from a bare page')\n"
    "st.navigation([st.Page(bare, title='Bare', default=True), "
    "st.Page(bare, title='Device', url_path='device')]).run()\n"
)


@contextmanager
def _deep_bare(root: Path, work: Path) -> Iterator[str]:
    """A bare two-page app whose /device page is one line: the floor of a deep link in Streamlit."""
    script = work / "deep_bare.py"
    script.write_text(DEEP_BARE)
    with server(script, root, work) as (url, _):
        yield url


def run(root: Path, reps: int = 7, cold_timeout: float = 3600.0) -> list[Figure]:
    device, version = heaviest(root)
    # Figure 3's AppTest load may have written the index already: say which start figure 4 timed.
    start = "with the index an earlier figure built" if (root / INDEX_NAME).exists() else "no index yet"
    with _app_and_bare(root) as (app, pid, bare, browser, logs), _deep_bare(root, logs) as deep:
        front = f"{app}/device?device={device}&version={version}&tier=front"
        # Cold: the first session loads the catalog; then the catalog page, as readers do.
        cold = _open(browser, f"{app}/", "Device catalog", cold_timeout * 1000)
        _open(browser, front, f"{version}", 300_000)
        _open(browser, f"{bare}/", "Hello from a bare page", 300_000)
        _open(browser, f"{deep}/device", "Hello from a bare page", 300_000)
        ours: list[float] = []
        floor: list[float] = []
        deep_floor: list[float] = []
        for rep in range(reps):
            trio = [
                (ours, front, version, FIRST_WARNING),
                (floor, f"{bare}/", "Hello from a bare page", ""),
                (deep_floor, f"{deep}/device", "Hello from a bare page", ""),
            ]
            for times, url, text, selector in trio if rep % 2 == 0 else reversed(trio):
                times.append(_open(browser, url, text, 300_000, selector))
        leaflet = leaflet_figure(browser, app, root, device, version, reps)
        peak = vm_hwm_mb(pid)
    nav = Figure(
        "4. navigation to visible front of pack (Chromium)",
        median(ours) * 1000,
        median(floor) * 1000,
        "ms",
        floor_name="bare page",
        target=NAV_TARGET,
        median_ratio=median(ours) / median(floor),
    )
    nav.met = nav.ratio is not None and nav.ratio <= NAV_TARGET_RATIO
    nav.notes += [
        f"{device} {version}, until its first top warning is visible; medians of {reps} alternating "
        f"navigations, each a new session; first catalog page of a fresh server ({start}) {cold:.1f} s",
        f"the same deep link with nothing on it (/device of a bare two-page app under plain streamlit "
        f"run: Streamlit's front end first probes /device/_stcore/health, then the root; the portal's "
        f"page tells it the base, gmlp_cards/ui/page_head.py) {median(deep_floor) * 1000:,.0f} ms, "
        f"{median(deep_floor) / median(floor):.2f}x the bare page; ours is "
        f"{median(ours) / median(deep_floor):.2f}x that",
    ]
    memory = Figure(
        "5. app server peak memory (VmHWM)",
        peak,
        MEMORY_TARGET_MB,
        "MB",
        floor_name="target",
        target=f"< {MEMORY_TARGET_MB:.0f} MB",
    )
    memory.met = peak < MEMORY_TARGET_MB
    memory.notes += ["after the catalog page, the front of pack and the leaflet of the heaviest card"]
    return [nav, leaflet, memory, restart(root, cold, start)]


def restart(root: Path, cold: float, start: str) -> Figure:
    """Figure 4b: the first reader after a restart, once the catalog index exists (cards/index.py).

    The first server above wrote the index while it loaded the catalog cold; here a new app server
    and a new bare server start, and each one's first navigation is timed: the front of pack of the
    heaviest card for ours (a QR label scanned right after a deploy), the greeting for the bare page.
    """
    device, version = heaviest(root)
    with _app_and_bare(root) as (app, pid, bare, browser, logs):
        front = f"{app}/device?device={device}&version={version}&tier=front"
        ours = _open(browser, front, version, 300_000, FIRST_WARNING)
        floor = _open(browser, f"{bare}/", "Hello from a bare page", 300_000)
        peak = vm_hwm_mb(pid)
        warm = _warm_line(logs)
    figure = Figure(
        "4b. first front of pack after a restart, index built (Chromium)",
        ours * 1000,
        floor * 1000,
        "ms",
        floor_name="bare page, first load",
        target=f"<= {RESTART_TARGET_RATIO}x",
    )
    figure.met = figure.ratio is not None and figure.ratio <= RESTART_TARGET_RATIO
    figure.notes += [
        f"{device} {version}, the first navigation of a freshly started server, until its first top "
        f"warning is visible; figure 4's first catalog page ({start}) {cold:.1f} s; "
        f"app server peak memory after it {peak:.0f} MB; the server starts warm (gmlp_cards/ui/serve.py, "
        f"as `make run` does), its log said: {warm!r}; the navigation began once both servers answered "
        "their health check and Chromium had started"
    ]
    return figure


def _warm_line(logs: Path) -> str:
    """The app server's own line saying how long its warm-up took ("" if it has not said yet)."""
    for log in sorted(logs.glob("streamlit-*.log")):
        for line in log.read_text(errors="replace").splitlines():
            if "portal warm in" in line:
                return line.strip()
    return "(no warm-up line yet)"
