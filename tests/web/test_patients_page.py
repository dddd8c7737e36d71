"""The therapist's page as a therapist uses it: add a patient, prescribe the clamshell
for the right side with a note, see a refused dose explained beside its field, make a
sign-in link; a second browser (the patient's laptop) opens the link and sees its
programme with the note and the side, and the note again before the exercise. A spent
link says so in the patient's language. No real camera or model: chromium's test
pattern and the replay estimator. Screenshots land in
artifacts/web (and $FORMCHECK_SHOTS_DIR when set)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from exercises.texts import catalogue
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page, wait_until
from tests.web.therapist_steps import add_patient, fill_right_clamshell, new_link, save_plan, shoot

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

NOTE = "Knie rustig openen, bekken stil houden."


def prescribe_right_clamshell(page: Page, artifacts_dir: Path, tag: str) -> None:
    from playwright.sync_api import expect

    clam = fill_right_clamshell(page, reps=0, sets=2, note=NOTE)
    page.click("#btn-save-plan")
    # Refused at the field, in Dutch: not developer English under the button.
    expect(clam.locator("input[data-field='reps'] ~ .field-error")).to_have_text("Kies 1 tot 100.")
    expect(page.locator("#plan-status")).to_have_text(
        "Niet opgeslagen: kijk bij de rood gemarkeerde velden."
    )
    shoot(page, artifacts_dir, f"{tag}-field-error.png")
    fill_right_clamshell(page, reps=8, sets=2, note=NOTE)
    save_plan(page)


def test_therapist_adds_a_patient_who_opens_a_link(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    server = page_server
    errors: list[str] = []
    with chromium(chromium_path, fake_camera=True) as browser:
        page = open_page(browser, server, errors, size=(1280, 800))
        log_in(page, *server.credentials()["therapist"])
        expect(page.locator("#screen-therapist")).to_be_visible()
        page.click("#btn-new-patient")
        expect(page.locator("#patient-form-title")).to_have_text("Nieuwe patiënt")
        page.click("#btn-save-patient")  # no name yet
        expect(page.locator("[data-error-for='display_name']")).to_have_text("Vul dit in.")
        add_patient(page, "Marieke de Boer", "nl")
        prescribe_right_clamshell(page, artifacts_dir, "20-therapist")
        url = new_link(page)
        expect(page.locator("#link-list li[data-state='ok']")).to_have_count(1)
        shoot(page, artifacts_dir, "21-therapist-link-1280.png")
        page.set_viewport_size({"width": 1024, "height": 768})
        shoot(page, artifacts_dir, "22-therapist-link-1024.png")

        # The patient's own laptop: another browser context, no cookie, no password.
        laptop = open_page(browser, server, errors, size=(1280, 800), camera=True)
        laptop.goto(url)
        expect(laptop.locator("#screen-signin")).to_be_visible()
        expect(laptop.locator("#signin-text")).to_have_text(
            "Met deze link opent u uw oefeningen, zonder wachtwoord."
        )
        shoot(laptop, artifacts_dir, "23-patient-signin.png")
        laptop.click("#btn-signin")
        expect(laptop.locator("#screen-home")).to_be_visible()
        expect(laptop.locator("#user-name")).to_have_text("Marieke de Boer")
        assert "#" not in laptop.url  # the spent token left the address bar
        items = laptop.locator("#programme li")
        expect(items).to_have_count(1)
        expect(items.first).to_contain_text("Schelp (clamshell)")
        expect(items.first.locator(".dose")).to_have_text("2 \u00d7 8 · Alleen rechts")
        expect(items.first.locator(".note")).to_have_text(f"Van uw therapeut: {NOTE}")
        shoot(laptop, artifacts_dir, "24-patient-home.png")
        # Before the exercise, on the set-up screen, the note again (chromium's test
        # pattern as the camera: nobody is in view).
        laptop.click("#btn-start")
        laptop.click("#btn-advice-ok")
        laptop.click("#pain-scale button[data-score='2']")
        wait_until(laptop, "document.querySelector('#camera-preview').videoWidth > 0")
        laptop.click("#btn-camera-ok")
        expect(laptop.locator("#ex-name")).to_have_text("Schelp (clamshell)")
        expect(laptop.locator("#setup-note")).to_have_text(f"Van uw therapeut: {NOTE}")
        shoot(laptop, artifacts_dir, "25-patient-setup-note.png")
        laptop.click("#btn-stop")

        # The same link again, on the clinic tablet: spent, said in the patient's language.
        tablet = open_page(browser, server, errors, size=(1024, 768))
        tablet.goto(url)
        spent = catalogue()["signin_used"]["nl"]
        assert spent.startswith("Deze link is al gebruikt.")
        expect(tablet.locator("#signin-text")).to_have_text(spent)
        expect(tablet.locator("#btn-signin")).to_be_hidden()
        page.reload()
        expect(page.locator("#link-list li").first).to_have_attribute("data-state", "used")
        page.close()
    assert errors == [], errors
