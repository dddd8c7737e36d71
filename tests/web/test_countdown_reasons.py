"""Why the countdown stopped, and that nobody is seen, said each time (issue 25: a negative
clip got four aborted countdowns with no reason; nobody in view for 30 s got silence).

With the model watching a real negative clip through the fake camera (knee hugs: lying on
the back, knees bent, then knees pulled to the chest, the bridge's start position and out
of it), every countdown that starts either ends in "Begin" or is followed by the reason it
stopped, said as an instruction (never dropped). With nobody in front of the camera, the
page says so within seconds, and again while still nobody is seen, and never counts down;
stopped then, the summary says nothing was counted, not "Goed gedaan!".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from exercises.texts import catalogue
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, prescribe, wait_until, watch
from tests.web.conftest import shared_clip_y4m
from tests.web.speech import listen

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.real_model]

STOPPED = ("countdown_stopped_moved", "countdown_stopped_unseen")
LEAD_IN_S = 6.0


@pytest.fixture(scope="module")
def knee_hugs_y4m(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    y4m = shared_clip_y4m(
        "neg_kneehugs_side_home_portrait_ndnam0109_01.mp4",
        tmp_path_factory.mktemp("camera"),
        lead_in_s=LEAD_IN_S,
        tail_s=30.0,
    )
    yield y4m
    y4m.unlink(missing_ok=True)


def _to_the_camera(
    browser: Browser, server: RunningServer, errors: list[str], *, fake_clock: bool = False
) -> Page:
    """Logged in as the patient, past the pain score, at the camera. `fake_clock`: the
    page's clock runs as usual until the test moves it on (Playwright's `page.clock`)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["camera"], origin=server.base_url)
    watch(context, errors)
    listen(context)
    page = context.new_page()
    if fake_clock:
        page.clock.install()
    page.goto(server.base_url + "/")
    log_in(page, *server.credentials()["patient"])
    page.click("#btn-start")
    page.click("#btn-advice-ok")
    page.click("#pain-scale button[data-score='2']")
    wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
    page.click("#btn-camera-ok")
    return page


def _asked(page: Page) -> list[dict[str, Any]]:
    asked: list[dict[str, Any]] = page.evaluate(
        "window.formcheck.speech.map(({text, kind, outcome}) => ({text, kind, outcome}))"
    )
    return asked


@pytest.mark.real_video
def test_every_stopped_countdown_says_why(
    server: RunningServer, chromium_path: Path, knee_hugs_y4m: Path, artifacts_dir: Path
) -> None:
    texts = {key: entry["nl"] for key, entry in catalogue().items()}
    prescribe(server, [{"exercise": "bridge", "prescription": {"reps": 10, "sets": 1}}])
    errors: list[str] = []
    with chromium(chromium_path, knee_hugs_y4m) as browser:
        page = _to_the_camera(browser, server, errors)
        # The whole clip (15 s after its lead-in), and its still last frame a while.
        page.wait_for_timeout((LEAD_IN_S + 15.2 + 6.0) * 1000)
        page.screenshot(path=str(artifacts_dir / "countdown-reasons-knee-hugs.png"))
        asked = _asked(page)
        cues = [c["code"] for c in page.evaluate("window.formcheck.cues")]
        mode = page.evaluate("window.formcheck.state.mode")
        wait_until(page, "!window.__heard.some((u) => u.end_ms === null)", timeout=20_000)
    assert errors == [], errors

    started = [a for a in asked if a["text"] == texts["countdown_still"]]
    begun = [a for a in asked if a["text"] == texts["countdown_go"]]
    stopped = [c for c in cues if c in STOPPED]
    assert started, (asked, cues)  # the clip begins in the start position: a countdown
    # Each countdown began the exercise, was stopped with its reason, or is still on.
    assert len(started) == len(begun) + len(stopped) + (mode == "countdown"), (asked, cues)
    reasons = [a for a in asked if a["text"] in {texts[k] for k in STOPPED}]
    assert len(reasons) == len(stopped), asked
    assert {(a["kind"], a["outcome"]) for a in reasons} <= {("instruction", "spoken")}, reasons


def test_nobody_in_view_is_said_and_said_again(
    server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    texts = {key: entry["nl"] for key, entry in catalogue().items()}
    prescribe(server, [{"exercise": "bridge", "prescription": {"reps": 10, "sets": 1}}])
    errors: list[str] = []
    nobody = texts["nobody_seen"]
    # Chromium's own test pattern as the camera: a moving pattern, nobody in it.
    with chromium(chromium_path, fake_camera=True) as browser:
        page = _to_the_camera(browser, server, errors, fake_clock=True)
        wait_until(page, f"window.__heard.some((u) => u.text === {nobody!r} && u.end_ms)")
        first_ms = page.evaluate(f"window.__heard.find((u) => u.text === {nobody!r}).start_ms")
        page.screenshot(path=str(artifacts_dir / "nobody-seen.png"))
        # Said again while still nobody is seen (not 30 s of silence after it): the page's
        # clock is moved on 20 s (the model keeps seeing nobody), not waited for.
        page.clock.fast_forward(20_000)
        wait_until(
            page,
            f"window.__heard.filter((u) => u.text === {nobody!r} && u.end_ms).length >= 2",
            timeout=40_000,
        )
        again_ms = page.evaluate(f"window.__heard.filter((u) => u.text === {nobody!r})[1].start_ms")
        asked = _asked(page)
        mode = page.evaluate("window.formcheck.state.mode")
        # Stopped with nothing counted: the summary says so, not "Goed gedaan! 0 ...".
        page.click("#btn-stop")
        page.click("#pain-scale button[data-score='2']")
        expect(page.locator("#summary-title")).to_have_text(texts["summary_title_nothing"])
        wait_until(
            page,
            "window.formcheck.speech.some((a) => a.text.startsWith("
            f"{texts['summary_title_nothing']!r}))",
        )
        spoken = [a["text"] for a in _asked(page)]
    assert errors == [], errors
    assert not [w for w in spoken if w.startswith(texts["summary_title"])], spoken
    assert again_ms - first_ms < 30_000
    said = [a for a in asked if a["text"] == nobody]
    assert {(a["kind"], a["outcome"]) for a in said} == {("instruction", "spoken")}, said
    assert texts["countdown_still"] not in [a["text"] for a in asked], asked
    assert mode == "setup"
