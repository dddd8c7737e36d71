"""What arrives on a live socket is read once (`read_message`) into poses, a control
or a refusal: table-driven, for both sources."""

from __future__ import annotations

import json

import pytest

from pose.types import Observation, PoseFrame
from server.live.job import CameraImage, Control, Reading, Refused, read_message
from server.live.landmarks import MAX_LANDMARK_BYTES, LandmarkMessage, landmarks_to_wire
from server.protocol.codes import ErrorCode
from server.settings import Settings
from tests.pose.builders import lengthwise_pose

SETTINGS = Settings()
LANDMARKS = json.dumps(landmarks_to_wire(40.0, [lengthwise_pose(0)], [{}], 12.5))


def _reading(source: str) -> Reading:
    return Reading("device" if source == "device" else "server", (), SETTINGS)


@pytest.mark.parametrize(
    ("source", "payload", "expected"),
    [
        ("server", b"\xff\xd8\xff jpeg", CameraImage),
        ("device", LANDMARKS, LandmarkMessage),
        ("server", '{"type": "ping"}', Control.PING),
        ("device", '{"type": "ping"}', Control.PING),
        ("server", '{"type": "finish"}', Control.FINISH),
        ("device", '{"type": "finish"}', Control.FINISH),
        # refused, counted as a frame: it took the place of one
        ("device", b"\xff\xd8\xff jpeg", (ErrorCode.IMAGE_NOT_EXPECTED, True)),
        ("server", LANDMARKS, (ErrorCode.LANDMARKS_NOT_EXPECTED, True)),
        ("device", "not json", (ErrorCode.BAD_LANDMARKS, True)),
        ("device", "x" * (MAX_LANDMARK_BYTES + 1), (ErrorCode.LANDMARKS_TOO_LARGE, True)),
        ("server", "x" * (MAX_LANDMARK_BYTES + 1), (ErrorCode.LANDMARKS_TOO_LARGE, True)),
        ("device", '{"type": "landmarks", "people": []}', (ErrorCode.BAD_LANDMARKS, True)),
        # refused, not counted: a control gone wrong
        ("server", "not json", (ErrorCode.EXPECTED_BINARY_FRAME, False)),
        ("server", '{"type": "dance"}', (ErrorCode.UNKNOWN_MESSAGE, False)),
        ("device", "[1, 2]", (ErrorCode.UNKNOWN_MESSAGE, False)),
    ],
)
def test_a_message_is_read_once(source: str, payload: bytes | str, expected: object) -> None:
    read = read_message(payload, _reading(source))
    if isinstance(expected, tuple):
        assert isinstance(read, Refused), read
        assert (read.code, read.counted) == expected
        assert read.message
    elif isinstance(expected, Control):
        assert read is expected
    else:
        assert isinstance(expected, type)
        assert isinstance(read, expected)


class Recorded:
    """A pipeline that says what it was handed."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, int]] = []

    def process(self, frame: object) -> Observation:
        raise AssertionError("landmarks never reach the estimator")

    def observe(
        self, candidates: list[PoseFrame], timestamp_ms: int, signals: object = ()
    ) -> Observation:
        self.seen.append((len(candidates), timestamp_ms))
        return Observation(timestamp_ms, candidates[0] if candidates else None)


def test_landmarks_are_observed_at_session_time_without_the_model() -> None:
    read = read_message(LANDMARKS, _reading("device"))
    assert isinstance(read, LandmarkMessage)
    assert (read.needs_model, read.page_t_ms) == (False, 40.0)
    pipeline = Recorded()
    observation, inference_ms = read.observe(pipeline, 1234)
    assert pipeline.seen == [(1, 1234)]
    assert observation.pose is not None
    assert observation.pose.timestamp_ms == 1234  # the session's time, not the page's
    assert inference_ms == 12.5  # the browser's own model time


def test_an_image_needs_the_model_and_runs_on_the_arrival_clock() -> None:
    read = read_message(b"\xff\xd8\xff", _reading("server"))
    assert isinstance(read, CameraImage)
    assert (read.needs_model, read.page_t_ms) == (True, None)
