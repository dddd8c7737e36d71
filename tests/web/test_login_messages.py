"""The page says, in Dutch, why a login waits (429, with the seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.live_server import RunningServer

pytestmark = pytest.mark.browser


def test_too_many_attempts_in_dutch(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    server = page_server
    username = server.credentials()["patient"][0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium_path),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
            ],
        )
        page = browser.new_context(viewport={"width": 810, "height": 1080}).new_page()
        page.goto(server.base_url + "/")
        for _ in range(server.settings.login_free_failures + 1):
            page.fill("#in-username", username)
            page.fill("#in-password", "wrong-wachtwoord")
            page.click("#form-login button[type=submit]")
            page.wait_for_timeout(300)
        expect(page.locator("#login-error")).to_contain_text("Te veel pogingen. Probeer het over")
        page.screenshot(path=str(artifacts_dir / "60-login-too-many-nl.png"))
        browser.close()
