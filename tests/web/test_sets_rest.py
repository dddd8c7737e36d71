"""Sets and rest in the browser: with two reps per set prescribed, the bridge clip
completes a set, the rest timer counts down, and the next set is shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page, prescribe, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.real_model, pytest.mark.real_video]


def test_rest_timer_between_sets(
    server: RunningServer, chromium_path: Path, bridge_y4m: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    prescribe(
        server, [{"exercise": "bridge", "prescription": {"reps": 2, "sets": 3, "rest_s": 20.0}}]
    )
    errors: list[str] = []
    with chromium(chromium_path, bridge_y4m) as browser:
        page = open_page(browser, server, errors, camera=True, size=(1180, 820))
        log_in(page, *server.credentials()["patient"])
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='1']")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        expect(page.locator("#set-label")).to_have_text("Set 1 van 3", timeout=30_000)
        expect(page.locator("#rest")).to_be_visible(timeout=60_000)
        first = int(page.locator("#rest-count").text_content() or "0")
        page.wait_for_timeout(2200)
        later = int(page.locator("#rest-count").text_content() or "0")
        page.screenshot(path=str(artifacts_dir / "09-rest-between-sets.png"))
        page.click("#btn-rest-skip")
        expect(page.locator("#rest")).to_be_hidden()
        expect(page.locator("#set-label")).to_have_text("Set 2 van 3", timeout=10_000)
        expect(page.locator("#set-dots span.done")).to_have_count(1)
    assert errors == [], errors
    assert 15 <= first <= 20
    assert later < first
