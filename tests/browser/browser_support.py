"""Browser test support: a real `streamlit run` server per cards folder, and waits for a Chromium page.

Slow 2-core machines are the target: every wait is an explicit wait-for with a generous timeout, and
a server that does not come up fails with its own log in the message.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from benchmarks.browser import server_env, streamlit_command
from gmlp_cards.config import CHROMIUM_BASE_ARGS, chromium_path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = chromium_path()
CHROMIUM_ARGS = [*CHROMIUM_BASE_ARGS, "--disable-quic"]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
SERVER_START_TIMEOUT = 120.0  # seconds; a cold import of streamlit+pandas+plotly is slow on 2 cores
PAGE_TIMEOUT_MS = 90_000  # first render of a page imports plotly and builds figures
APP_READY = "[data-testid=stApp][data-test-connection-state=CONNECTED]"
SCRIPT_DONE = "[data-test-script-state=notRunning]"


def _missing_browser_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the `playwright` package is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    return None


def require_browser() -> None:
    """Fail in CI, skip elsewhere, when there is nothing to drive: CI must never pass by skipping."""
    reason = _missing_browser_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StreamlitServer:
    """One `streamlit run app.py` process on a free loopback port, with its own cards and database."""

    cards_dir: Path
    work_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    database_url: str | None = None
    """A concern database shared with other servers (replicas); by default a SQLite file of its own."""
    options: tuple[str, ...] = ()
    """More `streamlit run` options, e.g. `("--server.baseUrlPath", "cards")`."""
    path: str = ""
    """The server's base URL path (`/cards`) when `options` set one: `url` ends with it."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    @property
    def log_path(self) -> Path:
        return self.work_dir / "streamlit.log"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else "(no log)"

    def start(self) -> StreamlitServer:
        data_dir = self.work_dir / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        env = {**server_env(self.cards_dir, data_dir), "GMLP_CARDS_BASE_URL": self.url}
        if self.database_url is not None:
            env["GMLP_CARDS_DATABASE_URL"] = self.database_url
        command = streamlit_command("app.py", self.port, *self.options, portal=True)
        with self.log_path.open("wb") as log:
            # The child keeps its own copy of the descriptor; closing ours does not stop its output.
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                pytest.fail(
                    f"streamlit exited with code {self.process.returncode} before it was "
                    f"healthy.\n--- {self.log_path} ---\n{self.log()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as response:
                    if response.read().decode().strip() == "ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                last_error = str(error)
            time.sleep(0.5)  # polling an HTTP endpoint: there is nothing to wait on instead
        self.stop()
        pytest.fail(
            f"streamlit was not healthy after {SERVER_START_TIMEOUT:.0f}s ({last_error})."
            f"\n--- {self.log_path} ---\n{self.log()}"
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)


def new_screen_context(browser: Any, width: int, height: int, scale: int = 1) -> Any:
    """A fresh browser context with a `width` x `height` CSS viewport at `scale` device pixels per CSS
    pixel (200% zoom on a 1366x768 screen is 683x384 at 2), in English, with the page timeout."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, locale="en-US"
    )
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    return context


def open_app(page: Any, url: str) -> Any:
    """Open `url` and wait until Streamlit is connected and the page script has finished running."""
    page.goto(url, wait_until="domcontentloaded")
    wait_until_idle(page)
    return page


def wait_until_idle(page: Any) -> None:
    """Wait for a connected app whose script run is over (after a load, a click or a navigation)."""
    page.wait_for_selector(APP_READY, state="attached")
    page.wait_for_selector(SCRIPT_DONE, state="attached")
    # Some elements (st.html, download buttons) still show a loading skeleton after the run ends;
    # axe and screenshots must see the real content.
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')")


def wait_for_charts(page: Any) -> None:
    """Plotly draws after the script run ends: wait until every chart on the page has its SVG."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('svg'))"
    )


def screenshot(target: Any, name: str, **options: Any) -> Path:
    """Save a screenshot of a page or one element under test-output/screenshots/ (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    target.screenshot(path=str(path), **options)
    return path


def publish_screenshot(source: Path, name: str) -> Path | None:
    """Copy a screenshot to docs/screenshots/ for the README, only when asked (it changes the tree).

    Set GMLP_CARDS_UPDATE_SCREENSHOTS=1 to refresh them; the copy is quantised to a small palette PNG
    when Pillow is present, so the repository does not grow by hundreds of kilobytes per refresh.
    """
    if os.environ.get("GMLP_CARDS_UPDATE_SCREENSHOTS") != "1":
        return None
    target = ROOT / "docs" / "screenshots" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        from PIL import Image
    except ImportError:
        shutil.copyfile(source, target)
        return target
    with Image.open(source) as image:
        image.convert("RGB").quantize(colors=128).save(target, optimize=True)
    return target


def choose(page: Any, label: str, option: str) -> None:
    """Pick `option` in the select box labelled `label`."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def send_concern(page: Any, narrative: str) -> None:
    """On an open concern form: a clinician reports a wrong or misleading output, no harm, and sends it."""
    choose(page, "You are", "Clinician (doctor, nurse, ...)")
    choose(page, "What kind of problem", "Wrong or misleading output")
    page.get_by_text("No", exact=True).click()
    page.get_by_role("textbox", name="What happened").fill(narrative)
    page.get_by_role("button", name="Send report").click()
    wait_until_idle(page)


def sign_in(page: Any, url: str, user: str, password: str) -> None:
    """Open the desk at `url` and log in (the caller waits for what it expects: signed in, or refused)."""
    open_app(page, f"{url}/desk")
    page.get_by_role("textbox", name="User name").fill(user)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    wait_until_idle(page)
