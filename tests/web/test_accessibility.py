"""Issue 25: axe-core on every page a patient, a therapist or a clinic's demo opens, with
no critical, serious or moderate finding: the login, the password and sign-in screens,
the patient's home (the programme), the advice, the intake, the upload, the pain scale,
the camera, the live exercise (set-up, counting, rest), the summary; the therapist's
overview (and a search that finds nobody), each part of a patient's page (overview with
the progress, programme, sessions, questionnaires, privacy), a sign-in link, a session's
report and a new patient; the clinic demo.

The replay estimator plays a recorded bridge (tests/server/replay.py), so the bridge
counts; the page runs on chromium's test pattern as the camera.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from server.api.state import app_state
from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.server.progress.seed import seed_session
from tests.web.axe import axe_findings
from tests.web.browser import chromium, log_in, open_page, prescribe, wait_until
from tests.web.therapist_steps import new_link, open_part, open_patient

pytestmark = pytest.mark.browser

LOADED = "document.querySelector('#screen-login h2').textContent !== ''"


def test_every_page_passes_axe(page_server: RunningServer, chromium_path: Path) -> None:
    from playwright.sync_api import expect

    server = page_server
    creds = server.credentials()
    with Client.login(server, *creds["patient"]) as patient:
        patient_id = int(patient.user["id"])
    state = app_state(server.app)
    sessions = [seed_session(state, patient_id, days, pain=(2, 3)) for days in (9, 6, 3, 1)]
    prescribe(
        server,
        [
            {
                "exercise": "bridge",
                "prescription": {"reps": 3, "sets": 20, "hold_s": 1.0, "rest_s": 60.0},
                "note": "Rustig omhoog, en adem door.",
            }
        ],
    )
    found: list[str] = []
    errors: list[str] = []
    with chromium(chromium_path, fake_camera=True) as browser:
        # The therapist: the patient with their progress, a new patient, a sign-in link.
        page = open_page(browser, server, errors)
        wait_until(page, LOADED)
        found += axe_findings(page, "login")
        log_in(page, *creds["therapist"])
        expect(page.locator("#patient-rows tr")).to_have_count(1)
        found += axe_findings(page, "therapist, overview")
        page.fill("#patient-search", "niemand")
        expect(page.locator("#patient-none-found")).not_to_be_empty()
        found += axe_findings(page, "therapist, overview, nobody found")
        page.fill("#patient-search", "")
        open_patient(page, "overview")
        expect(page.locator("#progress-plots svg").first).to_be_visible()
        found += axe_findings(page, "therapist, patient overview (progress)")
        for part in ("programme", "sessions", "questionnaires", "privacy"):
            open_part(page, part)
            if part == "privacy":
                expect(page.locator("#audit-rows tr").first).to_be_visible()
            page.wait_for_load_state("networkidle")
            found += axe_findings(page, f"therapist, patient {part}")
        url = new_link(page)
        found += axe_findings(page, "therapist, sign-in link")
        page.goto(f"{server.base_url}/api/sessions/{sessions[0]}/report?lang=nl")
        expect(page.locator("h1")).to_be_visible()
        found += axe_findings(page, "report")
        page.goto(server.base_url + "/#patients")
        page.click("#btn-new-patient")
        expect(page.locator("#patient-form-title")).to_be_visible()
        found += axe_findings(page, "therapist, new patient")
        page.context.close()

        # The patient's sign-in link, then the patient's screens in order.
        page = open_page(browser, server, errors, camera=True)
        page.goto(url)
        expect(page.locator("#screen-signin")).to_be_visible()
        found += axe_findings(page, "sign-in link")
        page.click("#btn-signin")
        expect(page.locator("#screen-home")).to_be_visible()
        found += axe_findings(page, "home, programme")
        page.click("#btn-intake")
        expect(page.locator("#screen-intake")).to_be_visible()
        found += axe_findings(page, "intake")
        page.click("#btn-intake-back")
        page.click("#btn-upload")
        expect(page.locator("#screen-upload")).to_be_visible()
        found += axe_findings(page, "upload")
        page.click("#btn-upload-back")
        page.click("#btn-advice")
        expect(page.locator("#screen-advice")).to_be_visible()
        found += axe_findings(page, "advice")
        page.click("#btn-advice-ok")
        page.click("#btn-start")
        expect(page.locator("#pain-scale button")).to_have_count(11)
        found += axe_findings(page, "pain")
        page.click("#pain-scale button[data-score='2']")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        found += axe_findings(page, "camera")
        page.click("#btn-camera-ok")
        expect(page.locator("#screen-live")).to_be_visible()
        found += axe_findings(page, "live, set-up")
        expect(page.locator("#exercise")).to_be_visible(timeout=30_000)
        expect(page.locator("#rep-count")).to_have_text("1", timeout=30_000)
        found += axe_findings(page, "live, counting")
        expect(page.locator("#rest")).to_be_visible(timeout=30_000)
        found += axe_findings(page, "live, rest")
        page.click("#btn-rest-skip")
        page.click("#btn-stop")
        expect(page.locator("#screen-pain")).to_be_visible(timeout=30_000)
        page.click("#pain-scale button[data-score='3']")
        expect(page.locator("#screen-summary")).to_be_visible()
        found += axe_findings(page, "summary")
        page.click("#btn-done")
        page.click("#btn-password")
        expect(page.locator("#screen-password")).to_be_visible()
        found += axe_findings(page, "password")
        page.context.close()

        # The clinic demo: its choice of exercises and its live screen.
        page = open_page(browser, server, errors, camera=True)
        page.goto(server.base_url + "/demo")
        expect(page.locator("#screen-demo")).to_be_visible()
        found += axe_findings(page, "demo")
        page.click("#demo-exercises [data-exercise=clamshell]")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        wait_until(page, "window.formcheck.last !== null", timeout=30_000)
        found += axe_findings(page, "demo, live")
    assert found == [], "\n".join(found)
    assert errors == [], errors
