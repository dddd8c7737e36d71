"""The pages run under a CSP without 'unsafe-inline': every browser test collects the
violations (`tests.web.browser.watch`) and fails on one; this checks the collector sees
them, and that the served report page (its plots, its replay) has none."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.live_server import RunningServer
from tests.web.browser import chromium, open_page

pytestmark = pytest.mark.browser


def test_an_inline_script_or_style_is_refused_and_reported(
    page_server: RunningServer, chromium_path: Path
) -> None:
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        page.wait_for_selector("#screen-login")
        ran = page.evaluate(
            """() => {
                 window.inlineRan = false;
                 const s = document.createElement("script");
                 s.textContent = "window.inlineRan = true";
                 document.body.append(s);
                 document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
                 return window.inlineRan;
               }"""
        )
        page.wait_for_timeout(300)
    assert ran is False
    violations = [e for e in errors if "Content Security Policy" in e]
    assert any("script-src" in e for e in violations), errors
    assert any("style-src" in e for e in violations), errors
