"""On plain http from another address than this computer's (issue 25: the camera hint
did not say to use https). A browser gives no camera to a page that is not a secure
context: the camera screen says so, and that the page must be opened with https://, in
the page's language. The server is reached by a name that is not localhost (chromium
maps it to the test server), so the page is served over plain http, not secure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.texts import catalogue
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, watch

pytestmark = pytest.mark.browser

HOST = "formcheck-clinic.test"  # any name but localhost: not a secure context over http


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_on_plain_http_the_camera_screen_says_to_use_https(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path, lang: str
) -> None:
    from playwright.sync_api import expect

    texts = catalogue()
    port = page_server.base_url.rsplit(":", 1)[1]
    url = f"http://{HOST}:{port}"
    errors: list[str] = []
    with chromium(
        chromium_path, fake_camera=True, extra_args=[f"--host-resolver-rules=MAP {HOST} 127.0.0.1"]
    ) as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        watch(context, errors)
        page = context.new_page()
        page.goto(url + "/")
        assert page.evaluate("window.isSecureContext") is False
        log_in(page, *page_server.credentials()["patient"])
        expect(page.locator("#screen-home")).to_be_visible()
        if lang == "en":
            page.click("#btn-lang")
            expect(page.locator("html")).to_have_attribute("lang", "en")
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='2']")
        error = page.locator("#camera-error")
        expect(error).to_have_text(texts["camera_https"][lang])
        expect(error).to_contain_text("https://")
        page.screenshot(path=str(artifacts_dir / f"camera-over-http-{lang}.png"))
    assert errors == [], errors
