"""The intake's advice list split in two, in real chromium (issue 25): a reason to make an
appointment (pain for longer than a week) is shown to the therapist but puts nobody on
"look at first"; a warning sign (an accident or a fall) does, as a red flag. The advice
page shows the same two groups as the intake."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.texts import catalogue
from server.store.intake import APPOINTMENT_REASONS, WARNING_SIGNS
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page
from tests.web.therapist_steps import open_part, open_patient, shoot

pytestmark = pytest.mark.browser


def test_only_warning_signs_put_a_patient_first(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import Page, expect

    texts = catalogue()
    item = {k: texts[k]["nl"].rstrip(";.") for k in ("advice_1", "advice_4")}

    def tick_and_save(page: Page, key: str) -> None:
        page.click("#btn-intake")
        page.locator(f"#form-intake input[value='{key}']").check()
        page.click("#form-intake button[type=submit]")
        expect(page.locator("#intake-status")).to_have_text(texts["intake_saved"]["nl"])

    errors: list[str] = []
    with chromium(chromium_path) as browser:
        patient = open_page(browser, page_server, errors)
        log_in(patient, *page_server.credentials()["patient"])
        expect(patient.locator("#screen-home")).to_be_visible()
        patient.click("#btn-advice")
        for box, keys in (
            ("#advice-warning-signs", WARNING_SIGNS),
            ("#advice-appointment-reasons", APPOINTMENT_REASONS),
        ):
            shown = patient.locator(f"{box} li").evaluate_all("els => els.map(e => e.dataset.i18n)")
            assert shown == list(keys)
        patient.click("#btn-advice-ok")
        expect(patient.locator("#screen-home")).to_be_visible()

        # Pain for longer than a week: the note to make an appointment, no warning.
        tick_and_save(patient, "advice_1")
        expect(patient.locator("#intake-note")).to_be_visible()
        expect(patient.locator("#intake-warning-note")).to_be_hidden()
        patient.click("#btn-intake-back")

        therapist = open_page(browser, page_server, errors)
        log_in(therapist, *page_server.credentials()["therapist"])
        # Nobody to look at first: a reason to make an appointment is no flag.
        expect(therapist.locator("#patient-rows tr")).to_have_count(1)
        expect(therapist.locator("#patient-rows .badge")).to_have_count(0)
        open_patient(therapist, "questionnaires")
        expect(therapist.locator("#intake-panel-appointment li")).to_have_text([item["advice_1"]])
        expect(therapist.locator("#intake-panel-flags")).to_be_hidden()
        open_part(therapist, "overview")
        expect(therapist.locator("#progress-flags")).to_contain_text(
            texts["progress_flags_none"]["nl"]
        )

        # A fall: a warning sign, said to the patient, and the patient goes first.
        tick_and_save(patient, "advice_4")
        expect(patient.locator("#intake-warning-note")).to_be_visible()
        expect(patient.locator("#intake-warning-note")).to_have_text(
            texts["intake_warning_note"]["nl"]
        )
        therapist.click("#link-patients")
        expect(therapist.locator("#patient-rows tr.flagged .badge")).to_have_text(
            [texts["flag_short_red_flags"]["nl"]]
        )
        open_patient(therapist, "questionnaires")
        expect(therapist.locator("#intake-panel-flags li")).to_have_text([item["advice_4"]])
        expect(therapist.locator("#intake-panel-appointment li")).to_have_text([item["advice_1"]])
        open_part(therapist, "overview")
        expect(therapist.locator("#progress-flags li")).to_have_count(1)
        expect(therapist.locator("#progress-flags li")).to_contain_text(
            f"{texts['flag_red_flags']['nl']}: {item['advice_4']}."
        )
        shoot(therapist, artifacts_dir, "60-intake-warning-sign.png")
    assert errors == [], errors
