"""The therapist opens a session's report from the session list, replays a rep (the canvas
draws its frames) and downloads the PDF, at a laptop's and an older tablet's size."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from server.api.state import app_state
from tests.exercises.builders import bridge_sequence
from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.server.replay import play_through_live_session
from tests.web.browser import chromium, log_in, open_page, wait_until
from tests.web.therapist_steps import open_patient

pytestmark = pytest.mark.browser

REPS = 3


def _recorded_bridge(server: RunningServer) -> str:
    with Client.login(server, *server.credentials()["patient"]) as patient:
        workout = patient.http.post("/api/workouts").json()["workout_id"]
        patient.http.post(f"/api/workouts/{workout}/pain", json={"moment": "before", "score": 3})
        body = {"exercise": "bridge", "workout_id": workout}
        session_id = str(patient.http.post("/api/sessions", json=body).json()["session_id"])
        observations = bridge_sequence(reps=REPS, hold_s=3.0, fps=10.0, noise_deg=1.5, seed=2)
        store = app_state(server.app).sessions
        play_through_live_session(store, session_id, observations, server.settings)
        patient.http.post(f"/api/workouts/{workout}/pain", json={"moment": "after", "score": 2})
    return session_id


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)], ids=["1280x800", "1024x768"])
def test_open_replay_and_download_a_report(
    page_server: RunningServer,
    chromium_path: Path,
    artifacts_dir: Path,
    size: tuple[int, int],
) -> None:
    from playwright.sync_api import expect

    session_id = _recorded_bridge(page_server)
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors, size=size)
        log_in(page, *page_server.credentials()["therapist"])
        open_patient(page, "sessions")
        row = page.locator("#session-rows tr").first
        expect(row).to_contain_text("Bruggetje")
        row.locator("td").nth(1).click()  # the row, not its link, opens the report
        page.wait_for_url(f"**/api/sessions/{session_id}/report*")
        expect(page.locator("h1")).to_have_text("Sessieverslag: Bruggetje")
        expect(page.locator("#reps tr[data-rep]")).to_have_count(REPS)
        name = f"report-{size[0]}x{size[1]}"
        page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)

        page.click('button[data-replay="2"]')
        wait_until(
            page,
            "Number(document.querySelector('#replay').dataset.drawn || 0) >= 5",
            timeout=10_000,
        )  # frame after frame, at the recording's pace
        inked = page.evaluate(
            """() => {
              const c = document.querySelector('#replay');
              const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let n = 0;
              for (let i = 3; i < px.length; i += 4) n += px[i] > 0;
              return n;
            }"""
        )
        assert inked > 500, f"the replay drew {inked} pixels"
        expect(page.locator("#replay-label")).to_contain_text("2")
        page.screenshot(path=str(artifacts_dir / f"{name}-replay.png"))

        with page.expect_download() as download:
            page.click("#dl-pdf")
        pdf = artifacts_dir / f"{name}.pdf"
        download.value.save_as(pdf)
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
        assert "Sessieverslag: Bruggetje" in text
        assert f"{REPS} / 36" in text
    assert errors == []
