"""The clinic's pose mode in the browser (issue 16): belly breathing on a rendered clip
counted on the device at its scripted rate, and at the rate the server reads from the
very frames the camera gave (`formcheck analyze` on them: the live server path is that
same step, tests/server/live/test_one_step.py); "auto" picks
on-device exactly when the warm-up measures the server's minimum frame rate, and says
which runs; "device" on a browser that cannot says so and opens no socket at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from exercises.base import Prescription
from server.live.landmark_frame import is_landmark_frame
from tests.server.live_server import RunningServer, running_server
from tests.web.browser import chromium, log_in, open_page, prescribe, wait_until
from tests.web.conftest import fake_camera_clip, read_from_the_camera

pytestmark = [pytest.mark.browser, pytest.mark.real_model]

BREATHS_PER_MIN = 12.0
# The page's and the server's probes agree to 0.4 % of the signal's range on the same
# frames (test_on_device_landmarks.py); live, the page's frames come when its model is
# done and carry its own times, so a breath's turning point moves by a frame (66 ms in a
# 5 s breath): 1 breath per minute covers that, and no miscounted breath.
RATE_TOLERANCE_BPM = 1.0
BREATHING_MIN = Prescription(duration_s=60.0)


@pytest.fixture(scope="module")
def breathing_clip() -> Path:
    pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")
    from synth.cache import cached_clip
    from synth.spec import SynthSpec

    spec = SynthSpec("breathing", duration_s=30.0, breath_rate_bpm=BREATHS_PER_MIN, seed=9)
    return cached_clip(spec).clip_path


@pytest.fixture(scope="module")
def breathing_y4m(breathing_clip: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # Six whole breaths, played twice: a minute of breathing from the camera's start, so
    # a start slowed by a loaded machine still has the breaths the test waits for (one
    # pass left 24 s after the countdown, and 4 breaths take 20).
    y4m = fake_camera_clip(
        breathing_clip, tmp_path_factory.mktemp("cam"), lead_in_s=6.0, tail_s=10.0, plays=2
    )
    yield y4m
    y4m.unlink(missing_ok=True)


def start_exercise(
    browser: Any, server: RunningServer, errors: list[str], sockets: list[str] | None = None
) -> Any:
    page = open_page(browser, server, errors, camera=True)
    if sockets is not None:
        page.on("websocket", lambda ws: sockets.append(ws.url))
    log_in(page, *server.credentials()["patient"])
    page.click("#btn-start")
    page.click("#btn-advice-ok")
    page.click("#pain-scale button[data-score='2']")
    wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
    page.click("#btn-camera-ok")
    return page


def breathing_rate(browser: Any, server: RunningServer, errors: list[str]) -> dict[str, Any]:
    plan = {"duration_s": BREATHING_MIN.duration_s}
    prescribe(server, [{"exercise": "breathing", "prescription": plan}])
    page = start_exercise(browser, server, errors)
    wait_until(page, "Number(document.querySelector('#rep-count').textContent) >= 4", 90_000)
    source = page.evaluate("window.formcheck.source")
    page.click("#btn-stop")
    wait_until(page, "window.formcheck.results.length >= 1", timeout=30_000)
    summary: dict[str, Any] = page.evaluate("window.formcheck.results[0]")
    page.context.close()
    return {"source": source["source"], **summary}


@pytest.mark.synth
def test_breathing_rate_on_the_device_is_the_rate_the_server_reads(
    tmp_path: Path, chromium_path: Path, breathing_clip: Path, breathing_y4m: Path
) -> None:
    errors: list[str] = []
    with (
        chromium(chromium_path, breathing_y4m) as browser,
        running_server(tmp_path / "device", pose_mode="device") as server,
    ):
        on_device = breathing_rate(browser, server, errors)
    read = read_from_the_camera(breathing_clip, "breathing", BREATHING_MIN, tmp_path)
    assert errors == [], errors
    assert on_device["source"] == "device"
    print(f"breath rate: server {read.breath_rate_bpm}, device {on_device['breath_rate_bpm']}")
    for rate in (read.breath_rate_bpm, on_device["breath_rate_bpm"]):
        assert rate == pytest.approx(BREATHS_PER_MIN, abs=RATE_TOLERANCE_BPM)
    assert on_device["breath_rate_bpm"] == pytest.approx(
        read.breath_rate_bpm, abs=RATE_TOLERANCE_BPM
    )


def test_auto_runs_on_the_device_when_it_is_fast_enough(
    tmp_path: Path, chromium_path: Path
) -> None:
    errors: list[str] = []
    urls: list[str] = []
    with (
        running_server(tmp_path / "auto", pose_mode="auto") as server,
        chromium(chromium_path, fake_camera=True) as browser,
    ):
        page = start_exercise(browser, server, errors, urls)
        wait_until(page, "window.formcheck.source && window.formcheck.sessions.length >= 1", 60_000)
        choice = page.evaluate("window.formcheck.source")
        label = page.locator("#pose-mode").text_content()
    assert errors == [], errors
    print(f"auto: warm-up {choice['fps']:.1f} fps -> {choice['source']}")
    assert choice["mode"] == "auto"
    assert choice["fps"] > 0, choice
    expected = "device" if choice["fps"] >= 10 else "server"
    assert choice["source"] == expected, choice
    assert [u.split("source=")[-1] for u in urls] == [expected], urls
    texts = {
        "device": "Beelden blijven op dit apparaat",
        "server": "Beelden gaan naar de server van de praktijk",
    }
    assert label == texts[expected]


def test_device_only_on_a_browser_that_cannot_sends_nothing(
    tmp_path: Path, chromium_path: Path
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    sockets: list[str] = []
    with (
        running_server(tmp_path / "device", pose_mode="device") as server,
        chromium(chromium_path, fake_camera=True) as browser,
    ):
        page = open_page(browser, server, errors, camera=True)
        page.context.add_init_script("delete window.WebAssembly;")  # a browser without it
        page.reload()
        page.on("websocket", lambda ws: sockets.append(ws.url))
        log_in(page, *server.credentials()["patient"])
        page.click("#btn-start")
        page.click("#btn-advice-ok")
        page.click("#pain-scale button[data-score='2']")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        expect(page.locator("#conn")).to_contain_text("kan de beelden niet zelf verwerken")
        page.wait_for_timeout(1000)
        choice = page.evaluate("window.formcheck.source")
        assert page.locator("#pose-mode").is_hidden()
    assert errors == [], errors
    assert choice["source"] is None
    assert "WebAssembly" in choice["problem"]
    assert sockets == []  # no socket, so no image


def test_the_clinic_demo_runs_on_the_device_too(tmp_path: Path, chromium_path: Path) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    sent: list[str | bytes] = []
    urls: list[str] = []

    def on_socket(ws: Any) -> None:
        urls.append(ws.url)
        ws.on("framesent", lambda payload: sent.append(payload))  # noqa: PLW0108

    with (
        running_server(tmp_path / "demo", pose_mode="device") as server,
        chromium(chromium_path, fake_camera=True) as browser,
    ):
        page = open_page(browser, server, errors, camera=True)
        page.on("websocket", on_socket)
        page.click("#btn-demo")
        page.click("#demo-exercises [data-exercise=bridge]")
        wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
        page.click("#btn-camera-ok")
        wait_until(page, "() => window.formcheck.last !== null", timeout=60_000)
        expect(page.locator("#pose-mode")).to_have_text("Beelden blijven op dit apparaat")
        page.click("#btn-stop")
        expect(page.locator("#screen-summary")).to_be_visible(timeout=30_000)
    assert errors == [], errors
    assert len(urls) == 1
    assert "/ws/demo/" in urls[0]
    assert "source=device" in urls[0]
    assert sent
    # landmark frames (nobody in the test pattern) and JSON controls: never an image
    assert all(isinstance(p, str) or is_landmark_frame(p) for p in sent)
