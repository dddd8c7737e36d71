"""A sign-in link made where the server listens on a loopback address (`make run`'s
127.0.0.1): the therapist's page says, in the page's language, that a tablet cannot open
it and how to set the clinic's address (issue 25), in real chromium."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from exercises.texts import catalogue
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page
from tests.web.therapist_steps import new_link, open_patient, shoot

pytestmark = pytest.mark.browser


def test_a_link_to_this_computer_only_is_flagged_in_the_therapists_page(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    texts = catalogue()
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        log_in(page, *page_server.credentials()["therapist"])
        expect(page.locator("#screen-therapist")).to_be_visible()
        open_patient(page)
        url = new_link(page)
        address = urlsplit(url).netloc
        assert address.startswith("127.0.0.1:")
        warning = page.locator("#link-only-here")
        expect(warning).to_be_visible()
        expect(warning).to_have_text(texts["link_only_here"]["nl"].replace("{address}", address))
        shoot(page, artifacts_dir, "61-link-only-here-nl.png")
        page.click("#btn-lang")
        page.click("#btn-new-link")
        expect(warning).to_have_text(texts["link_only_here"]["en"].replace("{address}", address))
    assert errors == [], errors
