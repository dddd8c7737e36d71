"""The therapist's progress view as a therapist reads it between appointments: the
overview with the flagged patients first, each flag a badge; for the patient the flags
before anything else, then the calendar of the last weeks and the plots over time, in
Dutch and, after the language button, in English. Sessions are seeded through the stores
(no camera). Screenshots at 1280x800 and 820x1180 land in artifacts/web."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.texts import catalogue
from server.api.state import app_state
from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.server.progress.seed import seed_session
from tests.web.browser import chromium, log_in, open_page
from tests.web.therapist_steps import in_view, open_part, shoot

pytestmark = pytest.mark.browser

# Eleven days of bridges with a two-day gap: the peak falls 12 degrees, pain after rises.
DAYS_AGO = (12, 11, 10, 9, 8, 7, 4, 3, 2, 1, 0)
PEAKS = (178, 180, 179, 181, 180, 179, 180, 179, 168, 167, 169)
PAIN_AFTER = (3, 2, 3, 2, 2, 3, 2, 2, 3, 4, 5)


def _seed(server: RunningServer) -> tuple[int, int]:
    """(the demo patient, flagged; another patient of the demo therapist, lapsed)."""
    state = app_state(server.app)
    with Client.login(server, *server.credentials()["patient"]) as patient:
        flagged = int(patient.user["id"])
    for days, peak, pain in zip(DAYS_AGO, PEAKS, PAIN_AFTER, strict=True):
        seed_session(
            state, flagged, days, peaks_deg=[peak, peak + 1, peak - 1, peak], pain=(2, pain)
        )
    seed_session(state, flagged, 3, exercise="clamshell", peaks_deg=[38.0, 40.0, 41.0], hold_s=0.0)
    plan = [
        {"exercise": "bridge", "prescription": {"sessions_per_week": 7}},
        {"exercise": "clamshell", "prescription": {"sessions_per_week": 3}},
    ]
    with Client.login(server, *server.credentials()["therapist"]) as therapist:
        therapist.http.put(f"/api/patients/{flagged}/programme", json=plan).raise_for_status()
        made = therapist.http.post("/api/patients", json={"display_name": "Henk Stil"})
        lapsed = made.json()["id"]
    seed_session(state, lapsed, 9)
    # A fall (a warning sign) and pain for more than a week (a reason for an appointment).
    state.intakes.save(lapsed, [], ["advice_4"], ["advice_1"])
    return flagged, int(lapsed)


def test_the_therapist_sees_flags_first_then_calendar_and_plots(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    server = page_server
    flagged, lapsed = _seed(server)
    texts = catalogue()
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, server, errors, size=(1280, 800))
        log_in(page, *server.credentials()["therapist"])
        expect(page.locator("#screen-therapist")).to_be_visible()
        # The overview: who to look at first on top (the warning sign first), a badge per flag.
        rows = page.locator("#patient-rows tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_have_attribute("data-patient", str(lapsed))
        expect(rows.nth(0).locator(".badge")).to_have_text(["Rode vlag", "9 dagen niets"])
        mine = rows.nth(1)
        expect(mine).to_have_attribute("data-patient", str(flagged))
        expect(mine.locator(".badge")).to_have_text(
            [texts["flag_short_pain_rising"]["nl"], texts["flag_short_rom_falling"]["nl"]]
        )
        mine.locator("a").click()
        expect(page.locator("#patient-title")).to_have_text("Demo patiënt")

        # The patient: flags first, in words with their numbers.
        flags = page.locator("#progress-flags li")
        expect(flags).to_have_count(2)
        expect(flags.nth(0)).to_have_attribute("data-flag", "pain_rising")
        expect(flags.nth(0)).to_contain_text(
            "Pijn neemt toe: van 3 naar 5 (0-10) over de laatste 3 trainingen."
        )
        expect(flags.nth(1)).to_contain_text(
            "Bruggetje: bewegingsuitslag neemt af, piekhoek van 179° naar 168°"
        )
        box = page.locator("#progress-flags").bounding_box()
        form = page.locator("#form-patient").bounding_box()
        assert box is not None
        assert form is not None
        assert box["y"] < form["y"]  # before the patient's form
        in_view(page, page.locator("#progress-flags"), "the flags")

        # The calendar: eight weeks, today outlined, a day per bridge, the gap in red.
        rows = page.locator("#progress-calendar tbody tr")
        expect(rows).to_have_count(8)
        today = page.locator("#progress-calendar td.today")
        expect(today).to_have_count(1)
        expect(today.locator(".count")).to_have_text("1/2")  # the bridge of the two exercises
        expect(page.locator("#progress-calendar td[data-state='none']")).to_have_count(2)
        expect(page.locator("#progress-calendar td[data-state='full']")).to_have_count(
            1
        )  # both, 3 days ago
        expect(page.locator("#progress-calendar td[data-state='part']")).to_have_count(10)

        # The plots: pain, then the bridge and the clamshell, labelled in Dutch.
        plots = page.locator("#progress-plots svg")
        expect(plots).to_have_count(3)
        expect(plots.nth(0)).to_contain_text("Pijn (0-10)")
        expect(plots.nth(1)).to_contain_text("Piekhoek (°)")
        expect(plots.nth(1)).to_contain_text("Datum (dag-maand)")
        shoot(page, artifacts_dir, "50-progress-1280.png")

        # How often is part of the dose, beside it.
        open_part(page, "programme")
        often = page.locator(
            "#plan-rows tr[data-exercise='clamshell'] [data-field='sessions_per_week']"
        )
        expect(often).to_have_value("3")
        expect(page.locator("#plan-rows tr[data-exercise='clamshell']")).to_contain_text(
            texts["col_per_week"]["nl"]
        )
        page.click("#btn-save-plan")
        expect(page.locator("#plan-status")).to_have_text(texts["saved"]["nl"])

        open_part(page, "overview")  # progress counts again against the programme saved
        page.set_viewport_size({"width": 820, "height": 1180})
        shoot(page, artifacts_dir, "51-progress-820.png")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 820, f"the page scrolls sideways at 820 px: {width} px wide"

        page.click("#btn-lang")
        expect(page.locator("#progress-flags li").nth(0)).to_contain_text(
            "Pain is rising: from 3 to 5 (0-10) over the last 3 workouts."
        )
        expect(page.locator("#progress-plots svg").nth(1)).to_contain_text("Peak angle (°)")
        shoot(page, artifacts_dir, "52-progress-820-en.png")

        # The lapsed patient: the warning sign they ticked first, then the days since.
        page.click("#link-patients")
        page.locator(f"#patient-rows tr[data-patient='{lapsed}'] a").click()
        flags = page.locator("#progress-flags li")
        expect(flags).to_have_count(2)
        expect(flags.nth(0)).to_have_attribute("data-flag", "red_flags")
        expect(flags.nth(0)).to_contain_text(
            "Ticked in the intake as a warning sign: "
            "the complaints started after an accident or a fall."
        )
        expect(flags.nth(1)).to_contain_text("No session done in 9 days.")
        shoot(page, artifacts_dir, "53-progress-red-flag-820-en.png")
        page.close()
    assert errors == [], errors
