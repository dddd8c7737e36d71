"""The page says, in Dutch, why a login waits (429, with the seconds), and a login that
ended while the page was busy brings it back to the login screen, not to an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.texts import catalogue
from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page

pytestmark = pytest.mark.browser


def test_too_many_attempts_in_dutch(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    server = page_server
    username = server.credentials()["patient"][0]
    with chromium(chromium_path, fake_camera=True) as browser:
        page = browser.new_context(viewport={"width": 810, "height": 1080}).new_page()
        page.goto(server.base_url + "/")
        for _ in range(server.settings.login_free_failures + 1):
            page.fill("#in-username", username)
            page.fill("#in-password", "wrong-wachtwoord")
            page.click("#form-login button[type=submit]")
            page.wait_for_timeout(300)
        expect(page.locator("#login-error")).to_contain_text("Te veel pogingen. Probeer het over")
        page.screenshot(path=str(artifacts_dir / "60-login-too-many-nl.png"))


def test_a_call_refused_after_the_login_ended_goes_back_to_the_login(
    page_server: RunningServer, chromium_path: Path
) -> None:
    from playwright.sync_api import expect

    texts = catalogue()
    user, password = page_server.credentials()["patient"]
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        log_in(page, user, password)
        expect(page.locator("#screen-home")).to_be_visible()
        with Client.login(page_server, user, password) as elsewhere:
            assert elsewhere.http.post("/api/logout").status_code == 200  # ends every login
        # A call the page makes on its own (nobody awaits it): refused, 401.
        page.evaluate(
            "import('/static/js/api.js').then((m) => { m.api('GET', '/api/programme'); })"
        )
        expect(page.locator("#screen-login")).to_be_visible()
        expect(page.locator("#notice")).to_have_text(texts["logged_out_elsewhere"]["nl"])
    assert errors == [], errors  # no uncaught "log in first"
