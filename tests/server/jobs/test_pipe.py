"""The analysis child's messages: each crosses as JSON and comes back the same value, to
the last bit of every float; anything else is refused."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from exercises.base import Prescription
from exercises.events import RepCompleted
from pose.joints import NUM_JOINTS
from pose.types import Observation, PoseFrame
from server.jobs.analysis import FrameDone
from server.jobs.pipe import (
    ChildJob,
    FailedLine,
    FinishedLine,
    FrameLine,
    ProgressLine,
    ResultLine,
    read_line,
)
from server.jobs.recipes import ModelRecipe, ReplayRecipe, recipe_from_json, recipe_to_json
from server.protocol.codes import ErrorCode

# Any float a landmark or a time can be, at full precision (none ends the same in fewer digits).
finite = st.floats(min_value=-10.0, max_value=10.0, allow_subnormal=True)


def _rep(timestamp_ms: int) -> RepCompleted:
    return RepCompleted(
        timestamp_ms=timestamp_ms,
        index=1,
        set_index=1,
        rep_in_set=1,
        side="left",
        start_s=0.25,
        peak_s=1.0,
        end_s=3.5,
        hold_s=2.25,
        peak_angle_deg=171.5,
        faults=("hip_dropping",),
    )


def _frame(values: list[float], signal: float, angle: float | None) -> FrameDone:
    rows = np.resize(np.array(values, dtype=np.float64), (NUM_JOINTS, 3))
    pose = PoseFrame(1234, rows, rows[::-1].copy(), rows[:, 0].copy(), (640, 480))
    rep = _rep(1234)
    return FrameDone(Observation(1234, pose, {"trunk_motion": signal}), angle, "up", 21.5, [rep])


@given(st.lists(finite, min_size=1, max_size=12), finite, st.none() | finite)
def test_a_frame_comes_back_to_the_last_bit(
    values: list[float], signal: float, angle: float | None
) -> None:
    done = _frame(values, signal, angle)
    back = read_line(FrameLine.of_frame(done).model_dump_json())
    assert isinstance(back, FrameLine)
    got = back.frame()
    assert got.observation.pose is not None
    assert done.observation.pose is not None
    for name in ("xyz_norm", "xyz_world", "visibility"):
        assert np.array_equal(
            getattr(got.observation.pose, name), getattr(done.observation.pose, name)
        )
    assert got.observation.pose.image_size_px == (640, 480)
    assert got.observation.signals == done.observation.signals
    assert (got.angle_deg, got.phase, got.inference_ms, got.events) == (
        angle,
        "up",
        21.5,
        done.events,
    )


def test_a_signal_without_value_crosses_as_none_and_is_left_out() -> None:
    done = _frame([0.5], math.nan, None)
    line = FrameLine.of_frame(done).model_dump_json()
    assert '"trunk_motion":null' in line
    back = read_line(line)
    assert isinstance(back, FrameLine)
    assert back.frame().observation.signals == {}


def test_a_frame_nobody_was_tracked_in() -> None:
    done = FrameDone(Observation(40, None, {}), None, "idle", 3.0, [])
    back = read_line(FrameLine.of_frame(done).model_dump_json())
    assert isinstance(back, FrameLine)
    assert back.frame().observation.pose is None


def test_every_other_line_comes_back_as_it_went() -> None:
    rep = _rep(5)
    for line in (
        ProgressLine(done=3, expected=10),
        FinishedLine(events=(rep,)),
        FailedLine(code=ErrorCode.NO_PERSON_IN_VIDEO, message="nobody"),
        ResultLine(fps=29.97),
    ):
        assert read_line(line.model_dump_json()) == line


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "frames"}',  # no such message
        '{"type": "progress", "done": 1}',  # a field missing
        '{"type": "result", "fps": 30, "extra": 1}',  # a field unknown
        '{"type": "failed", "code": "no_such_code", "message": "x"}',
        '{"type": "frame", "timestamp_ms": 1, "signals": {}, "angle_deg": null, "phase": "x",'
        ' "inference_ms": 1, "events": [], "pose": {"xyz_norm": [[0, 0, 0]],'
        ' "xyz_world": [[0, 0, 0]], "visibility": [1], "image_size_px": [1, 1]}}',  # 1 joint
    ],
)
def test_a_line_not_of_the_pipe_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        read_line(text)


def test_a_job_and_its_recipe_cross_whole() -> None:
    for recipe in (ModelRecipe("full", Path("/m")), ReplayRecipe(Path("/r.npz"))):
        job = ChildJob(
            clip=Path("/tmp/clip.mp4"),
            exercise="bridge",
            prescription=Prescription(reps=12, sets=3, side="left"),
            recipe=recipe,
            memory_mb=2048,
        )
        back = ChildJob.model_validate_json(job.model_dump_json())
        assert back == job
        assert recipe_from_json(recipe_to_json(recipe)) == recipe
    with pytest.raises(ValidationError, match="model"):
        recipe_from_json('{"kind": "webcam"}')
