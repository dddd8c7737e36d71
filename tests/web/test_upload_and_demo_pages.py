"""The upload control (a patient's own, a therapist's for a patient) with its progress
bar and result, a refused file's text in the page's language, the therapist's intake
panel, and the clinic demo's banner on every screen of a demo session (on the replay
estimator; the demo's fake camera is a .y4m file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.texts import catalogue
from tests.server.clients import Client
from tests.server.live_server import RunningServer, stored_rows
from tests.server.uploads import plain_clip
from tests.web.browser import chromium, log_in, open_page, wait_until
from tests.web.conftest import fake_camera_clip
from tests.web.therapist_steps import open_part, open_patient

pytestmark = pytest.mark.browser

# The live screen upright: the video's height, "Klaar" wholly in view, the label saying
# where the images go kept off the video.
UPRIGHT = """() => {
  const box = (sel) => document.querySelector(sel).getBoundingClientRect();
  const video = box("#screen-live .stage"), stop = box("#btn-stop"), label = box("#pose-mode");
  return {
    video: video.height,
    stop_in_view: stop.top >= 0 && stop.bottom <= innerHeight && stop.right <= innerWidth,
    label_on_video: label.bottom > video.top && label.top < video.bottom && label.width > 0,
  };
}"""


def test_a_patient_uploads_a_clip_and_sees_the_progress_and_the_result(
    page_server: RunningServer, chromium_path: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    texts = catalogue()
    clip = plain_clip(tmp_path / "bridge.mp4", frames=200)  # long enough to watch it run
    junk = tmp_path / "notes.mp4"
    junk.write_text("not a video at all\n" * 50)
    username, password = page_server.credentials()["patient"]
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        log_in(page, username, password)
        page.click("#btn-upload")
        form = page.locator("#upload-own form")
        expect(form.locator("h2")).to_have_text(texts["upload_title"]["nl"])
        # A file that is not a video: the catalogue's words, in Dutch, no server error.
        form.locator("input[type=file]").set_input_files(str(junk))
        form.locator("button").click()
        expect(form.locator(".upload-error")).to_have_text(texts["error_unsupported_video"]["nl"])
        # A clip: the bar runs, then the result links to the session.
        form.locator("input[type=file]").set_input_files(str(clip))
        form.locator("button").click()
        expect(form.locator(".upload-progress")).to_be_visible()
        expect(form).to_have_attribute("data-state", "done", timeout=60_000)
        assert form.locator(".upload-progress").evaluate("(bar) => bar.value") == 1
        result = form.locator(".upload-result")
        expect(result).to_be_visible()
        session_id = result.get_attribute("data-session")
        with Client.login(page_server, username, password) as patient:
            summary = patient.http.get(f"/api/sessions/{session_id}").json()["summary"]
        assert summary["reps"] > 0
        words = texts["upload_result"]["nl"].format(
            exercise=texts["ex_bridge"]["nl"], reps=summary["reps"]
        )
        expect(result).to_have_text(words)
        assert result.get_attribute("href") == f"/api/sessions/{session_id}/report?lang=nl"
        expect(form.locator(".upload-error")).to_be_hidden()
        expect(form.locator(".upload-nothing")).to_be_hidden()  # reps counted: no warning
        page.screenshot(path=str(artifacts_dir / "40-upload-done-nl.png"))
    assert errors == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_upload_of_another_exercise_says_none_of_it_was_seen(
    page_server: RunningServer, chromium_path: Path, tmp_path: Path, artifacts_dir: Path, lang: str
) -> None:
    """Issue 25: an upload of the wrong exercise (or side) became a silent 0-rep session.
    The replay plays a bridge whatever the clip shows; uploaded as the clamshell, nothing
    is counted, and the result says so and what to check, in the page's language."""
    from playwright.sync_api import expect

    texts = catalogue()
    clip = plain_clip(tmp_path / "bridge.mp4")
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        log_in(page, *page_server.credentials()["patient"])
        expect(page.locator("#screen-home")).to_be_visible()
        if lang == "en":
            page.click("#btn-lang")
            expect(page.locator("html")).to_have_attribute("lang", "en")
        page.click("#btn-upload")
        form = page.locator("#upload-own form")
        form.locator("select").select_option("clamshell")
        form.locator("input[type=file]").set_input_files(str(clip))
        form.locator("button").click()
        expect(form).to_have_attribute("data-state", "done", timeout=60_000)
        name = texts["ex_clamshell"][lang]
        expect(form.locator(".upload-result")).to_have_text(
            texts["upload_result"][lang].format(exercise=name, reps=0)
        )
        nothing = form.locator(".upload-nothing")
        expect(nothing).to_be_visible()
        expect(nothing).to_contain_text(texts["upload_nothing_seen"][lang].format(exercise=name))
        page.screenshot(path=str(artifacts_dir / f"41-upload-nothing-seen-{lang}.png"))
    assert errors == []


def test_the_therapist_uploads_for_a_patient_and_sees_their_red_flags_first(
    page_server: RunningServer, chromium_path: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    texts = catalogue()
    patient_name, patient_pw = page_server.credentials()["patient"]
    with Client.login(page_server, patient_name, patient_pw) as patient:
        body = {
            "complaints": ["complaint_stairs"],
            "warning_signs": ["advice_3"],
            "appointment_reasons": ["advice_2"],
        }
        assert patient.http.put("/api/intake", json=body).status_code == 200
    clip = plain_clip(tmp_path / "bridge.mp4")
    username, password = page_server.credentials()["therapist"]
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        log_in(page, username, password)
        open_patient(page, "questionnaires")
        flags = page.locator("#intake-panel-flags li")
        # The advice page's list item, on its own: without its ";".
        assert texts["advice_3"]["nl"].endswith(";")
        expect(flags).to_have_text([texts["advice_3"]["nl"].rstrip(";")])
        reasons = page.locator("#intake-panel-appointment li")
        expect(reasons).to_have_text([texts["advice_2"]["nl"].rstrip(";")])
        expect(page.locator("#intake-panel-complaints li")).to_have_text(
            [texts["complaint_stairs"]["nl"]]
        )
        open_part(page, "sessions")
        form = page.locator("#upload-patient form")
        form.locator("input[type=file]").set_input_files(str(clip))
        form.locator("button").click()
        expect(form).to_have_attribute("data-state", "done", timeout=60_000)
        result = form.locator(".upload-result")
        expect(result).to_be_visible()
        # Where the therapist is looking: the result in view, not below the fold (issue 25).
        box = result.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= 800, box
        page.screenshot(path=str(artifacts_dir / "41-therapist-upload-intake.png"), full_page=True)
    assert errors == []


def test_the_demo_is_marked_on_every_screen_and_stores_nothing(
    page_server: RunningServer, chromium_path: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    texts = catalogue()
    camera = fake_camera_clip(
        plain_clip(tmp_path / "camera.mp4", frames=40), tmp_path, lead_in_s=1.0, tail_s=30.0
    )
    before = stored_rows(page_server)
    errors: list[str] = []
    with chromium(chromium_path, camera) as browser:
        page = open_page(browser, page_server, errors, camera=True)
        expect(page.locator("#btn-demo")).to_have_text(texts["demo"]["nl"])
        page.click("#btn-demo")
        banner = page.locator("#demo-banner")
        expect(banner).to_have_text(texts["demo_banner"]["nl"])
        expect(page.locator("#screen-demo")).to_be_visible()
        page.click("#demo-exercises [data-exercise=bridge]")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        expect(page.locator("#screen-live")).to_be_visible()
        wait_until(page, "() => window.formcheck.last !== null", timeout=30_000)
        expect(banner).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "42-demo-live.png"))
        # Issue 25: on a tablet held upright the video had 370x210 px under labels.
        page.set_viewport_size({"width": 768, "height": 1024})
        page.wait_for_timeout(150)
        upright = page.evaluate(UPRIGHT)
        page.screenshot(path=str(artifacts_dir / "43-demo-live-768x1024.png"))
        page.set_viewport_size({"width": 1280, "height": 800})
        page.click("#btn-stop")
        expect(page.locator("#screen-summary")).to_be_visible(timeout=30_000)
        expect(banner).to_be_visible()
        expect(page.locator("#summary-pain")).to_have_text("")
        page.click("#btn-done")
        expect(page.locator("#screen-demo")).to_be_visible()
    assert errors == []
    assert upright["video"] >= 512, upright  # at least half of 1024 px
    assert upright["stop_in_view"], upright
    assert not upright["label_on_video"], upright
    assert stored_rows(page_server) == before
