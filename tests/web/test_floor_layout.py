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
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from exercises.cues import KEY_MOMENTS
from exercises.judgeable import NOT_JUDGED_OUT_OF_FRAME, NOT_JUDGED_TOO_SMALL
from exercises.registry import SPECS
from exercises.texts import catalogue
from server.store.programmes import NOTE_MAX_CHARS
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
  // Upright, the video has at least half the screen (a clinic's demo is watched on it).
  const stage = document.querySelector("#screen-live .stage").getBoundingClientRect();
  if (h > w && stage.height < h / 2) out.push(`video ${Math.round(stage.height)} px high of ${h}`);
  // A cue over the video is wholly on it, never cut off.
  const cue = document.querySelector("#cue");
  if (!cue.hidden && (cue.getBoundingClientRect().top < stage.top - 1 ||
                      cue.scrollHeight > cue.clientHeight + 1)) out.push("cue cut off");
  // Where the images go: small, and off the video (the patient is on it all session).
  const mode = document.querySelector("#pose-mode"), m = mode.getBoundingClientRect();
  const over = m.right > stage.left && m.left < stage.right && m.bottom > stage.top &&
    m.top < stage.bottom;
  if (!mode.hidden && (parseFloat(getComputedStyle(mode).fontSize) > 18 || over)) {
    out.push("the pose-mode label is large or over the video");
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
    page: Page,
    artifacts: Path,
    stage: str,
    selectors: list[str],
    prepare: str = "",
    *,
    shots: bool = False,
) -> list[str]:
    """`prepare`: statements run in the same task as the measuring, so the page's own
    updates (a status every frame) cannot undo them before the layout is read. A
    screenshot of each size (`shots`: after `prepare` too, slower):
    artifacts/web/floor-<stage>-<w>x<h>.png."""
    fits = f"(selectors) => {{ {prepare}; return ({FITS})(selectors); }}"
    problems = []
    for w, h in SIZES:
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_timeout(150)
        shot = artifacts / f"floor-{stage}-{w}x{h}.png"
        if not prepare:
            page.screenshot(path=str(shot))
        problems += [f"{stage} {w}x{h}: {p}" for p in page.evaluate(fits, ALWAYS + selectors)]
        if prepare and shots:  # what `prepare` made, till the page's next update
            page.screenshot(path=str(shot))
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

        # The rest ends by itself and says what comes next (a short one, 2 s), or, when the
        # replayed patient already went on in it, that what they did counts (and then not
        # "the rest is over, begin": test_rest_kept_going.py).
        expect(page.locator("#rest")).to_be_visible(timeout=30_000)
        expect(page.locator("#rest")).to_be_hidden(timeout=10_000)
        said = json.dumps([texts["rest_over"]["nl"], texts["rest_kept_going"]["nl"]])
        wait_until(
            page, f"{said}.some((text) => window.formcheck.spoken.includes(text))", timeout=5_000
        )
        # A rest as prescribed (60 s) stands beside "Klaar": measured, then skipped.
        page.evaluate("import('/static/js/rest.js').then((m) => m.startRest(60))")
        problems += _check(page, artifacts_dir, "rest", ["#rest-count", "#btn-rest-skip"])
        # Going on during the rest: the longer line (either language's) in its place.
        going_on = max(texts["rest_kept_going"].values(), key=len)
        page.evaluate(f"import('/static/js/rest.js').then((m) => m.goingOn({going_on!r}))")
        problems += _check(
            page,
            artifacts_dir,
            "rest-going-on",
            ["#rest-count", "#rest-going-on", "#btn-rest-skip"],
        )
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


# Issue 25: the longest texts the live screen can show, in both languages.
_PAGE_CUES = ("countdown_stopped_moved", "countdown_stopped_unseen", "nobody_seen", "rest_over")
NOT_JUDGED_CODES = sorted(
    {NOT_JUDGED_TOO_SMALL, NOT_JUDGED_OUT_OF_FRAME}
    | {
        code
        for spec in SPECS.values()
        for code in (
            spec.view_limits.wrong_view,
            spec.view_limits.lengthwise,
            spec.view_limits.unseen,
        )
        if code
    }
)
CUE_CODES = sorted(
    {c for spec in SPECS.values() for c in spec.codes} | set(KEY_MOMENTS) | set(_PAGE_CUES)
)
# The longest note the therapist may write (NOTE_MAX_CHARS), in long Dutch words.
NOTE = ("Voorzichtig: bij toenemende liesklachten of uitstralende pijn de oefening onmiddellijk "
        "onderbreken en contact opnemen met de praktijk. " * 6)[:NOTE_MAX_CHARS]  # fmt: skip

# Visible elements with `text` in their own text: the not-judged text is shown once.
SHOWN = """(text) => [...document.querySelectorAll("body *")].filter((el) =>
  el.checkVisibility() &&
  [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.includes(text))
).length"""


def _longest(codes: list[str], lang: str) -> tuple[str, dict[str, str]]:
    texts = catalogue()
    code = max(codes, key=lambda c: len(texts[c][lang]))
    return code, dict(texts[code])


def test_the_longest_texts_leave_start_and_klaar_in_view(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    """At every size, in Dutch and English: the longest note, not-judged text and cue
    leave "Start oefening" and "Klaar" wholly in view; the not-judged text is shown once
    (set up: as the step; counting: in the panel, not also over the video). The server's
    results get the not-judged text and the cues through a WebSocket route (the replay
    bridge never gives them), so the page's own code shows them."""
    from playwright.sync_api import WebSocketRoute, expect

    assert len(NOTE) == NOTE_MAX_CHARS
    prescribe(
        page_server,
        [
            {"exercise": "clamshell", "prescription": {"reps": 10, "sets": 1}, "note": NOTE},
            {"exercise": "bridge", "prescription": {"reps": 20, "sets": 2, "hold_s": 1.0}},
        ],
    )
    # "not_judged" in every result while set, "cue" once, "quiet": no other cues.
    inject: dict[str, Any] = {}

    def route(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def down(message: str | bytes) -> None:
            if isinstance(message, str) and inject:
                msg = json.loads(message)
                if msg.get("type") == "result":
                    if "not_judged" in inject:
                        msg["not_judged"] = inject["not_judged"]
                    if "quiet" in inject:  # no server cue replaces the one measured
                        msg["cues"] = []
                    if "cue" in inject:
                        msg["cues"] = [inject.pop("cue")]
                    message = json.dumps(msg)
            ws.send(message)

        server.on_message(down)
        ws.on_message(server.send)

    def not_judged(lang: str) -> str:
        code, texts = _longest(NOT_JUDGED_CODES, lang)
        inject["not_judged"] = {"code": code, "texts": texts, "message": texts["en"]}
        return texts[lang]

    def cue(lang: str) -> str:
        code, texts = _longest(CUE_CODES, lang)
        inject["cue"] = {"code": code, "texts": texts, "speech": "cue"}
        return texts[lang]

    errors: list[str] = []
    problems: list[str] = []
    shown: list[str] = []
    place = "const s = document.querySelector('#setup'); s.dataset.stage = 'place'"
    with chromium(chromium_path, fake_camera=True) as browser:
        page = open_page(browser, page_server, errors, camera=True)
        page.route_web_socket(re.compile(r".*/ws/sessions/.*"), route)
        log_in(page, *page_server.credentials()["patient"])
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='2']")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        wait_until(page, "window.formcheck.last !== null")
        for lang in ("nl", "en"):
            if lang == "en":
                page.click("#btn-lang")
            expect(page.locator("#setup-note")).to_contain_text(NOTE[:40])
            problems += _check(
                page, artifacts_dir, f"long-note-{lang}",
                ["#setup-picture", "#setup-how", "#setup-note", "#btn-start-now"],
                f"{place}; s.removeAttribute('data-person')", shots=True,
            )  # fmt: skip
            text = not_judged(lang)
            expect(page.locator("#setup-hint")).to_have_text(text)
            problems += _check(
                page, artifacts_dir, f"long-not-judged-{lang}",
                ["#setup-picture", "#setup-hint", "#btn-start-now"],
                f"{place}; s.setAttribute('data-person', '')", shots=True,
            )  # fmt: skip
            shown += [f"set-up {lang}: {page.evaluate(SHOWN, text)}"]
            del inject["not_judged"]
            text = cue(lang)
            expect(page.locator("#setup-hint")).to_have_text(text)
            problems += _check(
                page, artifacts_dir, f"long-cue-{lang}",
                ["#setup-hint", "#chk-position", "#btn-start-now"],
                "document.querySelector('#setup').dataset.stage = 'position'", shots=True,
            )  # fmt: skip
        page.click("#btn-stop")  # on to the bridge, which counts; in English
        expect(page.locator("#exercise")).to_be_visible(timeout=40_000)
        inject["quiet"] = True
        for lang in ("en", "nl"):
            if lang == "nl":
                page.click("#btn-lang")
            text = cue(lang)
            expect(page.locator("#cue")).to_have_text(text)
            problems += _check(page, artifacts_dir, f"long-cue-counting-{lang}", ["#rep-count"])
            expect(page.locator("#cue")).to_be_hidden(timeout=6_000)  # the same text
            text = not_judged(lang)
            expect(page.locator("#not-judged-text")).to_have_text(text)
            problems += _check(
                page, artifacts_dir, f"long-not-judged-counting-{lang}", ["#not-judged"]
            )
            shown += [f"counting {lang}: {page.evaluate(SHOWN, text)}"]
            del inject["not_judged"]
            expect(page.locator("#not-judged")).to_be_hidden()
    assert problems == [], "\n".join(problems)
    assert shown == ["set-up nl: 1", "set-up en: 1", "counting en: 1", "counting nl: 1"]
    assert errors == [], errors
