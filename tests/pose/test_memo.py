"""pose.memo: answers kept as the estimator gives them, and given back call for call."""

from __future__ import annotations

import numpy as np
import pytest

from pose.memo import AnswerRecorder, AnswerReplay, KeptStream
from pose.sources import SourceInfo
from pose.types import Frame, PoseFrame
from tests.pose.builders import lengthwise_pose

_IMAGE = np.zeros((64, 64, 3), np.uint8)


class _Counting:
    """An estimator answering one pose at odd frames and two at even ones."""

    def __init__(self) -> None:
        self.calls = 0
        self.closed = False

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        self.calls += 1
        pose = lengthwise_pose(frame.timestamp_ms)
        return [pose] if frame.index % 2 else [pose, pose]

    def close(self) -> None:
        self.closed = True


def _frames(n: int) -> list[Frame]:
    return [Frame(_IMAGE, 40 * i, i) for i in range(n)]


def test_the_replay_gives_each_frame_the_recorded_answer_without_the_model() -> None:
    inner = _Counting()
    with AnswerRecorder(inner) as recorder:
        first = [recorder.estimate(f) for f in _frames(5)]
    assert inner.closed
    assert inner.calls == 5
    replay = AnswerReplay(recorder.answers)
    again = [replay.estimate(f) for f in _frames(5)]
    assert inner.calls == 5
    assert [len(a) for a in again] == [2, 1, 2, 1, 2]
    for got, want in zip(again, first, strict=True):
        for g, w in zip(got, want, strict=True):
            assert g.timestamp_ms == w.timestamp_ms
            np.testing.assert_array_equal(g.xyz_norm, w.xyz_norm)
            np.testing.assert_array_equal(g.visibility, w.visibility)


def test_kept_landmarks_cannot_be_changed_by_a_run() -> None:
    recorder = AnswerRecorder(_Counting())
    recorder.estimate(_frames(1)[0])
    (pose, _) = AnswerReplay(recorder.answers).estimate(_frames(1)[0])
    with pytest.raises(ValueError, match="read-only"):
        pose.xyz_norm[0, 0] = 0.5


def test_another_stream_or_a_frame_past_the_end_is_refused() -> None:
    recorder = AnswerRecorder(_Counting())
    for f in _frames(2):
        recorder.estimate(f)
    with pytest.raises(ValueError, match="not the recorded stream"):
        AnswerReplay(recorder.answers).estimate(Frame(_IMAGE, 7, 0))
    replay = AnswerReplay(recorder.answers)
    for f in _frames(2):
        replay.estimate(f)
    with pytest.raises(ValueError, match="no recorded answer"):
        replay.estimate(Frame(_IMAGE, 80, 2))


def test_a_kept_stream_plays_its_frames_at_their_times_and_size_without_the_video() -> None:
    recorder = AnswerRecorder(_Counting())
    for f in _frames(3):
        recorder.estimate(f)
    info = SourceInfo("clip.mp4", 25.0, 3, 64, 48)
    frames = KeptStream(info, recorder.answers).frames()
    assert frames.info == info
    played = list(frames)
    assert [(f.timestamp_ms, f.index, f.width_px, f.height_px) for f in played] == [
        (0, 0, 64, 48),
        (40, 1, 64, 48),
        (80, 2, 64, 48),
    ]
    replay = AnswerReplay(recorder.answers)  # the stream's own answers take these frames
    assert [len(replay.estimate(f)) for f in played] == [2, 1, 2]
    with pytest.raises(ValueError, match="read-only"):
        played[0].image_bgr[0, 0, 0] = 1
