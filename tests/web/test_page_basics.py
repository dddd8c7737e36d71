"""The page without a camera (so without the model): Dutch by default, English on
request, both from the server's text catalogue; large touch targets on a tablet held
upright, and the clinic's advice before a first session."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.texts import catalogue
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, watch

pytestmark = pytest.mark.browser

MIN_TARGET_PX = 44  # Apple and WCAG 2.5.5 minimum touch target
# The bar's shown buttons that are not wholly in the viewport or not wholly in the bar.
BAR_CUT = """() => [...document.querySelectorAll(".bar .btn")]
  .filter((b) => b.checkVisibility())
  .filter((b) => {
    const r = b.getBoundingClientRect(), bar = b.closest(".bar").getBoundingClientRect();
    return r.left < 0 || r.right > innerWidth || r.left < bar.left || r.right > bar.right + 0.5
      || b.scrollWidth > b.clientWidth + 1;
  })
  .map((b) => b.textContent)"""


def test_language_targets_and_advice_on_a_tablet(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    server = page_server
    texts = catalogue()

    username, password = server.credentials()["patient"]
    with chromium(chromium_path) as browser:
        context = browser.new_context(
            viewport={"width": 810, "height": 1080}, has_touch=True, is_mobile=True
        )
        errors: list[str] = []
        watch(context, errors)
        page = context.new_page()
        page.goto(server.base_url + "/")
        expect(page.locator("#screen-login h2")).to_have_text("Inloggen")
        # Texts come from the catalogue the server serves, none from the page itself.
        expect(page.locator("#btn-lang")).to_have_text(texts["language"]["nl"])
        expect(page.locator("header h1")).to_have_text(texts["app_title"]["nl"])
        page.screenshot(path=str(artifacts_dir / "10-tablet-login-nl.png"))
        page.fill("#in-username", username)
        page.fill("#in-password", "wrong-password")
        page.tap("#form-login button[type=submit]")
        expect(page.locator("#login-error")).to_be_visible()
        page.fill("#in-password", password)
        page.tap("#form-login button[type=submit]")
        expect(page.locator("#screen-home h3")).to_have_text("Uw oefeningen van vandaag")
        # Logged in (the account's language is taken then), before switching it.
        expect(page.locator("#screen-home")).to_be_visible()
        page.tap("#btn-lang")
        expect(page.locator("#screen-home h3")).to_have_text("Your exercises for today")
        expect(page.locator("header h1")).to_have_text(texts["app_title"]["en"])
        expect(page.locator("#btn-lang")).to_have_text(texts["language"]["en"])
        expect(page.locator("#programme li").first).to_contain_text("Bridge")
        page.screenshot(path=str(artifacts_dir / "11-tablet-home-en.png"))
        # Issue 25: "Uitloggen" was cut off at 820 px wide; every button of the bar in view.
        page.set_viewport_size({"width": 820, "height": 1180})
        cut = page.evaluate(BAR_CUT)
        page.screenshot(path=str(artifacts_dir / "11-tablet-home-en-820.png"))
        assert cut == [], cut
        small = page.evaluate(
            """(min) => [...document.querySelectorAll('button, input, select')]
                 .filter((el) => el.offsetParent !== null)
                 .map((el) => [el.id || el.textContent.trim(), el.getBoundingClientRect()])
                 .filter(([, r]) => r.width < min || r.height < min)
                 .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)""",
            MIN_TARGET_PX,
        )
        assert small == [], small
        page.tap("#btn-start")
        expect(page.locator("#screen-advice h2")).to_have_text(
            "When should you make an appointment?"
        )
        expect(page.locator("#screen-advice li")).to_have_count(6)
        page.screenshot(path=str(artifacts_dir / "12-tablet-advice-en.png"))
        page.tap("#btn-advice-ok")
        expect(page.locator("#pain-scale button")).to_have_count(11)
        page.screenshot(path=str(artifacts_dir / "13-tablet-pain-en.png"))
    assert errors == [], errors
