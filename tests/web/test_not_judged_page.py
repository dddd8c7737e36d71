"""The clamshell filmed lengthwise, from a shelf at the feet end: the page says, large
in the set-up's step (once: no box over the video) and aloud, that it cannot judge the
exercise from there and where to put the camera; in Dutch, in English when the page is
English; the summary says it too. The webcam plays a rendered clip
(`SynthSpec("clamshell", view="front")`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from exercises.cues import cue_text
from exercises.texts import catalogue
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page, prescribe, wait_until
from tests.web.conftest import fake_camera_clip

pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")

pytestmark = [pytest.mark.browser, pytest.mark.real_model, pytest.mark.synth]

CODE = "clamshell_not_judged_lengthwise"


@pytest.fixture
def shelf_y4m(tmp_path: Path) -> Iterator[Path]:
    from synth.cache import cached_clip
    from synth.spec import SynthSpec

    clip = cached_clip(SynthSpec("clamshell", view="front"))
    y4m = fake_camera_clip(clip.clip_path, tmp_path, lead_in_s=4.0, tail_s=40.0)
    yield y4m
    y4m.unlink(missing_ok=True)  # raw video: hundreds of MB


def test_a_view_that_cannot_judge_the_clamshell_is_shown_and_said(
    server: RunningServer, chromium_path: Path, shelf_y4m: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    nl, en = cue_text(CODE, "nl"), cue_text(CODE, "en")
    prescribe(server, [{"exercise": "clamshell", "prescription": {"reps": 3, "sets": 1}}])
    errors: list[str] = []
    with chromium(chromium_path, shelf_y4m) as browser:
        page = open_page(browser, server, errors, camera=True, size=(1366, 768))
        log_in(page, *server.credentials()["patient"])
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='2']")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        # Set up, it is the one thing to change (the step), shown once: no box over the video.
        step = page.locator("#setup-hint")
        expect(step).to_have_text(nl, timeout=45_000)
        expect(page.locator("#not-judged")).to_be_hidden()
        font_px = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('#setup-hint')).fontSize)"
        )
        page.screenshot(path=str(artifacts_dir / "30-not-judged-1366x768.png"))
        page.set_viewport_size({"width": 768, "height": 1024})
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts_dir / "31-not-judged-768x1024.png"))
        spoken = page.evaluate("window.formcheck.spoken")
        page.click("#btn-lang")  # English: the next result shows it in English
        expect(step).to_have_text(en, timeout=5000)
        page.screenshot(path=str(artifacts_dir / "32-not-judged-english.png"))
        page.click("#btn-lang")
        expect(step).to_have_text(nl, timeout=5000)
        page.set_viewport_size({"width": 1366, "height": 768})
        page.click("#btn-stop")
        expect(page.locator("#screen-pain")).to_be_visible(timeout=30_000)
        page.click("#pain-scale button[data-score='1']")
        expect(page.locator("#screen-summary")).to_be_visible()
        summary = page.evaluate("window.formcheck.results[0]")
        line = page.locator("#summary .not-judged-line")
        expect(line).to_have_text(f"Niet beoordeeld: {nl}")
        page.screenshot(path=str(artifacts_dir / "33-not-judged-summary.png"))
        spoken_at_end = page.evaluate("window.formcheck.spoken")

    assert errors == [], errors
    assert f"Zet de camera anders neer. {nl}" in spoken, spoken  # said once, in Dutch
    assert font_px >= 20, font_px  # read from the floor, 2 m away
    assert summary["not_judged"]["code"] == CODE, summary
    assert summary["not_judged"]["texts"] == {"nl": nl, "en": en}, summary
    # Nothing counted: not "Goed gedaan!", but that, and what to change.
    nothing = catalogue()["summary_title_nothing"]["nl"]
    assert spoken_at_end[-1] == f"{nothing} Niet beoordeeld: {nl}", spoken_at_end
