"""Words that misled in issue 25, in real chromium: the audit row of a pain score says
which score (before or after exercising) and names the workout (not a bare number that
reads as the score); a patient who signs in by link
is not offered to change a password they do not have; an expired link says what to do
and the login screen it leads to does too."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from exercises.texts import catalogue
from server.api.state import app_state
from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page
from tests.web.therapist_steps import open_link, open_patient, shoot

pytestmark = pytest.mark.browser


def _linked_patient(server: RunningServer) -> tuple[int, dict[str, object]]:
    """A patient added by the therapist (no password) and a sign-in link of theirs."""
    with Client.login(server, *server.credentials()["therapist"]) as therapist:
        made = therapist.http.post("/api/patients", json={"display_name": "Ans Link"}).json()
        link = therapist.http.post(f"/api/patients/{made['id']}/links").json()
    return int(made["id"]), link


def test_the_audit_names_a_pain_scores_workout(
    page_server: RunningServer, chromium_path: Path
) -> None:
    from playwright.sync_api import expect

    with Client.login(page_server, *page_server.credentials()["patient"]) as patient:
        workout = patient.http.post("/api/workouts").json()["workout_id"]
        for moment, score in (("before", 2), ("after", 3)):
            body = {"moment": moment, "score": score}
            reply = patient.http.post(f"/api/workouts/{workout}/pain", json=body)
            assert reply.status_code == 200
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors, size=(1280, 900))
        log_in(page, *page_server.credentials()["therapist"])
        open_patient(page, "privacy")
        # Which score (before or after exercising) and which workout: no bare number that
        # reads as the score (the score itself is never in the log).
        rows = page.locator("#audit-rows tr[data-action^='pain_']")
        expect(rows.locator("td:nth-child(3)")).to_have_text(
            [
                f"Pijnscore na het oefenen ingevuld · training nr. {workout}",
                f"Pijnscore vóór het oefenen ingevuld · training nr. {workout}",
            ]
        )
        page.click("#btn-lang")
        rows = page.locator("#audit-rows tr[data-action^='pain_']")
        expect(rows.locator("td:nth-child(3)")).to_have_text(
            [
                f"Pain score after exercising recorded · workout no. {workout}",
                f"Pain score before exercising recorded · workout no. {workout}",
            ]
        )
    assert errors == [], errors


def test_a_patient_without_a_password_is_not_offered_to_change_it(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    _, link = _linked_patient(page_server)
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_link(browser, page_server, errors, str(link["url"]))
        expect(page.locator("#btn-logout")).to_be_visible()
        expect(page.locator("#btn-password")).to_be_hidden()
        shoot(page, artifacts_dir, "62-link-patient-home.png")
        other = open_page(browser, page_server, errors)
        log_in(other, *page_server.credentials()["patient"])  # the demo patient has one
        expect(other.locator("#btn-password")).to_be_visible()
    assert errors == [], errors


def test_an_expired_link_says_what_to_do_and_so_does_the_login(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    texts = catalogue()
    _, link = _linked_patient(page_server)
    with app_state(page_server.app).db.transaction() as conn:
        conn.execute(text("UPDATE signin_links SET expires_ms = 1 WHERE id = :id"), link)
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        page.goto(str(link["url"]))
        expect(page.locator("#signin-text")).to_have_text(texts["signin_expired"]["nl"])
        expect(page.locator("#btn-signin")).to_be_hidden()
        to_login = page.locator("#btn-signin-login")
        expect(to_login).to_have_text(texts["signin_to_login"]["nl"])
        shoot(page, artifacts_dir, "63-link-expired.png")
        to_login.click()
        expect(page.locator("#screen-login")).to_be_visible()
        expect(page.locator("#login-no-password")).to_be_visible()
        expect(page.locator("#login-no-password")).to_have_text(texts["login_no_password"]["nl"])
    assert errors == [], errors
