"""Figures 2 and 3: warm reruns of the heaviest leaflet page and of the 1,000-device catalog (AppTest).

AppTest runs a page's script in this process, as the server would, without a browser: the time of
`at.run()` is the server-side cost of one rerun. One difference is corrected: AppTest gives every
run a new ScriptCache, so it compiles the entry script and the page's script again on every run,
where the server compiles each once (the Runtime's one ScriptCache). Every AppTest here, ours and
the baselines alike, shares one cache, as the server's sessions do (`_one_script_cache`).
Baselines run in the same harness: a minimal page (one `st.write`) and a page that draws one
Plotly chart, the floor of any page with a chart. Each side is timed in rotating order; medians
are reported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest

from benchmarks.common import Figure, interleaved, median
from gmlp_cards.cards.catalog import CARD_GLOB

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = "import streamlit as st\nst.write('hello')\n"
ONE_CHART = (
    "import plotly.graph_objects as go\nimport streamlit as st\n"
    "st.plotly_chart(go.Figure(go.Bar(x=['a', 'b', 'c'], y=[1, 3, 2])), key='one')\n"
)
TARGET = 2.0
SEARCH_TARGET = 3.0  # issue 17: a catalog search rerun within 3x a minimal page
COLD_TIMEOUT = 3600.0  # the first run loads the whole catalog


def heaviest(root: Path) -> tuple[str, str]:
    """(device, version) of the largest card file: the longest leaflet to draw."""
    path = max(root.glob(CARD_GLOB), key=lambda p: p.stat().st_size)
    return path.parent.name, path.stem


def _baseline(script: str) -> AppTest:
    at = AppTest.from_string(script, default_timeout=120)
    at.run()
    return at


def _rerun_figure(name: str, ours: float, floor: float, floor_name: str, target: float) -> Figure:
    """A rerun time in ms against its floor, met when under `target` times the floor."""
    figure = Figure(
        name,
        ours,
        floor,
        "ms",
        floor_name=floor_name,
        target=f"< {target}x a {floor_name}",
        median_ratio=ours / floor,
    )
    figure.met = ours / floor < target
    return figure


def _runner(at: AppTest) -> Callable[[], object]:
    def run() -> None:
        at.run()
        if at.exception:
            raise RuntimeError(f"page raised: {at.exception[0].value}")

    return run


@contextmanager
def _one_script_cache() -> Iterator[None]:
    """Every AppTest run compiles its scripts through one ScriptCache, as every rerun on the server
    does; AppTest makes new ones per run, for its pages manager and its script runner
    (streamlit/testing/v1/app_test.py and local_script_runner.py)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    modules = (app_test, local_script_runner)
    made = [module.ScriptCache for module in modules]
    for module in modules:
        module.ScriptCache = lambda: shared  # type: ignore[assignment]
    try:
        yield
    finally:
        for module, original in zip(modules, made, strict=True):
            module.ScriptCache = original  # type: ignore[misc]


def run(root: Path, reps: int = 9) -> list[Figure]:
    # The pages read the card folder from the environment; put it back afterwards, or every later
    # AppTest in the same process (the test suite runs this as a smoke test) sees this catalog.
    previous = os.environ.get("GMLP_CARDS_DIR")
    os.environ["GMLP_CARDS_DIR"] = str(root)
    try:
        with _one_script_cache():
            return _run(root, reps)
    finally:
        if previous is None:
            os.environ.pop("GMLP_CARDS_DIR", None)
        else:
            os.environ["GMLP_CARDS_DIR"] = previous


def _run(root: Path, reps: int = 9) -> list[Figure]:
    device, version = heaviest(root)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=COLD_TIMEOUT)
    app.query_params.update({"device": device, "version": version, "tier": "leaflet"})
    app.switch_page("views/device.py").run()  # cold: loads and caches the catalog
    # The device page draws its title in the element of its styles (ui/device.header), as an <h1>.
    if app.exception or not any("<h1" in e.proto.body for e in app.get("html")):
        raise RuntimeError(f"the leaflet page did not render: {list(app.exception)}")
    app.default_timeout = 120
    # The same leaflet with every section open: the cost of reading it all on one screen.
    full = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    full.query_params.update({"device": device, "version": version, "tier": "leaflet"})
    full.query_params["all-sections"] = "true"
    full.switch_page("views/device.py").run()
    minimal, chart = _baseline(MINIMAL), _baseline(ONE_CHART)
    runners = {"leaflet": _runner(app), "minimal": _runner(minimal), "one chart": _runner(chart)}
    times = interleaved({**runners, "every section": _runner(full)}, reps)
    leaflet, bare, one, every = (
        median(times[k]) * 1000 for k in ("leaflet", "minimal", "one chart", "every section")
    )
    charts = len(app.get("plotly_chart"))
    page = _rerun_figure("2. leaflet page, warm rerun", leaflet, one, "one-chart page", TARGET)
    page.notes += [
        f"{device} {version} leaflet as it opens (its contents; {charts} charts drawn); vs a minimal "
        f"page ({bare:.1f} ms): {leaflet / bare:.1f}x; with every section open "
        f"({len(full.get('plotly_chart'))} charts): {every:.1f} ms = {every / one:.1f}x the one-chart "
        f"page; medians of {reps}"
    ]

    catalog = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    catalog.switch_page("views/catalog.py").run()  # the catalog is already cached in this process
    if catalog.exception:
        raise RuntimeError(f"the catalog page raised: {catalog.exception[0].value}")
    words = iter(["synthetic", "maker", "device", "review"] * reps)
    modalities = catalog.multiselect(key="catalog-modality").options
    picks = iter([[m] for m in modalities[:3]] * reps)

    def search() -> None:
        catalog.text_input(key="catalog-search").set_value(next(words))
        catalog.multiselect(key="catalog-modality").set_value([])
        catalog.run()

    def filtered() -> None:
        catalog.text_input(key="catalog-search").set_value("")
        catalog.multiselect(key="catalog-modality").set_value(next(picks))
        catalog.run()

    times = interleaved({"search": search, "filter": filtered, "minimal": _runner(minimal)}, reps)
    shown = catalog.caption[0].value if catalog.caption else ""
    searched, filt, bare = (median(times[k]) * 1000 for k in ("search", "filter", "minimal"))
    devices = len({p.parent.name for p in root.glob(CARD_GLOB)})
    name = f"3. catalog ({devices} devices), search rerun"
    listing = _rerun_figure(name, searched, bare, "minimal page", SEARCH_TARGET)
    listing.notes += [
        f"filter (one modality) rerun {filt:.1f} ms = {filt / bare:.1f}x the minimal "
        f"page; last caption: {shown!r}; medians of {reps}"
    ]
    return [page, listing]
