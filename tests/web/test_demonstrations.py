"""Each exercise shown moving (issue 25: "seeing how the exercise is done before doing
it"): on today's programme, and on the live screen beside where the camera goes, before
the first set. The clip plays muted and looping, large enough to follow from the mat, with
a text alternative from the catalogue in the page's language; a right side prescribed
shows it mirrored; counting, it gives way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from exercises.texts import catalogue
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page, prescribe, wait_until

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# How each demonstration plays: its source, muted and looping, its size, its label, and
# that it moves (its time goes on, its picture decoded).
PLAYING = """(sel) => [...document.querySelectorAll(sel)].map((fig) => {
  const v = fig.querySelector("video"), r = v.getBoundingClientRect();
  return { exercise: fig.dataset.exercise, src: v.currentSrc, muted: v.muted, loop: v.loop,
           autoplay: v.autoplay,
           paused: v.paused, time: v.currentTime, width: r.width, height: r.height,
           videoWidth: v.videoWidth, label: v.getAttribute("aria-label"),
           caption: fig.querySelector("figcaption").textContent,
           mirrored: getComputedStyle(v).transform !== "none", error: v.error?.message ?? null,
           ready: v.readyState, network: v.networkState,
           visible: r.width > 0 && r.height > 0 };
})"""


def _playing(page: Page, sel: str) -> list[dict[str, Any]]:
    shown: list[dict[str, Any]] = page.evaluate(PLAYING, sel)
    return shown


def _moves(page: Page, sel: str) -> None:
    """Every demonstration under `sel` has its picture and its time goes on, once in view
    (chromium pauses a muted video playing by itself while it is scrolled out of view)."""
    for i in range(page.locator(sel + " video").count()):
        video = f"document.querySelectorAll({sel + ' video'!r})[{i}]"
        page.evaluate(f"{video}.scrollIntoView()")
        try:
            wait_until(
                page,
                f"{video}.videoWidth > 0 && {video}.currentTime > 0.3 && !{video}.paused",
                timeout=20_000,
            )
        except TimeoutError:
            raise AssertionError(f"not playing: {_playing(page, sel)[i]}") from None
    page.evaluate("window.scrollTo(0, 0)")


def test_each_exercise_is_shown_moving_on_the_programme_and_before_the_first_set(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    texts = catalogue()
    prescribe(
        page_server,
        [
            {"exercise": "clamshell", "prescription": {"reps": 10, "sets": 1, "side": "right"}},
            {"exercise": "bridge", "prescription": {"reps": 2, "sets": 1}},
            {"exercise": "hip_flexor_stretch", "prescription": {"side": "left"}},
            {"exercise": "breathing", "prescription": {}},
        ],
    )
    errors: list[str] = []
    with chromium(chromium_path, fake_camera=True) as browser:
        page = open_page(browser, page_server, errors, camera=True)
        log_in(page, *page_server.credentials()["patient"])
        expect(page.locator("#programme li")).to_have_count(4)
        _moves(page, "#programme .demonstration")
        page.screenshot(path=str(artifacts_dir / "demonstrations-programme.png"), full_page=True)
        home = _playing(page, "#programme .demonstration")
        assert [d["exercise"] for d in home] == [
            "clamshell",
            "bridge",
            "hip_flexor_stretch",
            "breathing",
        ]
        for d in home:
            ex = d["exercise"]
            assert d["src"].endswith(f"/static/demonstrations/{ex}.mp4"), d
            assert (d["muted"], d["loop"], d["autoplay"]) == (True, True, True), d  # see _moves
            assert d["width"] >= 400, d  # followed from the mat, not a thumbnail
            name = texts[f"ex_{ex}"]["nl"]
            how = texts[f"demonstration_how_{ex}"]["nl"]
            assert d["label"] == texts["demonstration_alt"]["nl"].format(exercise=name, how=how)
            assert d["caption"] == texts["demonstration_caption"]["nl"]
            # The clip shows the left side: the clamshell's right side mirrored.
            assert d["mirrored"] == (ex == "clamshell"), d

        # English: the same clips, their texts in English, nothing restarted.
        page.click("#btn-lang")
        english = _playing(page, "#programme .demonstration")
        assert english[1]["caption"] == texts["demonstration_caption"]["en"]
        assert texts["demonstration_how_bridge"]["en"] in english[1]["label"]
        page.click("#btn-lang")

        # Before the first set: beside where the camera goes, moving.
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='2']")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        expect(page.locator("#ex-name")).to_have_text(texts["ex_clamshell"]["nl"])
        expect(page.locator("#setup-demonstration video")).to_be_visible()
        _moves(page, "#setup-demonstration")
        [live] = _playing(page, "#setup-demonstration .demonstration")
        assert (live["exercise"], live["muted"], live["loop"], live["mirrored"]) == (
            "clamshell",
            True,
            True,
            True,
        ), live
        picture = page.locator("#setup-picture svg").bounding_box()
        assert picture is not None
        # As large as the picture of where the camera goes beside it.
        assert live["height"] >= 0.8 * picture["height"], (live, picture)
        assert live["width"] >= 200, live
        page.screenshot(path=str(artifacts_dir / "demonstrations-setup.png"))
    assert errors == [], errors


def test_counting_the_demonstration_gives_way(
    page_server: RunningServer, chromium_path: Path
) -> None:
    """The replay estimator plays a recorded bridge: set up, then counting."""
    from playwright.sync_api import expect

    prescribe(page_server, [{"exercise": "bridge", "prescription": {"reps": 20, "sets": 1}}])
    errors: list[str] = []
    with chromium(chromium_path, fake_camera=True) as browser:
        page = open_page(browser, page_server, errors, camera=True)
        log_in(page, *page_server.credentials()["patient"])
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='2']")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        expect(page.locator("#setup-demonstration video")).to_be_visible()
        expect(page.locator("#exercise")).to_be_visible(timeout=60_000)
        expect(page.locator("#setup-demonstration video")).to_be_hidden()
    assert errors == [], errors
