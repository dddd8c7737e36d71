"""Equal numbers in both modes over a real uvicorn: the same landmarks counted from a
device socket (landmark messages) and from an image socket (the server's estimator
replaying them) give the same reps on a real clip, and the same breaths when the
browser measures the breathing probes with the server's algorithm.

The replay estimator stands in for the model on the server side, so both modes see the
very same candidates: what differs is only the source (one engine, two sources).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from exercises.registry import spec_of
from pose.closing import Closing
from pose.models import ModelBundle
from pose.motion import PROBES
from pose.types import Frame, PoseFrame
from server.clock import ManualClock
from server.live.landmarks import landmarks_to_wire
from server.offline.recorder import DeviceFrame, record_device_frames
from server.wire import dumps
from tests.pose.builders_breath import breathing_clip
from tests.server.clients import Client, play_paced, receive
from tests.server.conftest import BRIDGE_CLIP, jpeg
from tests.server.live_server import running_server
from tests.server.replay import _JPEG


class CandidatesReplay(Closing):
    """Plays back each frame's candidates in order (several people: the selection runs)."""

    def __init__(self, frames: list[list[PoseFrame]]) -> None:
        self._frames = frames
        self._i = 0

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        people = self._frames[self._i % len(self._frames)]
        self._i += 1
        return [p.with_timestamp(frame.timestamp_ms) for p in people]

    def close(self) -> None:
        pass


def _both_modes(  # noqa: PLR0917 (a test helper: the two modes' inputs side by side)
    tmp_path: Path,
    exercise: str,
    frames: list[list[PoseFrame]],
    landmarks: list[str],
    images: list[bytes],
    fps: float,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The last result of the device session and of the image session."""
    factory: Callable[[], CandidatesReplay] = lambda: CandidatesReplay(frames)  # noqa: E731
    with running_server(tmp_path, estimator_factory=factory, clock=ManualClock()) as server:
        patient = Client.login(server, *server.credentials()["patient"])
        out = []
        for source, messages in (("device", landmarks), ("server", images)):
            session = patient.new_session(exercise)
            with patient.socket(f"{session['ws_path']}&source={source}") as ws:
                assert receive(ws)["source"] == source
                out.append(play_paced(ws, messages, fps, patient.server.clock))
        patient.http.close()
    return out[0], out[1]


@pytest.fixture(scope="module")
def bridge_on_device(videos_dir: Path, model_bundle: ModelBundle) -> list[DeviceFrame]:
    return record_device_frames(
        videos_dir / BRIDGE_CLIP, exercise="bridge", fps=15.0, bundle=model_bundle
    )


@pytest.mark.real_model
@pytest.mark.real_video
def test_a_real_clip_counts_alike_on_the_device_and_on_the_server(
    tmp_path: Path, bridge_on_device: list[DeviceFrame], labels: dict[str, dict[str, Any]]
) -> None:
    frames = bridge_on_device
    landmarks = [dumps(landmarks_to_wire(f.t_ms, f.people, f.signals)) for f in frames]
    device, server = _both_modes(
        tmp_path, "bridge", [f.people for f in frames], landmarks, [_JPEG] * len(frames), 15.0
    )
    assert device["status"]["reps"] == server["status"]["reps"]
    assert device["status"]["reps"] in labels[BRIDGE_CLIP]["reps_ok"]
    assert device["status"]["phase"] == server["status"]["phase"]
    # The same landmarks at the end, smoothed over session times that differ by a few
    # ms (the device's follow the page's clock, the server's the arrivals).
    a = np.array(device["pose"]["landmarks"])
    b = np.array(server["pose"]["landmarks"])
    assert a.shape == b.shape
    assert np.abs(a - b).max() < 0.005


def test_breaths_measured_in_the_browser_count_as_the_servers_probes(tmp_path: Path) -> None:
    """The synthetic breathing video (12 a minute): the 'browser' measures the exercise's
    probes over the raw landmarks on its own frames (what the page must do, with the
    same algorithm); the server measures them on the JPEGs it is sent."""
    fps = 10.0
    clip = list(breathing_clip(20, fps=fps, inhale_s=2.0, exhale_s=3.0))
    names = spec_of("breathing").probes
    probes = {name: PROBES[name]() for name in names}
    landmarks = []
    for frame, pose in clip:
        measured = {n: probe.measure(frame, pose) for n, probe in probes.items()}
        signals = {n: v for n, v in measured.items() if v is not None}
        landmarks.append(dumps(landmarks_to_wire(frame.timestamp_ms, [pose], [signals])))
    images = [jpeg(frame.image_bgr, quality=95) for frame, _ in clip]
    device, server = _both_modes(
        tmp_path, "breathing", [[pose] for _, pose in clip], landmarks, images, fps
    )
    assert device["status"]["breaths"] == server["status"]["breaths"] >= 2
    assert device["status"]["breath_rate_bpm"] == pytest.approx(12.0, abs=1.0)
    assert server["status"]["breath_rate_bpm"] == pytest.approx(12.0, abs=1.0)
