"""Belly breathing in the browser, as the therapist prescribes it and the patient hears
it: the therapist sets a 1 minute session paced 2 s in / 3 s out on their page; the
patient's webcam plays a synthetic breathing clip (12 per minute); the page recognises
the position, the phase label alternates, the pacer words are spoken, the session timer
reads mm:ss of the prescribed minute, and breaths are counted."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page, wait_until
from tests.web.conftest import fake_camera_clip
from tests.web.therapist_steps import open_patient

pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")

pytestmark = [pytest.mark.browser, pytest.mark.real_model, pytest.mark.synth]

PACE_IN_S, PACE_OUT_S = 2.0, 3.0
# Records each change of the phase label (what the patient reads): [text, ms].
WATCH_PHASE = """() => {
  window.phases = [];
  const el = document.querySelector('#phase-label');
  new MutationObserver(() => {
    const last = window.phases[window.phases.length - 1];
    const text = el.textContent;
    if (!last || last[0] !== text) window.phases.push([text, performance.now()]);
  }).observe(el, { childList: true, characterData: true, subtree: true });
}"""


def phase_lengths_s(phases: list[tuple[str, float]]) -> dict[str, list[float]]:
    """How long each label text stood once the pacer began, per text (the first may be
    cut short by the label showing up late, the last is still standing)."""
    started = list(itertools.dropwhile(lambda p: p[0] == "", phases))
    out: dict[str, list[float]] = {}
    for (text, t0_ms), (_, t1_ms) in itertools.pairwise(started[1:]):
        out.setdefault(text, []).append((t1_ms - t0_ms) / 1000)
    return out


@pytest.fixture(scope="module")
def breathing_y4m(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from synth.cache import cached_clip
    from synth.spec import SynthSpec

    clip = cached_clip(SynthSpec("breathing", duration_s=30.0, breath_rate_bpm=12.0, seed=9))
    out_dir = tmp_path_factory.mktemp("camera")
    # Held first frame: time to log in and click through; a still tail: no second pass.
    y4m = fake_camera_clip(clip.clip_path, out_dir, lead_in_s=6.0, tail_s=30.0)
    yield y4m
    y4m.unlink(missing_ok=True)


def test_paced_breathing_is_heard_seen_and_counted(
    server: RunningServer, chromium_path: Path, breathing_y4m: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    creds = server.credentials()
    errors: list[str] = []
    with chromium(chromium_path, breathing_y4m) as browser:
        # The therapist prescribes breathing only: 1 minute, 2 s in, 3 s out.
        review = open_page(browser, server, errors, size=(1280, 900))
        log_in(review, *creds["therapist"])
        expect(review.locator("#screen-therapist")).to_be_visible()
        open_patient(review, "programme")
        row = review.locator("#plan-rows tr[data-exercise='breathing']")
        note = "Notitie voor de patiënt"
        expect(row.locator("label")).to_have_text(
            ["Sessieduur (min)", "Inademen (s)", "Uitademen (s)", "Keer per week", note]
        )
        bridge = review.locator("#plan-rows tr[data-exercise='bridge'] label")
        expect(bridge).to_have_text(
            ["Herhalingen", "Sets", "Vasthouden (s)", "Rust (s)", "Keer per week", note]
        )
        for other in review.locator("#plan-rows tr:not([data-exercise='breathing'])").all():
            other.locator("input[type=checkbox]").uncheck()
        row.locator("input[data-field='duration_s']").fill("1")
        row.locator("input[data-field='pace_in_s']").fill(str(PACE_IN_S))
        row.locator("input[data-field='pace_out_s']").fill(str(PACE_OUT_S))
        review.click("#btn-save-plan")
        expect(review.locator("#plan-status")).to_have_text("Opgeslagen.")
        review.screenshot(path=str(artifacts_dir / "14-therapist-breathing.png"), full_page=True)
        review.close()

        # The patient breathes in front of the (fake) webcam.
        page = open_page(browser, server, errors, camera=True)
        log_in(page, *creds["patient"])
        expect(page.locator("#programme li")).to_have_count(1)
        expect(page.locator("#programme li")).to_contain_text("1 min · 2 s in, 3 s uit")
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='2']")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.evaluate(WATCH_PHASE)
        page.click("#btn-camera-ok")
        expect(page.locator("#ex-name")).to_have_text("Buikademhaling")
        expect(page.locator("#exercise")).to_be_visible(timeout=30_000)  # position recognised
        wait_until(page, "window.phases.length >= 6", timeout=30_000)
        wait_until(
            page, "Number(document.querySelector('#rep-count').textContent) >= 2", timeout=45_000
        )
        wait_until(
            page,  # mid-inhale: the pacer disc is growing
            "document.querySelector('#pacer').dataset.phase === 'breathe_in'",
            timeout=10_000,
        )
        page.wait_for_timeout(1000)
        page.screenshot(path=str(artifacts_dir / "15-breathing-pacer.png"))
        phases = page.evaluate("window.phases")
        spoken = page.evaluate("window.formcheck.spoken")
        timer = page.locator("#hold-text").text_content() or ""
        target = page.locator("#hold-target").text_content()
        breaths_shown = int(page.locator("#rep-count").text_content() or "0")
        ready = page.evaluate("window.formcheck.last.status.ready")
        # Muted, the pacer goes on on screen but says nothing more.
        said, changes = page.evaluate(  # one step in the page: no word slips in between
            "() => { document.querySelector('#btn-mute').click();"
            " return [window.formcheck.spoken.length, window.phases.length]; }"
        )
        wait_until(page, f"window.phases.length >= {changes + 2}", timeout=10_000)
        spoken_muted = page.evaluate(f"window.formcheck.spoken.slice({said})")
        expect(page.locator("#btn-mute")).to_have_text("Geluid aan")

        page.click("#btn-stop")
        expect(page.locator("#screen-pain")).to_be_visible(timeout=30_000)
        summary = page.evaluate("window.formcheck.results[0]")
        page.click("#pain-scale button[data-score='1']")
        expect(page.locator("#summary")).to_contain_text("van 1:00 in de houding")
        expect(page.locator("#summary")).to_contain_text("ademhalingen")
        page.screenshot(path=str(artifacts_dir / "16-breathing-summary.png"))

        # The therapist sees the session's time in position against the prescribed minute.
        review = open_page(browser, server, errors, size=(1280, 900))
        log_in(review, *creds["therapist"])
        open_patient(review, "sessions")
        expect(review.locator("#session-rows tr")).to_have_count(1)
        expect(review.locator("#session-rows tr")).to_contain_text(re.compile(r"0:\d\d / 1:00"))
        # ... and the same breaths and time as the patient's summary (one summary for both).
        seconds = int(summary["time_in_position_s"])
        row = review.locator("#session-rows tr")
        expect(row).to_contain_text(f"{summary['breaths']} ademhalingen")
        expect(row).to_contain_text(f"{seconds // 60}:{seconds % 60:02d} / 1:00")

    assert errors == [], errors
    assert ready is True
    # The label alternates between the two texts, each standing as long as prescribed
    # (the results arrive at the inference rate: a frame or two late).
    texts = [text for text, _ in phases]
    assert set(texts) - {""} == {"Adem in…", "Adem uit…"}, texts  # "": not yet in position
    lengths = phase_lengths_s(phases)
    assert set(lengths) == {"Adem in…", "Adem uit…"}, phases  # never lost once found
    assert statistics.median(lengths["Adem in…"]) == pytest.approx(PACE_IN_S, abs=0.5), phases
    assert statistics.median(lengths["Adem uit…"]) == pytest.approx(PACE_OUT_S, abs=0.5), phases
    # The pacer words are heard (the set-up talk may drown the very first one).
    assert spoken.count("Adem in") >= 1, spoken
    assert spoken.count("Adem uit") >= 1, spoken
    assert spoken_muted == []
    assert re.fullmatch(r"0:\d\d", timer), timer  # m:ss counting up, under the minute
    assert target == "van 1:00"
    assert breaths_shown >= 2
    assert summary["exercise"] == "breathing"
    assert summary["breaths"] >= 2
    assert 0 < summary["time_in_position_s"] <= 60
    with Client.login(server, *creds["patient"]) as patient:
        [session] = patient.http.get("/api/sessions").json()
    assert session["exercise"] == "breathing"
