"""A patient who keeps going during the rest is noticed (issue 25: the rest did not notice).

The replay estimator plays a recorded bridge whatever the fake camera shows, faster than
a patient and without stopping: the first set of two is done, the rest begins (a long
one), and the reps go on during it. The page says so, once, shown and said through the
speech queue as an instruction, and the reps are kept: counted into the next set, to the
end of the prescription.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from exercises.texts import catalogue
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, prescribe, wait_until, watch
from tests.web.speech import heard, listen

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

REPS = "window.formcheck.last?.status.progress.sides.reduce((n, s) => n + s.reps, 0) ?? 0"


def _open(
    browser: Browser, server: RunningServer, errors: list[str], *, fake_clock: bool = False
) -> Page:
    """The start page, its speech heard (`listen`); `fake_clock`: the page's clock runs as
    usual until the test moves it on (Playwright's `page.clock`)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["camera"], origin=server.base_url)
    watch(context, errors)
    listen(context)
    page = context.new_page()
    if fake_clock:
        page.clock.install()
    page.goto(server.base_url + "/")
    return page


def _to_the_camera(page: Page) -> None:
    """From the home screen past the advice and the pain score to the live screen."""
    page.click("#btn-start")
    page.click("#btn-advice-ok")
    page.click("#pain-scale button[data-score='2']")
    wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
    page.click("#btn-camera-ok")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_reps_during_the_rest_are_said_and_kept(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path, lang: str
) -> None:
    from playwright.sync_api import expect

    said_text = catalogue()["rest_kept_going"][lang]
    prescribe(
        page_server,
        [{"exercise": "bridge", "prescription": {"reps": 2, "sets": 2, "rest_s": 90}}],
    )
    errors: list[str] = []
    with chromium(chromium_path, fake_camera=True) as browser:
        page = _open(browser, page_server, errors)
        log_in(page, *page_server.credentials()["patient"])
        expect(page.locator("#screen-home")).to_be_visible()
        if lang == "en":
            page.click("#btn-lang")
            expect(page.locator("html")).to_have_attribute("lang", "en")
        _to_the_camera(page)
        expect(page.locator("#rest")).to_be_visible(timeout=90_000)
        at_rest = page.evaluate(REPS)
        assert at_rest == 2, at_rest
        # A rep during the rest: shown under the rest's seconds, said, the rest still on.
        expect(page.locator("#rest-going-on")).to_have_text(said_text, timeout=60_000)
        expect(page.locator("#rest-next")).to_be_hidden()
        assert page.evaluate(REPS) > at_rest
        expect(page.locator("#rest")).to_be_visible()
        page.screenshot(path=str(artifacts_dir / f"rest-kept-going-{lang}.png"))
        wait_until(page, f"window.__heard.some((u) => u.text === {said_text!r} && u.end_ms)")
        asked = page.evaluate(
            "window.formcheck.speech.filter((a) => a.text === "
            f"{said_text!r}).map((a) => [a.kind, a.outcome])"
        )
        assert asked == [["instruction", "spoken"]], asked  # once a rest, never dropped
        # Kept: the second set was done during the rest, and the exercise ends done.
        wait_until(page, "window.formcheck.results.length === 1", timeout=90_000)
        summary = page.evaluate("window.formcheck.results[0]")
        said = heard(page)
    assert errors == [], errors
    assert summary["reps"] >= 4, summary
    assert summary["prescription_done"], summary
    assert [u for u in said if u["text"] == said_text and u["cut"]] == [], said


def test_a_rest_that_runs_out_on_a_patient_going_on_says_nothing_more(
    page_server: RunningServer, chromium_path: Path
) -> None:
    """The rest's end ("De rust is voorbij… begin") is not said to a patient who is
    already going on in it: the page's clock is moved past the rest's end once the
    patient has been noticed, and the rest ends by itself without that cue."""
    from playwright.sync_api import expect

    prescribe(
        page_server,
        [{"exercise": "bridge", "prescription": {"reps": 2, "sets": 3, "rest_s": 90}}],
    )
    errors: list[str] = []
    with chromium(chromium_path, fake_camera=True) as browser:
        page = _open(browser, page_server, errors, fake_clock=True)
        log_in(page, *page_server.credentials()["patient"])
        _to_the_camera(page)
        expect(page.locator("#rest")).to_be_visible(timeout=90_000)
        expect(page.locator("#rest-going-on")).to_be_visible(timeout=60_000)
        page.clock.fast_forward(91_000)  # past the rest's end: it ends by itself
        expect(page.locator("#rest")).to_be_hidden()
        cues = page.evaluate("window.formcheck.cues.map((c) => c.code)")
    assert errors == [], errors
    assert "rest_over" not in cues, cues
