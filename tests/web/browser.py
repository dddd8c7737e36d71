"""Driving the app's pages in headless chromium (Debian's, through Playwright).

`chromium(path, y4m)` launches it with the clip as the fake webcam; `open_page` opens the
app in a fresh context (a camera grant for the patient, page errors and every Content
Security Policy violation collected, by `watch`);
`log_in` signs a page in; `prescribe` sets a patient's programme through the API.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.server.clients import Client
from tests.server.live_server import RunningServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

__all__ = [
    "chromium",
    "launch_args",
    "log_in",
    "open_page",
    "prescribe",
    "wait_until",
    "watch",
]

# Run in every document before its own scripts (devtools injects it: the page's CSP does
# not apply to it). Chromium also logs each refusal to the console; both are collected.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`Content Security Policy violation: ${e.violatedDirective} blocked `
    + `${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def launch_args(y4m: Path | None, *, fake_camera: bool = False) -> list[str]:
    """The brief's flags, plus the fake camera playing `y4m` when given (or chromium's
    own test pattern with `fake_camera`, for pages that need a camera but no person)."""
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
    if y4m is not None or fake_camera:
        args += ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    if y4m is not None:
        args.append(f"--use-file-for-fake-video-capture={y4m}")
    return args


@contextmanager
def chromium(
    chromium_path: Path,
    y4m: Path | None = None,
    *,
    fake_camera: bool = False,
    extra_args: Sequence[str] = (),
) -> Iterator[Browser]:
    """Chromium with the brief's flags, `y4m` as the fake webcam (or chromium's own test
    pattern with `fake_camera`) and `extra_args`. Its Playwright driver lives only as long
    as the browser: a driver left running keeps its event loop marked as running in this
    thread, and every later `asyncio.run` in the test process would fail."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium_path),
            headless=True,
            args=[*launch_args(y4m, fake_camera=fake_camera), *extra_args],
        )
        try:
            yield browser
        finally:
            browser.close()


# The one refusal that is expected: MediaPipe's web bundle (@mediapipe/tasks-vision) posts
# usage logs to Google every 60 s while a landmarker runs, with no switch to turn it off;
# the page's `connect-src 'self'` keeps them from leaving (README, "On-device pose").
EXPECTED_REFUSALS = ("https://odml.pa.googleapis.com/",)


def watch(context: BrowserContext, errors: list[str]) -> None:
    """Every page of `context` adds its uncaught errors and CSP violations to `errors`
    (but the refusal of MediaPipe's usage log, `EXPECTED_REFUSALS`)."""

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        refused = message.type == "error" and "Content Security Policy" in text
        if refused and not any(url in text for url in EXPECTED_REFUSALS):
            errors.append(text)

    def on_page(page: Page) -> None:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", on_console)

    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    context.on("page", on_page)


def open_page(
    browser: Browser,
    server: RunningServer,
    errors: list[str],
    *,
    camera: bool = False,
    size: tuple[int, int] = (1280, 800),
) -> Page:
    """The app's start page in a new context; its uncaught errors and CSP violations
    are added to `errors`."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    if camera:
        context.grant_permissions(["camera"], origin=server.base_url)
    watch(context, errors)
    page = context.new_page()
    page.goto(server.base_url + "/")
    return page


def log_in(page: Page, username: str, password: str) -> None:
    page.fill("#in-username", username)
    page.fill("#in-password", password)
    page.click("#form-login button[type=submit]")


def prescribe(server: RunningServer, plan: list[dict[str, Any]]) -> None:
    """The demo therapist sets the demo patient's programme (API, not the page)."""
    creds = server.credentials()
    with Client.login(server, *creds["patient"]) as patient:
        patient_id = patient.user["id"]
    with Client.login(server, *creds["therapist"]) as therapist:
        therapist.http.put(f"/api/patients/{patient_id}/programme", json=plan).raise_for_status()


def wait_until(page: Page, expression: str, timeout: float = 30_000) -> None:
    """Playwright's `wait_for_function`, by polling `page.evaluate` (devtools' evaluation,
    which the page's CSP allows; `wait_for_function` evals in the page, which it refuses)."""
    body = expression if "=>" in expression else f"() => ({expression})"
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(body):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout:.0f} ms: {expression}")
        time.sleep(0.05)
