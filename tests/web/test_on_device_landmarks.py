"""The page's own pose model against the server's, on the same decoded frames: the
frames of a clip (as the fake webcam shows them: 640 px wide) are handed to the page,
which runs its landmarker (web/js/ondevice/landmarker.js) with the same timestamps as
`pose.estimator.MediaPipeEstimator` does in Python; and the page's breathing probes
(web/workers/flow_worker.js) against `pose.motion` over the same landmarks.

Tolerances, and why: both run the same model file in the same MediaPipe graph, but
Python's wheel (mediapipe 1.2.3) and the web package (tasks-vision 1.1.0) are separate
builds (native XNNPACK vs WebAssembly SIMD), so floats differ in the last bits and a
tracked landmark can drift a little from frame to frame. Measured on 60 frames of a real
bridge clip: median |dx|, |dy| 0.00026 (a sixth of a pixel at 640), 95th percentile
0.0018, visibility median |dv| 0.00005. Asserted: median 0.002 (1.3 px; the One Euro
smoothing's own jitter is larger), 95th percentile 0.01, visibility median 0.01. The
probes: same algorithm, same library (OpenCV.js 4.12 against the server's cv2 5.1):
measured worst 0.4 % of the signal's range (trunk; belly and chest identical); asserted
1 %.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import pytest

from pose.estimator import MediaPipeEstimator
from pose.models import load_model_bundle
from pose.motion import PROBES
from pose.types import Frame, PoseFrame
from server.pipelines import LANDMARKER_OPTIONS
from tests.conftest import shared_videos_dir
from tests.server.live_server import RunningServer, running_server
from tests.web.browser import chromium, open_page

pytestmark = [pytest.mark.browser, pytest.mark.real_model]

FRAME_MS = 66  # 15 fps, as the fake webcam and server mode see a clip
START = """async (names) => {
  const { onDeviceConfig } = await import('/static/js/ondevice/config.js');
  const { newLandmarker } = await import('/static/js/ondevice/landmarker.js');
  const { FlowProbes } = await import('/static/js/ondevice/probes.js');
  const cfg = await onDeviceConfig();
  window.t16 = { estimate: await newLandmarker(cfg, cfg.landmarker.single),
                 probes: names.length ? await FlowProbes.start(cfg, names) : null,
                 canvas: document.createElement('canvas') };
}"""
FRAME = """async ([png, tMs]) => {
  const { estimate, probes, canvas } = window.t16;
  const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
  const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  [canvas.width, canvas.height] = [bmp.width, bmp.height];
  canvas.getContext('2d', { willReadFrequently: true }).drawImage(bmp, 0, 0);
  const people = estimate(canvas, tMs);
  const signals = probes ? await probes.measure(canvas, tMs, people) : [];
  return { people, signals };
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with running_server(tmp_path_factory.mktemp("data"), pose_mode="device") as running:
        yield running


def frames_of(clip: Path, count: int, step: int = 1) -> list[npt.NDArray[np.uint8]]:
    """The clip's first `count` frames (every `step`th), 640 px wide (as ffmpeg scales)."""
    cap = cv2.VideoCapture(str(clip))
    out: list[npt.NDArray[np.uint8]] = []
    i = 0
    while len(out) < count:
        ok, img = cap.read()
        if not ok:
            break
        if i % step == 0:
            h = round(img.shape[0] * 640 / img.shape[1] / 2) * 2
            out.append(
                np.ascontiguousarray(cv2.resize(img, (640, h), interpolation=cv2.INTER_AREA))
            )
        i += 1
    cap.release()
    return out


def on_page(
    chromium_path: Path, server: RunningServer, frames: list[Any], probes: list[str]
) -> list[dict[str, Any]]:
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, server, errors)
        page.evaluate(START, probes)
        out = []
        for i, img in enumerate(frames):
            png = base64.b64encode(cv2.imencode(".png", img)[1].tobytes()).decode()
            out.append(page.evaluate(FRAME, [png, i * FRAME_MS]))
    assert errors == [], errors
    return out


@pytest.mark.real_video
def test_the_page_finds_the_same_landmarks_as_the_server(
    served: RunningServer, chromium_path: Path
) -> None:
    clip = shared_videos_dir() / "bridge_side_darebee_beprojects2018_01.mp4"
    if not clip.is_file():
        pytest.skip(f"clip {clip} not found (set FORMCHECK_SHARED_VIDEOS)")
    frames = frames_of(clip, 60, step=2)  # 8 s of the clip: up, down and up again
    page = on_page(chromium_path, served, frames, [])
    estimator = MediaPipeEstimator(load_model_bundle(), LANDMARKER_OPTIONS["single"])
    dxy: list[float] = []
    dvis: list[float] = []
    both = 0
    try:
        for i, (img, web) in enumerate(zip(frames, page, strict=True)):
            ours = estimator.estimate(Frame(img, i * FRAME_MS))
            assert len(ours) == len(web["people"]), f"frame {i}: {len(ours)} vs page's"
            if ours:
                both += 1
                xy = np.asarray(web["people"][0]["image"])[:, :2]
                dxy.extend(np.abs(xy - ours[0].xyz_norm[:, :2]).ravel())
                dvis.extend(np.abs(np.asarray(web["people"][0]["visibility"]) - ours[0].visibility))
    finally:
        estimator.close()
    assert both >= 50, f"a person in only {both} of {len(frames)} frames"
    median, p95 = np.quantile(dxy, [0.5, 0.95])
    print(
        f"landmarks page vs server: median |d| {median:.5f}, p95 {p95:.5f}, "
        f"visibility median {np.median(dvis):.5f} over {both} frames"
    )
    assert median <= 0.002, median
    assert p95 <= 0.01, p95
    assert np.median(dvis) <= 0.01


@pytest.mark.synth
def test_the_page_measures_the_breathing_probes_as_the_server(
    served: RunningServer, chromium_path: Path
) -> None:
    pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")
    from synth.cache import cached_clip
    from synth.spec import SynthSpec

    clip = cached_clip(SynthSpec("breathing", duration_s=30.0, breath_rate_bpm=12.0, seed=9))
    frames = frames_of(clip.clip_path, 75)  # 5 s of breathing at the clip's own rate
    names = list(PROBES)
    page = on_page(chromium_path, served, frames, names)
    ours: dict[str, list[float]] = {n: [] for n in names}
    theirs: dict[str, list[float]] = {n: [] for n in names}
    probes = {n: PROBES[n]() for n in names}
    for i, (img, web) in enumerate(zip(frames, page, strict=True)):
        if not web["people"]:
            continue
        person = web["people"][0]
        pose = PoseFrame(
            i * FRAME_MS,
            np.asarray(person["image"], dtype=np.float64),
            np.asarray(person["world"], dtype=np.float64),
            np.asarray(person["visibility"], dtype=np.float64),
            (img.shape[1], img.shape[0]),
        )
        for n in names:
            value = probes[n].measure(Frame(img, i * FRAME_MS), pose)
            assert (value is None) == (n not in web["signals"][0]), f"frame {i} {n}"
            if value is not None:
                ours[n].append(value)
                theirs[n].append(web["signals"][0][n])
    for n in names:
        a, b = np.asarray(ours[n]), np.asarray(theirs[n])
        assert len(a) >= 60, (n, len(a))
        span = float(np.ptp(a))
        worst = float(np.max(np.abs(a - b)))
        print(f"{n}: {len(a)} values, range {span:.4f}, worst |page - server| {worst:.6f}")
        assert worst <= 0.01 * span, (n, worst, span)
