"""axe-core on the pages where people type: the concern form, the desk login and a version comparison."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import StreamlitServer, open_app, wait_for_charts
from test_browser_axe import blocking_violations

PATHS = {
    "report": "/report?device=lumen-cxr-triage&version=1.1.0",
    "desk-login": "/desk",
    "compare": "/compare?device=retina-dr-screen&from=1.0.0&to=2.0.0",
}


@pytest.mark.parametrize("name", list(PATHS))
def test_no_serious_accessibility_violations(app_server: StreamlitServer, page: Any, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_app(page, app_server.url + PATHS[name])
    wait_for_charts(page)
    problems = blocking_violations(Axe().run(page).response)
    assert not problems, f"{PATHS[name]}:\n" + "\n".join(problems)
