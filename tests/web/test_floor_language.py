"""Issue 14: the language belongs to the user, not to the browser. On one shared tablet
the therapist switches to English and logs out; the patient who logs in next gets their
own Dutch, and the therapist's next login is English again (kept with the account)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.texts import catalogue
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page, wait_until

pytestmark = pytest.mark.browser


def test_a_shared_tablet_gives_each_user_their_own_language(
    page_server: RunningServer, chromium_path: Path
) -> None:
    from playwright.sync_api import expect

    texts = catalogue()
    creds = page_server.credentials()
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors, size=(820, 1180))
        log_in(page, *creds["therapist"])
        expect(page.locator("#screen-therapist")).to_be_visible()
        page.click("#btn-lang")
        expect(page.locator("#btn-lang")).to_have_text(texts["language"]["en"])
        wait_until(
            page, "() => fetch('/api/me').then((r) => r.json()).then((me) => me.language === 'en')"
        )
        with page.expect_navigation():  # logout reloads the page: log in on the new one
            page.click("#btn-logout")
        expect(page.locator("#screen-login")).to_be_visible()
        expect(page.locator("#screen-login h2")).to_have_text(texts["login_title"]["nl"])

        log_in(page, *creds["patient"])  # the same tablet, the same browser
        expect(page.locator("#screen-home h3")).to_have_text(texts["today"]["nl"])
        expect(page.locator("#btn-lang")).to_have_text(texts["language"]["nl"])
        with page.expect_navigation():  # logout reloads the page: log in on the new one
            page.click("#btn-logout")
        expect(page.locator("#screen-login")).to_be_visible()

        log_in(page, *creds["therapist"])
        expect(page.locator("#btn-lang")).to_have_text(texts["language"]["en"])
        expect(page.locator("header h1")).to_have_text(texts["app_title"]["en"])
    assert errors == [], errors
