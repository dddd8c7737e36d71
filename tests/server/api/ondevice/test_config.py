"""`GET /api/on-device` hands the page the server's own numbers (one place for each):
the landmarkers' thresholds, the one/two-person switching, the probes' boxes and flow."""

from __future__ import annotations

from dataclasses import asdict

from fastapi.testclient import TestClient

from pose.adaptive import SAME_PERSON_MAX, AdaptiveConfig
from pose.motion import FARNEBACK, PROBES, REGIONS, MotionConfig
from server.api.ondevice.config import MIN_FPS, WARMUP_MS
from server.pipelines import LANDMARKER_OPTIONS


def test_the_page_runs_with_the_servers_numbers(app_client: TestClient) -> None:
    r = app_client.get("/api/on-device")  # no login: the demo page needs it too
    assert r.status_code == 200
    cfg = r.json()
    single = LANDMARKER_OPTIONS["single"]
    assert cfg["landmarker"]["single"] == {
        "numPoses": 1,
        "minPoseDetectionConfidence": single.min_pose_detection_confidence,
        "minPosePresenceConfidence": single.min_pose_presence_confidence,
        "minTrackingConfidence": single.min_tracking_confidence,
        "runningMode": "VIDEO",  # it tracks across frames, as the server's
    }
    assert cfg["landmarker"]["multi"]["numPoses"] == LANDMARKER_OPTIONS["multi"].num_poses == 2
    assert cfg["adaptive"] == asdict(AdaptiveConfig()) | {"same_person_max": SAME_PERSON_MAX}
    motion = cfg["motion"]
    assert {k: motion[k] for k in asdict(MotionConfig())} == asdict(MotionConfig())
    assert motion["farneback"] == list(FARNEBACK)
    assert set(motion["boxes"]) == set(PROBES)
    assert motion["boxes"]["trunk_motion"] == asdict(REGIONS["trunk"])
    assert (cfg["min_fps"], cfg["warmup_ms"]) == (MIN_FPS, WARMUP_MS) == (10.0, 2000)
