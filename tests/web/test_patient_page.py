"""The patient's page in headless chromium, with a real bridge clip as the webcam:
it shows the skeleton, counts the clip's reps, shows a cue, and the recorded session
holds those reps. The clinic runs pose on the server here: the page says so, and sends
camera images. Screenshots go to artifacts/web/ for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from server.live.landmark_frame import is_landmark_frame
from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page, wait_until
from tests.web.therapist_steps import open_part, open_patient

pytestmark = [pytest.mark.browser, pytest.mark.real_model, pytest.mark.real_video]

CLIP_REPS = 5  # labels.json: bridge_side_darebee_beprojects2018_01.mp4


def _skeleton_pixels(page: Any) -> int:
    """How many overlay pixels are drawn (the skeleton and the angle)."""
    return int(
        page.evaluate(
            """() => {
              const c = document.querySelector('#overlay');
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let n = 0;
              for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
              return n;
            }"""
        )
    )


def test_patient_counts_bridge_reps_live(
    server: RunningServer, chromium_path: Path, bridge_y4m: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    username, password = server.credentials()["patient"]
    errors: list[str] = []
    with chromium(chromium_path, bridge_y4m) as browser:
        page = open_page(browser, server, errors, camera=True)
        sent: list[str | bytes] = []

        def on_socket(ws: Any) -> None:
            if "/ws/" in ws.url:
                ws.on("framesent", lambda payload: sent.append(payload))  # noqa: PLW0108

        page.on("websocket", on_socket)
        log_in(page, username, password)
        expect(page.locator("#screen-home")).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "01-home.png"))
        page.click("#btn-start")
        expect(page.locator("#screen-advice")).to_be_visible()  # first session: the advice
        page.screenshot(path=str(artifacts_dir / "02-advice.png"))
        page.click("#btn-advice-ok")
        expect(page.locator("#screen-pain")).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "03-pain-before.png"))
        page.click("#pain-scale button[data-score='3']")
        expect(page.locator("#screen-camera")).to_be_visible()
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        expect(page.locator("#screen-live")).to_be_visible()

        # Set-up check first, then counting (the clip's first frame is held 8 s).
        wait_until(page, "window.formcheck.last && window.formcheck.last.pose", timeout=30_000)
        page.screenshot(path=str(artifacts_dir / "04-setup-check.png"))
        # The connection drops during set-up (before any rep): the page reconnects to the
        # same session with its id and resume token.
        # (4999: a code no server sends; 4001 would mean the login ended.)
        page.evaluate("window.formcheck.state.live.ws.close(4999)")
        wait_until(page, "window.formcheck.sessions.length >= 2", timeout=20_000)
        assert page.evaluate("window.formcheck.sessions[1].resumed") is True
        assert page.evaluate(
            "window.formcheck.sessions[0].session_id === window.formcheck.sessions[1].session_id"
        )
        expect(page.locator("#exercise")).to_be_visible(timeout=30_000)
        assert _skeleton_pixels(page) > 500, "the skeleton is drawn over the video"

        wait_until(
            page, "Number(document.querySelector('#rep-count').textContent) >= 2", timeout=60_000
        )
        page.screenshot(path=str(artifacts_dir / "05-counting.png"))
        wait_until(
            page,
            f"Number(document.querySelector('#rep-count').textContent) >= {CLIP_REPS}",
            timeout=60_000,
        )
        page.wait_for_timeout(4000)  # the still tail: nothing more may be counted
        page.screenshot(path=str(artifacts_dir / "06-all-reps.png"))
        page.set_viewport_size({"width": 810, "height": 1080})  # a tablet held upright
        page.screenshot(path=str(artifacts_dir / "06b-tablet-portrait.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})
        shown = int(page.locator("#rep-count").text_content() or "-1")
        mode_label = page.locator("#pose-mode").text_content()
        cues = page.evaluate("window.formcheck.cues")
        spoken = page.evaluate("window.formcheck.spoken")

        page.click("#btn-stop")
        wait_until(page, "window.formcheck.results.length >= 1", timeout=30_000)
        summary = page.evaluate("window.formcheck.results[0]")
        # Finish the rest of the programme quickly to reach the summary screen.
        for _ in range(10):
            if page.locator("#screen-pain").is_visible():
                break
            page.click("#btn-stop")
            page.wait_for_timeout(1500)
        expect(page.locator("#screen-pain")).to_be_visible(timeout=30_000)
        page.click("#pain-scale button[data-score='2']")
        expect(page.locator("#screen-summary")).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "07-summary.png"))

        # The therapist reviews the recorded session and changes the prescription.
        review = open_page(browser, server, errors, size=(1280, 900))
        log_in(review, *server.credentials()["therapist"])
        expect(review.locator("#screen-therapist")).to_be_visible()
        open_patient(review, "sessions")
        row = review.locator("#session-rows tr", has_text="Bruggetje")
        expect(row).to_contain_text(str(CLIP_REPS))
        expect(row).to_contain_text("3 / 2")  # pain before / after
        review.wait_for_selector("#session-rows svg.spark")
        open_part(review, "programme")
        review.fill("#plan-rows tr[data-exercise='bridge'] input[data-field='reps']", "10")
        review.click("#btn-save-plan")
        expect(review.locator("#plan-status")).to_have_text("Opgeslagen.")
        review.screenshot(path=str(artifacts_dir / "08-therapist.png"), full_page=True)

    assert errors == [], errors
    assert mode_label == "Beelden gaan naar de server van de praktijk"
    assert any(isinstance(p, bytes) and not is_landmark_frame(p) for p in sent)  # images
    assert shown == CLIP_REPS
    assert summary["exercise"] == "bridge"
    assert summary["reps"] == CLIP_REPS
    assert cues, "at least one spoken cue was shown"
    assert any("laptop" in text for text in spoken), spoken  # the set-up instructions
    with Client.login(server, username, password) as patient:
        sessions = patient.http.get("/api/sessions").json()
        bridges = [s for s in sessions if s["exercise"] == "bridge"]
        assert len(bridges) == 1, "the reconnect resumed the session, it did not start another"
        bridge = bridges[0]
        detail = patient.http.get(f"/api/sessions/{bridge['session_id']}").json()
    reps = [e for e in detail["events"] if e["kind"] == "rep_completed"]
    assert len(reps) == CLIP_REPS
    assert any(m["has_pose"] for m in detail["metrics"])
    assert detail["workout"]["pain_before"] == 3
    assert detail["workout"]["pain_after"] == 2
    with Client.login(server, username, password) as patient:
        programme = patient.http.get("/api/programme").json()
    assert programme["prescribed"] is True
    assert (
        next(i for i in programme["items"] if i["exercise"] == "bridge")["prescription"]["reps"]
        == 10
    )
