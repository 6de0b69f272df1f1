"""axe-core on every public view: no serious or critical accessibility violations.

Where Streamlit's own markup (not ours) causes a violation the app cannot fix, it is allowed here by
rule id and exact selector, with the reason; anything else fails with the offending HTML.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import ROOT, StreamlitServer, open_app, publish_screenshot, screenshot, wait_for_charts
from portal_urls import View, views

pytestmark = pytest.mark.browser

BLOCKING = frozenset({"serious", "critical"})

# (rule id, CSS selector axe reports) -> why the app cannot fix it. Keep this list short and exact.
ALLOWED: dict[tuple[str, str], str] = {}


def blocking_violations(results: dict[str, Any]) -> list[str]:
    """One line per serious/critical violation node that is not on the allow-list."""
    found = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            impact = node.get("impact") or violation.get("impact")
            selector = " ".join(str(part) for part in node["target"])
            if impact not in BLOCKING or (violation["id"], selector) in ALLOWED:
                continue
            found.append(
                f"{violation['id']} ({impact}) at {selector}: {violation['help']}\n    {node['html'][:300]}"
            )
    return found


@pytest.mark.parametrize("view", views(ROOT / "model_cards"), ids=lambda view: view.name)
def test_no_serious_accessibility_violations(app_server: StreamlitServer, page: Any, view: View) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_app(page, app_server.url + view.path)
    wait_for_charts(page)
    results = Axe().run(page).response
    shot = screenshot(page, f"axe-{view.name}", full_page=False)
    if view.name in {"catalog", "front", "patient"}:  # the README shows these
        publish_screenshot(shot, view.name)
    problems = blocking_violations(results)
    assert not problems, f"{view.path}:\n" + "\n".join(problems)
