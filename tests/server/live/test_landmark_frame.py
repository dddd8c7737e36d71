"""The binary landmark frame: it reads back what was written (to float32, the model's own
precision), as the JSON form does, and every refusal has the JSON form's code."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pose.types import PoseFrame
from server.live.job import CameraImage, Reading, read_message
from server.live.landmark_frame import (
    FLOATS_PER_PERSON,
    HEADER,
    landmarks_from_binary,
    landmarks_to_binary,
)
from server.live.landmarks import (
    LandmarkError,
    LandmarkMessage,
    landmarks_from_wire,
    landmarks_to_wire,
)
from server.settings import Settings
from server.wire import dumps, loads
from tests.server.replay import bridge_recording

ORDER = ("belly_motion", "trunk_motion")


def _pose() -> PoseFrame:
    """A recorded pose with the model's full precision (the recording's are round)."""
    pose = next(o.pose for o in bridge_recording() if o.pose is not None)
    noise = np.random.default_rng(1).normal(0.0, 1e-3, pose.xyz_norm.shape)
    return PoseFrame(0, pose.xyz_norm + noise, pose.xyz_world - noise, pose.visibility, (640, 480))


def _read(data: bytes, order: tuple[str, ...] = ORDER) -> LandmarkMessage:
    return landmarks_from_binary(data, signal_order=order, max_side_px=2560)


def _f32(values: np.ndarray) -> np.ndarray:
    return values.astype(np.float32).astype(np.float64)


def test_a_frame_reads_as_its_json_form_reads() -> None:
    pose = _pose()
    said = [{"trunk_motion": 0.01, "belly_motion": -0.5}, {"trunk_motion": 0.02}]
    frame = landmarks_to_binary(1234.5, [pose, pose], said, 21.5, signal_order=ORDER)
    assert len(frame) == HEADER.itemsize + 2 * (FLOATS_PER_PERSON + 2) * 4  # 1,888 bytes
    got = _read(frame)
    text = dumps(landmarks_to_wire(1234.5, [pose, pose], said, 21.5))
    want = landmarks_from_wire(loads(text), signals=frozenset(ORDER), max_side_px=2560)
    assert len(text) > 4.5 * len(frame)  # visibility here is round; the model's is not
    assert (got.t_ms, got.size_px, got.inference_ms) == (want.t_ms, want.size_px, 21.5)
    for g, w in zip(got.people, want.people, strict=True):
        assert np.array_equal(g.xyz_norm, _f32(w.xyz_norm))
        assert np.array_equal(g.xyz_world, _f32(w.xyz_world))
        assert np.array_equal(g.visibility, _f32(w.visibility))
        assert g.signals.keys() == w.signals.keys()  # a signal not measured is left out
        assert g.signals == pytest.approx(w.signals, rel=1e-6)


def test_nobody_no_signals_and_no_model_time() -> None:
    got = _read(landmarks_to_binary(40.0, []), order=ORDER)
    assert (got.people, got.size_px, got.inference_ms) == ((), (640, 480), None)
    one = _read(landmarks_to_binary(40.0, [_pose()]), order=ORDER)  # signals: none sent
    assert one.people[0].signals == {}


@given(
    t_ms=st.floats(0, 1e12),
    shift=st.floats(-0.5, 0.5),
    signal=st.none() | st.floats(-100, 100),
)
def test_any_frame_in_bounds_reads_back(t_ms: float, shift: float, signal: float | None) -> None:
    base = _pose()
    pose = PoseFrame(0, base.xyz_norm + shift, base.xyz_world - shift, base.visibility, (1280, 720))
    said = {} if signal is None else {"trunk_motion": signal}
    got = _read(landmarks_to_binary(t_ms, [pose], [said], signal_order=ORDER))
    assert got.t_ms == t_ms
    assert got.size_px == (1280, 720)
    assert np.array_equal(got.people[0].xyz_norm, _f32(pose.xyz_norm))
    assert got.people[0].signals == (
        {} if signal is None else {"trunk_motion": float(np.float32(signal))}
    )


def _frame(**change: object) -> bytes:
    """A valid one-person frame with header fields or body values changed."""
    data = bytearray(landmarks_to_binary(10.0, [_pose()], [{}], 5.0, signal_order=ORDER))
    head = np.frombuffer(data, HEADER, count=1).copy()
    body = np.frombuffer(data, "<f4", offset=HEADER.itemsize).copy()
    for key, value in change.items():
        if key.startswith("at"):
            body[int(key.removeprefix("at"))] = value
        else:
            head[key] = value
    return head.tobytes() + body.tobytes()


@pytest.mark.parametrize(
    ("data", "code", "says"),
    [
        (b"\xff\xd8\xff\xe0" + bytes(40), "bad_landmarks", "FCL1"),  # a JPEG's start
        (_frame()[:-4], "bad_landmarks", "bytes for 1 people"),
        (_frame() + bytes(4), "bad_landmarks", "bytes for 1 people"),
        (_frame(people=3), "too_many_people", "at most 2"),
        (_frame(signals=1), "unknown_signal", "all or none"),
        (_frame(t_ms=-1.0), "bad_landmarks", "t_ms"),
        (_frame(t_ms=np.nan), "bad_landmarks", "t_ms"),
        (_frame(width=8), "bad_landmarks", "size"),
        (_frame(height=9000), "bad_landmarks", "size"),
        (_frame(inference_ms=-2.0), "bad_landmarks", "inference_ms"),
        (_frame(at0=np.nan), "bad_landmarks", "image"),
        (_frame(at0=11.0), "bad_landmarks", "image"),
        (_frame(at100=-20.0), "bad_landmarks", "world"),
        (_frame(at200=1.5), "bad_landmarks", "visibility"),
        (_frame(at200=np.nan), "bad_landmarks", "visibility"),
        (_frame(at231=500.0), "bad_landmarks", "signals"),
    ],
)
def test_a_frame_not_of_the_form_is_refused_saying_why(data: bytes, code: str, says: str) -> None:
    with pytest.raises(LandmarkError, match=says) as refused:
        _read(data)
    assert refused.value.code == code


def test_the_socket_reads_a_frame_only_on_a_device_connection() -> None:
    frame = landmarks_to_binary(10.0, [_pose()], [{"trunk_motion": 0.1}], signal_order=ORDER)
    device = Reading("device", ORDER, Settings())
    got = read_message(frame, device)
    assert isinstance(got, LandmarkMessage)
    assert got.signals() == [{"trunk_motion": pytest.approx(0.1)}]
    jpeg = read_message(b"\xff\xd8\xff\xe0" + bytes(100), device)
    assert getattr(jpeg, "code", None) == "image_not_expected"
    huge = read_message(frame[:4] + bytes(40_000), device)
    assert getattr(huge, "code", None) == "landmarks_too_large"
    images = read_message(frame, Reading("server", ORDER, Settings()))
    assert isinstance(images, CameraImage)  # an image socket takes bytes as an image
