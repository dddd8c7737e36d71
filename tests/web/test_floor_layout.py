"""Issue 14: the patient's live screen, used from the floor 2 m away, at the five sizes
(laptop 1280x800 and 1366x768, tablet 1024x768, tablet upright 768x1024 and 820x1180).

At every stage (where the camera goes, the checks, the countdown, counting, the rest)
the page does not scroll, the stage's essentials are wholly on screen, and every control
the patient needs (start, klaar, skip rest, mute, language) is in the viewport, on top
(nothing covers it: the rest used to cover "Klaar"). Hands-free: the countdown starts by
itself and is said, the rest ends by itself and says what comes next. The language is
switched mid-exercise, title included. Screenshots: artifacts/web/floor-*.png.

The replay estimator plays a recorded bridge (tests/server/replay.py) whatever the fake
camera shows: the clamshell stays in its set-up (the bridge is the wrong position), the
bridge counts and rests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from exercises.texts import catalogue
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page, prescribe, wait_until

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SIZES = [(1280, 800), (1366, 768), (1024, 768), (768, 1024), (820, 1180)]
ALWAYS = ["#btn-mute", "#btn-lang", "#btn-stop"]

# Each selector: wholly inside the viewport, and the element on top at its centre (or a
# child of it). The document must not scroll.
FITS = """(selectors) => {
  const w = innerWidth, h = innerHeight, out = [];
  const doc = document.scrollingElement;
  if (doc.scrollHeight > h + 1) out.push(`page scrolls: ${doc.scrollHeight} > ${h}`);
  const panel = document.querySelector("#screen-live .panel");
  if (panel.scrollHeight > panel.clientHeight + 1) {
    out.push(`panel overflows: ${panel.scrollHeight} > ${panel.clientHeight}`);
  }
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    if (!el) { out.push(`${sel}: missing`); continue; }
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) { out.push(`${sel}: not shown`); continue; }
    if (r.left < -1 || r.top < -1 || r.right > w + 1 || r.bottom > h + 1) {
      out.push(`${sel}: outside ${w}x${h} at ${Math.round(r.left)},${Math.round(r.top)},` +
               `${Math.round(r.right)},${Math.round(r.bottom)}`);
      continue;
    }
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const covered = !top || !(el === top || el.contains(top));
    if (covered) out.push(`${sel}: covered by ${top?.id || top?.className}`);
  }
  return out;
}"""

SIZE_PX = """(sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize)"""


def _check(
    page: Page, artifacts: Path, stage: str, selectors: list[str], prepare: str = ""
) -> list[str]:
    """`prepare`: statements run in the same task as the measuring, so the page's own
    updates (a status every frame) cannot undo them before the layout is read."""
    fits = f"(selectors) => {{ {prepare}; return ({FITS})(selectors); }}"
    problems = []
    for w, h in SIZES:
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_timeout(150)
        if not prepare:
            page.screenshot(path=str(artifacts / f"floor-{stage}-{w}x{h}.png"))
        problems += [f"{stage} {w}x{h}: {p}" for p in page.evaluate(fits, ALWAYS + selectors)]
    page.set_viewport_size({"width": 1280, "height": 800})
    return problems


def test_the_live_screen_from_the_floor(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    texts = catalogue()
    prescribe(
        page_server,
        [
            {"exercise": "clamshell", "prescription": {"reps": 10, "sets": 2, "side": "both"}},
            {
                "exercise": "bridge",
                "prescription": {"reps": 3, "sets": 20, "hold_s": 1.0, "rest_s": 2.0},
            },
        ],
    )
    errors: list[str] = []
    problems: list[str] = []
    with chromium(chromium_path, fake_camera=True) as browser:
        page = open_page(browser, page_server, errors, camera=True)
        log_in(page, *page_server.credentials()["patient"])
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='2']")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")

        # The clamshell: where the camera goes, from its spec: in front of the belly.
        expect(page.locator("#ex-name")).to_have_text(texts["ex_clamshell"]["nl"])
        picture = page.locator("#setup-picture svg")
        expect(picture).to_have_attribute("data-main", "front")
        expect(picture).to_contain_text(texts["pic_front"]["nl"])
        expect(picture).not_to_contain_text("voeteneind")
        page.evaluate("document.querySelector('#setup').dataset.stage = 'place'")
        problems += _check(
            page, artifacts_dir, "place", ["#setup-picture", "#setup-hint", "#btn-start-now"]
        )
        page.evaluate("document.querySelector('#setup').dataset.stage = 'position'")
        problems += _check(
            page, artifacts_dir, "position", ["#setup-hint", "#chk-position", "#btn-start-now"]
        )
        page.evaluate(
            "document.querySelector('#setup').dataset.stage = 'countdown';"
            "document.querySelector('#countdown').textContent = '3'"
        )
        problems += _check(page, artifacts_dir, "countdown", ["#countdown", "#btn-start-now"])
        # Someone in the wrong view: the picture and the one thing to change, no second text.
        page.evaluate("document.querySelector('#setup').dataset.stage = 'place'")
        expect(page.locator("#setup-hint")).to_be_visible()
        expect(page.locator("#setup-how")).to_be_hidden()
        step_px = page.evaluate(SIZE_PX, "#setup .countdown .step")
        count_px = page.evaluate(SIZE_PX, "#countdown")
        page.click("#btn-stop")

        # The bridge: beside the hip; hands-free from the start position to counting.
        expect(page.locator("#ex-name")).to_have_text(texts["ex_bridge"]["nl"], timeout=20_000)
        expect(picture).to_have_attribute("data-main", "side")
        expect(picture).to_contain_text(texts["pic_side"]["nl"])
        expect(page.locator("#exercise")).to_be_visible(timeout=30_000)
        spoken: list[str] = page.evaluate("window.formcheck.spoken")
        cue_codes = page.evaluate("window.formcheck.cues.map((c) => c.code)")
        expect(page.locator("#rep-count")).to_have_text("1", timeout=30_000)
        problems += _check(
            page, artifacts_dir, "counting", ["#rep-count", "#hold-ring", "#set-label"]
        )
        # The fullest count a patient sees: holding (the phase's line), on a side, about to
        # switch (a one-sided exercise's label), the set dots of many sets: it still fits.
        side = texts["side_label"]["nl"].format(s=texts["left"]["nl"])
        switch = texts["side_next"]["nl"].format(s=texts["right"]["nl"])
        hold, sides = json.dumps(texts["phase_hold"]["nl"]), json.dumps(f"{side} · {switch}")
        fullest = (
            f"document.querySelector('#phase-label').textContent = {hold};"
            f"document.querySelector('#side-label').textContent = {sides}"
        )
        problems += _check(
            page, artifacts_dir, "counting, fullest", ["#rep-count", "#set-label"], fullest
        )
        cue_px = page.evaluate(SIZE_PX, "#cue")
        counter_px = page.evaluate(SIZE_PX, ".counter")

        # The rest ends by itself and says what comes next (a short one, 2 s).
        expect(page.locator("#rest")).to_be_visible(timeout=30_000)
        expect(page.locator("#rest")).to_be_hidden(timeout=10_000)
        said = json.dumps(texts["rest_over"]["nl"])
        wait_until(page, f"window.formcheck.spoken.includes({said})", timeout=5_000)
        # A rest as prescribed (60 s) stands beside "Klaar": measured, then skipped.
        page.evaluate("import('/static/js/rest.js').then((m) => m.startRest(60))")
        problems += _check(page, artifacts_dir, "rest", ["#rest-count", "#btn-rest-skip"])
        page.click("#btn-rest-skip")
        expect(page.locator("#rest")).to_be_hidden()

        # Mid-exercise, English: every visible text, the exercise's name too.
        page.click("#btn-lang")
        expect(page.locator("#ex-name")).to_have_text(texts["ex_bridge"]["en"])
        expect(page.locator("#btn-stop")).to_have_text(texts["stop"]["en"])
        expect(page.locator("#set-label")).to_contain_text("of")
        expect(picture).to_contain_text(texts["pic_side"]["en"])
        page.screenshot(path=str(artifacts_dir / "floor-english-1280x800.png"))
        me: dict[str, Any] = page.evaluate("fetch('/api/me').then((r) => r.json())")
    assert problems == [], "\n".join(problems)
    assert errors == [], errors
    # One start message, the countdown's: no server "ready" cue beside it.
    assert "ready" not in cue_codes
    start = spoken.index(texts["countdown_still"]["nl"])
    assert spoken[start + 1 : start + 5] == ["3", "2", "1", texts["countdown_go"]["nl"]], spoken
    assert me["language"] == "en"  # the switch is the user's, kept with the account
    # From the floor: big enough (README "Reading from the floor").
    assert count_px >= 170
    assert counter_px >= 170
    assert cue_px >= 60
    assert step_px >= 54
