"""On-device pose (issue 16) in headless chromium with a real clip as the webcam (a bridge,
and a clamshell): the clinic set to on-device mode (the page's own landmarker) counts the
same reps, holds and faults as the server's model reads from the very frames the camera
gave (`formcheck analyze` on the clip at the fake camera's 15 fps and 640 px; the live
server path is that same step, tests/server/live/test_one_step.py, and server mode in
the page is tests/web/test_patient_page.py). In on-device mode the socket carries no
image: every message the page sends is text, JSON, a landmark message, a ping or a
finish. Screenshots of the on-device live screen at laptop and tablet sizes go to
artifacts/web/."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from exercises.base import Prescription
from server.live.landmark_frame import is_landmark_frame, landmarks_from_binary
from server.protocol.frames import FLOATS_PER_PERSON, HEADER
from tests.conftest import shared_videos_dir
from tests.server.conftest import BRIDGE_CLIP
from tests.server.live_server import RunningServer, running_server
from tests.web.browser import chromium, log_in, open_page, prescribe, wait_until
from tests.web.conftest import read_from_the_camera, shared_clip_y4m

pytestmark = [pytest.mark.browser, pytest.mark.real_model, pytest.mark.real_video]

CLIP_REPS = 5  # labels.json: BRIDGE_CLIP
CLAMSHELL_CLIP = "clamshell_front_kevinab633_01.mp4"  # right side up, lying on her left
CLAMSHELL_REPS = 6  # labels.json; `analyze` finds no fault in it
PAGE_SENDS = {"landmarks", "ping", "finish"}  # the only messages of a source=device socket
IMAGE_KEYS = {"image_b64", "jpeg", "frame", "data", "bytes", "blob"}


@pytest.fixture
def device_server(tmp_path: Path) -> Iterator[RunningServer]:
    with running_server(tmp_path / "device", pose_mode="device") as running:
        yield running


def read_by_the_server(
    clip: str, exercise: str, prescription: Prescription | None, out_dir: Path
) -> dict[str, Any]:
    """The summary's numbers of what the server's model reads from the camera's frames."""
    report = read_from_the_camera(shared_videos_dir() / clip, exercise, prescription, out_dir)
    return {
        "reps": report.reps,
        "holds_completed": sum(1 for h in report.holds if h.completed),
        "faults": dict(Counter(f.code for f in report.faults)),
    }


def exercise_session(
    browser: Any,
    server: RunningServer,
    errors: list[str],
    sent: list[str | bytes],
    shots: Path | None = None,
    *,
    reps: int = CLIP_REPS,
) -> dict[str, Any]:
    """The patient does the clip's `reps` (the programme's first exercise); its summary.
    `sent` collects every payload the page sends on the live socket."""
    page = open_page(browser, server, errors, camera=True)

    def on_socket(ws: Any) -> None:
        if "/ws/" in ws.url:
            # (Playwright tags the handler: a bound builtin like sent.append cannot be.)
            ws.on("framesent", lambda payload: sent.append(payload))  # noqa: PLW0108

    page.on("websocket", on_socket)
    log_in(page, *server.credentials()["patient"])
    page.click("#btn-start")
    page.click("#btn-advice-ok")
    page.click("#pain-scale button[data-score='3']")
    wait_until(page, "document.querySelector('#camera-preview').videoWidth > 0")
    page.click("#btn-camera-ok")
    wait_until(page, "window.formcheck.source && window.formcheck.state.live", timeout=60_000)
    count = "Number(document.querySelector('#rep-count').textContent)"
    wait_until(page, f"{count} >= {reps}", timeout=120_000)
    page.wait_for_timeout(4000)  # the still tail: nothing more may be counted
    if shots is not None:
        page.screenshot(path=str(shots / "30-on-device-laptop.png"))
        page.set_viewport_size({"width": 1024, "height": 768})  # a tablet, landscape
        page.screenshot(path=str(shots / "31-on-device-tablet.png"))
        page.set_viewport_size({"width": 810, "height": 1080})  # a tablet held upright
        page.screenshot(path=str(shots / "32-on-device-tablet-portrait.png"))
        page.set_viewport_size({"width": 1280, "height": 800})
    label = page.locator("#pose-mode").text_content()
    source = page.evaluate("window.formcheck.source")
    page.click("#btn-stop")
    wait_until(page, "window.formcheck.results.length >= 1", timeout=30_000)
    summary: dict[str, Any] = page.evaluate("window.formcheck.results[0]")
    page.context.close()
    return {"summary": summary, "label": label, "source": source}


def test_bridge_counts_on_the_device_as_the_server_reads_the_same_frames(
    device_server: RunningServer,
    chromium_path: Path,
    bridge_y4m: Path,
    artifacts_dir: Path,
    tmp_path: Path,
) -> None:
    errors: list[str] = []
    landmarks: list[str | bytes] = []
    with chromium(chromium_path, bridge_y4m) as browser:
        on_device = exercise_session(browser, device_server, errors, landmarks, artifacts_dir)
    read = read_by_the_server(BRIDGE_CLIP, "bridge", None, tmp_path)

    assert errors == [], errors
    assert on_device["source"]["source"] == "device"
    assert on_device["label"] == "Beelden blijven op dit apparaat"
    a, b = read, on_device["summary"]
    assert a["reps"] == b["reps"] == CLIP_REPS, (a, b)
    assert a["holds_completed"] == b["holds_completed"], (a, b["holds"])
    # The clip's reps are fast (labels: "no hold at the top"): "too fast" (a lift or a
    # lowering under 0.2 s) is a timing threshold this clip's reps sit on: at the
    # camera's 15 fps a frame more or less decides it, and the page's frames come when
    # its model is done (on-device 0 to 3 of 5 in three runs). Left out of the
    # comparison; every other fault is counted the same.
    timing = "bridge_too_fast"
    print("faults: server", a["faults"], "device", b["faults"], b["frames"])
    assert {k: v for k, v in a["faults"].items() if k != timing} == {
        k: v for k, v in b["faults"].items() if k != timing
    }, (a["faults"], b["faults"])
    assert b["frames"]["received"] > 100, b["frames"]  # the whole clip, frame by frame

    # On-device mode sends binary landmark frames (each read as the server reads it) and
    # JSON controls, never an image.
    assert landmarks, "the page sent nothing on the on-device socket"
    kinds: set[str] = set()
    marks = []
    for payload in landmarks:
        if isinstance(payload, bytes):
            assert is_landmark_frame(payload), f"an image on the on-device socket: {payload[:8]!r}"
            marks.append(landmarks_from_binary(payload, signal_order=(), max_side_px=2560))
            kinds.add("landmarks")
            assert len(payload) <= HEADER.itemsize + 2 * FLOATS_PER_PERSON * 4  # 2, no signals
            continue
        msg = json.loads(payload)
        kinds.add(msg["type"])
        assert not IMAGE_KEYS & set(msg), msg.keys()
    model_ms = sorted(m.inference_ms or 0.0 for m in marks)
    span_s = (marks[-1].t_ms - marks[0].t_ms) / 1000
    print(
        f"on-device: {len(marks)} landmark frames, {len(marks) / span_s:.1f} per s, model "
        f"{model_ms[len(model_ms) // 2]:.1f} ms median ({model_ms[len(model_ms) * 95 // 100]:.1f}"
        f" p95)"
    )
    assert kinds <= PAGE_SENDS, kinds
    assert "landmarks" in kinds, kinds


@pytest.fixture
def clamshell_y4m(tmp_path: Path) -> Iterator[Path]:
    y4m = shared_clip_y4m(CLAMSHELL_CLIP, tmp_path, lead_in_s=8.0, tail_s=30.0)
    yield y4m
    y4m.unlink(missing_ok=True)  # raw video: about 200 MB


def test_clamshell_counts_on_the_device_as_the_server_reads_the_same_frames(
    device_server: RunningServer, chromium_path: Path, clamshell_y4m: Path, tmp_path: Path
) -> None:
    """A clip whose reps sit on no timing threshold: every fault is compared."""
    # 12: the page does not end the exercise at the clip's 6
    plan = {"reps": 12, "sets": 1, "side": "right"}
    prescribe(device_server, [{"exercise": "clamshell", "prescription": plan}])
    errors: list[str] = []
    landmarks: list[str | bytes] = []
    with chromium(chromium_path, clamshell_y4m) as browser:
        on_device = exercise_session(browser, device_server, errors, landmarks, reps=CLAMSHELL_REPS)
    prescription = Prescription(reps=12, sets=1, side="right")
    read = read_by_the_server(CLAMSHELL_CLIP, "clamshell", prescription, tmp_path)
    assert errors == [], errors
    assert on_device["source"]["source"] == "device"
    a, b = read, on_device["summary"]
    assert a["reps"] == b["reps"] == CLAMSHELL_REPS, (a, b)
    assert a["faults"] == b["faults"], (a["faults"], b["faults"])
    # landmark frames and JSON controls: no image on the on-device socket
    assert all(isinstance(p, str) or is_landmark_frame(p) for p in landmarks)
    assert any(isinstance(p, bytes) for p in landmarks)
