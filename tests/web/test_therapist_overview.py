"""The therapist's overview and a patient's page in parts, in real chromium (issue 25: the
patient list was a dropdown on a page 4,750-8,650 px long, erase and upload results below
the fold): the overview lists every patient with the ones to look at first on top, their
last session and adherence; a search by name finds one; a click opens the patient's page,
whose parts are each reachable by their own URL (the back button goes back) with their key
action in view at a laptop's 1366x768 and a tablet's 1024x768 and 768x1024; one day's
sessions are one bar in the plots; the page writes Dutch numbers with a decimal comma.
Sessions are seeded through the stores (no camera). Screenshots land in artifacts/web."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from exercises.texts import catalogue
from server.api.state import app_state
from server.store.privacy.audit import Action
from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.server.progress.seed import DAY_MS, seed_session
from tests.web.browser import chromium, log_in, open_page
from tests.web.therapist_steps import in_view, shoot

pytestmark = pytest.mark.browser

SIZES = ((1366, 768), (1024, 768), (768, 1024))
# Each part's key action: what the therapist came to the part for.
KEY_ACTIONS = {
    "overview": ("#progress-flags",),
    "programme": ("#btn-save-plan",),
    "sessions": ("#upload-patient button[type=submit]",),
    "questionnaires": ("#intake-panel h3",),
    "privacy": ("#btn-export", "#btn-erase", "#btn-new-link"),
}


def _noon_days_ago(server: RunningServer, days: int) -> float:
    """`days` days ago at noon in the clinic's time zone, as seed_session's days_ago (so
    sessions an hour apart around it stay on one day whenever the test runs)."""
    tz = ZoneInfo(server.settings.timezone)
    now = datetime.now(tz)
    since_noon_ms = (now - now.replace(hour=12, minute=0, second=0, microsecond=0)).total_seconds()
    return days + since_noon_ms * 1000 / DAY_MS


def _seed(server: RunningServer) -> dict[str, int]:
    """Three patients of the demo therapist: the demo patient (three bridges yesterday at
    noon and after, holds of 2.5 s; no flag), Bram (nothing for ten days: a flag) and
    Zoë (a warning sign ticked: the most urgent flag)."""
    state = app_state(server.app)
    with Client.login(server, *server.credentials()["patient"]) as patient:
        demo = int(patient.user["id"])
    noon = _noon_days_ago(server, 1)
    for hours in (0.0, 1.0, 2.0):
        seed_session(state, demo, noon - hours / 24, hold_s=2.5, pain=(2, 3))
    seed_session(state, demo, 3, hold_s=2.5)
    with Client.login(server, *server.credentials()["therapist"]) as therapist:
        plan = [{"exercise": "bridge", "prescription": {"sessions_per_week": 7}}]
        therapist.http.put(f"/api/patients/{demo}/programme", json=plan).raise_for_status()
        made = {
            name: int(
                therapist.http.post("/api/patients", json={"display_name": name}).json()["id"]
            )
            for name in ("Bram Stil", "Zoë Val")
        }
    seed_session(state, made["Bram Stil"], 10)
    seed_session(state, made["Zoë Val"], 1)
    state.intakes.save(made["Zoë Val"], [], ["advice_4"], [])
    return {"demo": demo, "bram": made["Bram Stil"], "zoe": made["Zoë Val"]}


def test_the_overview_finds_sorts_and_opens_patients(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    server = page_server
    ids = _seed(server)
    texts = catalogue()
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, server, errors, size=(1366, 768))
        log_in(page, *server.credentials()["therapist"])
        rows = page.locator("#patient-rows tr")
        expect(rows).to_have_count(3)  # the demo patient, Bram and Zoë
        # Flags first, the most urgent on top: a warning sign before ten quiet days.
        expect(rows.nth(0)).to_have_attribute("data-patient", str(ids["zoe"]))
        expect(rows.nth(0).locator(".badge")).to_have_text([texts["flag_short_red_flags"]["nl"]])
        expect(rows.nth(1)).to_have_attribute("data-patient", str(ids["bram"]))
        expect(rows.nth(1).locator(".badge")).to_have_text(["10 dagen niets"])
        # Last session and adherence, in Dutch: four bridges planned daily, done on two days.
        demo = page.locator(f"#patient-rows tr[data-patient='{ids['demo']}']")
        expect(demo.locator(".badge")).to_have_count(0)
        expect(demo.locator("td.last-session")).not_to_have_text(texts["last_session_never"]["nl"])
        expect(demo.locator(".adherence")).to_have_text("2 van 4 (50%)")
        expect(page.locator("#col-adherence")).to_have_text("Gedaan van gepland, 4 weken")
        shoot(page, artifacts_dir, "60-overview-1366.png")

        # The search: part of a name, any case or accent; nothing found says so.
        page.fill("#patient-search", "zoe")
        expect(page.locator("#patient-rows tr:visible")).to_have_count(1)
        expect(page.locator("#patient-rows tr:visible a")).to_have_text("Zoë Val")
        page.fill("#patient-search", "niemand")
        expect(page.locator("#patient-rows tr:visible")).to_have_count(0)
        expect(page.locator("#patient-none-found")).to_have_text(
            texts["patient_none_found"]["nl"].replace("{q}", "niemand")
        )
        page.fill("#patient-search", "BRAM")
        page.locator("#patient-rows tr:visible a").click()
        expect(page).to_have_url(f"{server.base_url}/#patient/{ids['bram']}/overview")
        expect(page.locator("#patient-title")).to_have_text("Bram Stil")
        expect(page.locator("#progress-flags li")).to_have_attribute("data-flag", "no_session")

        # The back button goes back to the overview.
        page.go_back()
        expect(page.locator("#therapist-overview")).to_be_visible()
        expect(page.locator("#therapist-patient")).to_be_hidden()
        page.close()
    assert errors == [], errors


def test_each_part_has_its_url_and_its_key_action_in_view(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    server = page_server
    ids = _seed(server)
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, server, errors, size=SIZES[0])
        log_in(page, *server.credentials()["therapist"])
        expect(page.locator("#patient-rows tr")).to_have_count(3)
        page.locator(f"#patient-rows tr[data-patient='{ids['demo']}'] a").click()
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            for part, targets in KEY_ACTIONS.items():
                page.locator(f"#patient-parts a[data-part='{part}']").click()
                expect(page).to_have_url(f"{server.base_url}/#patient/{ids['demo']}/{part}")
                expect(page.locator(f"#patient-parts a[data-part='{part}']")).to_have_attribute(
                    "aria-current", "page"
                )
                expect(page.locator(f"#part-{part}")).to_be_visible()
                expect(page.locator(".part:visible")).to_have_count(1)
                for target in targets:
                    expect(page.locator(target)).to_be_visible()
                if (width, height) != (1024, 768):
                    page.screenshot(
                        path=str(artifacts_dir / f"61-part-{part}-{width}x{height}.png")
                    )
                for target in targets:
                    in_view(page, page.locator(target), f"{part} {target} at {width}x{height}")
                width_now = page.evaluate("document.documentElement.scrollWidth")
                assert width_now <= width, f"{part} scrolls sideways at {width}: {width_now}"
        # A part opened from its URL (a link, a reload) shows that part.
        page.goto(f"{server.base_url}/#patient/{ids['demo']}/programme")
        expect(page.locator("#part-programme")).to_be_visible()
        page.reload()
        expect(page.locator("#part-programme")).to_be_visible()
        expect(page.locator("#plan-rows tr")).to_have_count(4)
        page.go_back()
        expect(page.locator("#part-privacy")).to_be_visible()  # where the loop above ended
        expect(page.locator(".part:visible")).to_have_count(1)
        page.close()
    assert errors == [], errors


def test_a_part_chosen_while_the_page_loads_is_the_part_shown(
    page_server: RunningServer, chromium_path: Path
) -> None:
    """A reload on one part, then another tab clicked before the patient's data is back
    (held here): the tab works at once, and the slow load of the first part does not
    take the page back to it when it arrives."""
    from playwright.sync_api import Route, expect

    server = page_server
    ids = _seed(server)
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, server, errors, size=SIZES[0])
        log_in(page, *server.credentials()["therapist"])
        # The first visit's sign-in links are read (and logged) before the reload: the
        # part shows before its data comes back.
        with page.expect_response(lambda r: r.url.endswith("/links") and r.request.method == "GET"):
            page.goto(f"{server.base_url}/#patient/{ids['demo']}/privacy")
        expect(page.locator("#part-privacy")).to_be_visible()
        held: list[Route] = []

        def hold_the_first(route: Route) -> None:
            if held:
                route.continue_()
            else:
                held.append(route)

        page.route("**/api/patients/overview", hold_the_first)
        page.reload()
        while not held:
            page.wait_for_timeout(20)
        page.locator("#patient-parts a[data-part='sessions']").click()
        expect(page).to_have_url(f"{server.base_url}/#patient/{ids['demo']}/sessions")
        expect(page.locator("#patient-title")).to_have_text("Demo patiënt")
        held[0].continue_()  # the first part's load comes back last
        page.wait_for_load_state("networkidle")
        expect(page.locator("#part-sessions")).to_be_visible()
        expect(page.locator(".part:visible")).to_have_count(1)
        page.close()
    assert errors == [], errors
    # The privacy part left before its data came: its loads were never made, so the log
    # holds one viewing of the sign-in links (the first visit), not one for a view the
    # therapist never saw.
    entries = app_state(server.app).audit.of_patient(ids["demo"])
    assert [e.action for e in entries].count(Action.SIGNIN_LINKS_READ) == 1, entries


def test_one_days_sessions_are_one_bar_and_numbers_have_a_decimal_comma(
    page_server: RunningServer, chromium_path: Path
) -> None:
    from playwright.sync_api import expect

    server = page_server
    ids = _seed(server)
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, server, errors, size=(1366, 768))
        log_in(page, *server.credentials()["therapist"])
        expect(page.locator("#patient-rows tr")).to_have_count(3)
        page.goto(f"{server.base_url}/#patient/{ids['demo']}/overview")
        # Yesterday's three bridges are one bar, three days ago's another: two, not four.
        bars = page.locator("#progress-plots svg [id^='bridge-day-']")
        expect(bars).to_have_count(2)
        days = bars.evaluate_all("bars => bars.map((b) => b.id)")
        assert len(set(days)) == 2, days
        expect(page.locator("#progress-adherence")).to_have_text(
            "Gedaan van gepland, laatste 4 weken: 2 van 4 (50%)"
        )
        page.click("#patient-parts a[data-part='sessions']")
        holds = page.locator("#session-rows tr").first.locator("td").nth(4)
        expect(holds).to_contain_text("max 2,5 s")
        page.click("#btn-lang")
        expect(page.locator("#session-rows tr").first.locator("td").nth(4)).to_contain_text(
            "max 2.5 s"
        )
        page.click("#patient-parts a[data-part='overview']")
        expect(page.locator("#progress-adherence")).to_have_text(
            "Done of planned, last 4 weeks: 2 of 4 (50%)"
        )
        page.close()
    assert errors == [], errors
