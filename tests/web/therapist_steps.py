"""The therapist's page step by step, as a therapist clicks it (shared by the browser
tests): open a patient from the overview and a part of their page, add a patient, tick
only the clamshell for the right side, save the programme, make a sign-in link and read
it off the page; and the patient opening that link.
Screenshots go to artifacts/web (and $FORMCHECK_SHOTS_DIR when set)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tests.server.live_server import RunningServer
from tests.web.browser import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

__all__ = [
    "add_patient",
    "fill_right_clamshell",
    "in_view",
    "new_link",
    "open_link",
    "open_part",
    "open_patient",
    "patient_id",
    "save_plan",
    "shoot",
]


def shoot(page: Page, artifacts_dir: Path, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / name), full_page=True)
    extra = os.environ.get("FORMCHECK_SHOTS_DIR")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(extra) / name), full_page=True)


def in_view(page: Page, target: Locator, what: str = "") -> None:
    """`target` lies wholly inside the viewport as the page stands (not scrolled to)."""
    box = target.bounding_box()
    size = page.viewport_size
    assert box is not None, f"{what}: not shown"
    assert size is not None
    assert box["y"] >= 0, f"{what}: above the viewport ({box})"
    assert box["y"] + box["height"] <= size["height"], f"{what}: below the fold at {size}: {box}"
    assert box["x"] + box["width"] <= size["width"], f"{what}: off to the right at {size}: {box}"


def open_part(page: Page, part: str) -> None:
    """The open patient's `part` (overview, programme, sessions, questionnaires, privacy),
    by its tab."""
    from playwright.sync_api import expect

    page.click(f"#patient-parts a[data-part='{part}']")
    expect(page.locator(f"#part-{part}")).to_be_visible()


def open_patient(page: Page, part: str = "overview", name: str | None = None) -> None:
    """From the overview, the patient named `name` (the top row when None), then `part`."""
    from playwright.sync_api import expect

    rows = page.locator("#patient-rows tr")
    expect(rows.first).to_be_visible()
    row = page.locator("#patient-rows tr", has_text=name) if name else rows.first
    row.locator("a").click()
    expect(page.locator("#therapist-patient")).to_be_visible()
    open_part(page, part)


def patient_id(page: Page) -> int:
    """The id of the patient whose page is open (from its URL, #patient/<id>/<part>)."""
    return int(page.url.split("#patient/")[1].split("/")[0])


def add_patient(page: Page, name: str, language: str = "nl") -> None:
    """The new-patient form (opened from the overview unless it is open already) filled
    and saved; the new patient's page is then open (at its access part, where the sign-in
    link is made)."""
    from playwright.sync_api import expect

    if page.locator("#btn-new-patient").is_visible():
        page.click("#btn-new-patient")
    expect(page.locator("#patient-form-title")).to_have_text("Nieuwe patiënt")
    page.fill("#in-patient-name", name)
    page.select_option("#sel-patient-lang", language)
    page.click("#btn-save-patient")
    expect(page.locator("#patient-page-status")).to_have_text(
        "Patiënt toegevoegd. Maak hieronder een aanmeldlink."
    )
    expect(page.locator("#patient-title")).to_have_text(name)
    expect(page.locator("#part-privacy")).to_be_visible()


def fill_right_clamshell(page: Page, *, reps: int, sets: int, note: str = "") -> Locator:
    """Every other exercise unticked, the clamshell's right side only with this dose
    (not saved yet), on the programme part; its row."""
    from playwright.sync_api import expect

    open_part(page, "programme")
    clam = page.locator("#plan-rows tr[data-exercise='clamshell']")
    expect(clam).to_be_visible()  # the programme is read when its part opens
    for other in page.locator("#plan-rows tr:not([data-exercise='clamshell'])").all():
        other.locator("input[type=checkbox]").uncheck()
    clam.locator("select[data-field='side']").select_option("right")
    clam.locator("input[data-field='reps']").fill(str(reps))
    clam.locator("input[data-field='sets']").fill(str(sets))
    clam.locator("[data-field='note']").fill(note)
    return clam


def save_plan(page: Page) -> None:
    """Saves the programme and waits for the page to say it was saved, no field refused."""
    from playwright.sync_api import expect

    page.click("#btn-save-plan")
    expect(page.locator("#plan-status")).to_have_text("Opgeslagen.")
    expect(page.locator("#plan-rows .field-error:not(:empty)")).to_have_count(0)


def new_link(page: Page) -> str:
    """A new sign-in link for the open patient, read from the page (shown this once)."""
    from playwright.sync_api import expect

    open_part(page, "privacy")
    page.click("#btn-new-link")
    expect(page.locator("#link-qr svg")).to_be_visible()
    url = page.input_value("#link-url")
    assert "/signin#" in url, url
    return url


def open_link(
    browser: Browser,
    server: RunningServer,
    errors: list[str],
    url: str,
    *,
    size: tuple[int, int] = (1280, 800),
) -> Page:
    """The patient's own device: a fresh context (camera granted, no cookie) opens `url`
    and signs in with it; the page shows the patient's home screen."""
    from playwright.sync_api import expect

    page = open_page(browser, server, errors, size=size, camera=True)
    page.goto(url)
    expect(page.locator("#screen-signin")).to_be_visible()
    page.click("#btn-signin")
    expect(page.locator("#screen-home")).to_be_visible()
    return page
