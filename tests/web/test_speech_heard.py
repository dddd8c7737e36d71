"""Listening to a whole session (issue 25: set-up instructions were never said, "3" cut
the set-up, "Goed zo. Blijf zo, we beginnen." was lost in most countdowns, the pain
question after the session went unspoken, pain 9 before exercising went straight to the
camera with nothing said).

The page speaks to a voice that keeps time without a sound (tests/web/speech.py); the
replay estimator plays a recorded bridge whatever the fake camera shows (faster than a
patient: it counts on through the countdown). Across the set-up, the countdown, the
reps, a rest, the last set, the pain question and the summary, every instruction and
question the page asked to say was said to its end, in the order asked, and none was
cut. Pain 9 of 10 before exercising is said and shown as the advice to stop, and the
therapist sees it first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from exercises.cues import cue_text
from exercises.texts import catalogue
from server.progress.flags import NOT_ASKED
from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, prescribe, wait_until, watch
from tests.web.speech import heard, listen

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

KEPT = ("instruction", "question")  # kinds that may never be dropped nor cut


def _open(browser: Browser, server: RunningServer, errors: list[str]) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["camera"], origin=server.base_url)
    watch(context, errors)
    listen(context)
    page = context.new_page()
    page.goto(server.base_url + "/")
    return page


def _said_to_the_end(said: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    return [u for u in said if u["text"] == text and u["end_ms"] is not None and not u["cut"]]


def test_no_instruction_or_question_is_dropped(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    texts = {key: entry["nl"] for key, entry in catalogue().items()}
    prescribe(
        page_server,
        [
            {
                "exercise": "bridge",
                "prescription": {"reps": 2, "sets": 2, "hold_s": 1.0, "rest_s": 2},
            }
        ],
    )
    errors: list[str] = []
    with chromium(chromium_path, fake_camera=True) as browser:
        page = _open(browser, page_server, errors)
        log_in(page, *page_server.credentials()["patient"])
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='2']")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        # Two sets of two reps, a rest between, then the pain question, said aloud.
        expect(page.locator("#pain-question")).to_have_text(texts["pain_after"], timeout=90_000)
        wait_until(page, f"window.__heard.some((u) => u.text === {texts['pain_after']!r})")
        page.click("#pain-scale button[data-score='3']")
        expect(page.locator("#summary li")).to_have_count(1)
        wait_until(page, "window.__heard.at(-1).end_ms !== null", timeout=10_000)
        page.screenshot(path=str(artifacts_dir / "speech-summary.png"))
        asked: list[dict[str, Any]] = page.evaluate(
            "window.formcheck.speech.map(({text, kind, outcome}) => ({text, kind, outcome}))"
        )
        said = heard(page)
    assert errors == [], errors

    kept = [a for a in asked if a["kind"] in KEPT]
    assert [a for a in kept if a["outcome"] != "spoken"] == [], asked
    # Each kept item said to its end, uncut, in the order asked.
    said_kept = [u["text"] for u in said if u["text"] in {a["text"] for a in kept}]
    assert said_kept == [a["text"] for a in kept], said
    for a in kept:
        assert _said_to_the_end(said, a["text"]), a
    # Only a cue, a number or a pacer word may be cut, and only after 1 s of it was heard.
    for u in said:
        if u["cut"]:
            assert u["end_ms"] - u["start_ms"] >= 1000, u
    # The session's instructions and question, among them: nothing of it went unsaid.
    spoken = [u["text"] for u in said]
    for key in ("how_bridge", "countdown_still", "countdown_go", "rest_over", "pain_after"):
        assert texts[key] in spoken, (key, spoken)
    assert cue_text("exercise_done", "nl") in spoken, spoken
    # The summary says what was done, not only "Goed gedaan!" (issue 25): the count.
    summary = next((u for u in spoken if u.startswith(texts["summary_title"])), "")
    assert re.search(r"Bruggetje: \d+ herhaling", summary), spoken
    # "Blijf zo" to its end before "3": the count waits for it.
    still = _said_to_the_end(said, texts["countdown_still"])[0]
    three = next(u for u in said if u["text"] == "3")
    assert three["start_ms"] >= still["end_ms"], said
    # Counting, each rep's number is said as it comes (none replaced, none gone stale).
    begun = next(i for i, a in enumerate(asked) if a["text"] == texts["countdown_go"])
    numbers = [a for a in asked[begun:] if a["kind"] == "count"]
    assert numbers, asked
    assert {a["outcome"] for a in numbers} == {"spoken"}, asked


def test_pain_9_before_says_to_stop_and_the_therapist_sees_it(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    texts = {key: entry["nl"] for key, entry in catalogue().items()}
    advice = texts["pain_high_before"].format(n=9)
    errors: list[str] = []
    with chromium(chromium_path, fake_camera=True) as browser:
        page = _open(browser, page_server, errors)
        log_in(page, *page_server.credentials()["patient"])
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='9']")
        expect(page.locator("#pain-advice-text")).to_have_text(advice)
        expect(page.locator("#btn-pain-stop")).to_be_visible()
        expect(page.locator("#screen-camera")).to_be_hidden()
        wait_until(page, f"window.__heard.some((u) => u.text === {advice!r} && u.end_ms)")
        page.screenshot(path=str(artifacts_dir / "pain-advice-before.png"))
        page.click("#btn-pain-stop")
        expect(page.locator("#screen-home")).to_be_visible()
    assert errors == [], errors
    with Client.login(page_server, *page_server.credentials()["therapist"]) as therapist:
        [patient] = therapist.http.get("/api/patients").json()
        flags = patient["flags"]
    assert flags[0]["code"] == "pain_advice", flags
    assert flags[0]["values"] == {"before": 9, "after": NOT_ASKED}
