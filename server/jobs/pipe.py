"""What crosses between the app and an analysis child (`server.jobs.child`), typed.

Parent -> child, once on stdin: a `ChildJob` (the clip, the exercise and its
prescription, the estimator's recipe, the memory limit). Child -> parent, one JSON line
each on stdout: `FrameLine` per analysed frame, `ProgressLine`, `FinishedLine` with the
end's events, then `ResultLine` (the clip's frame rate) or `FailedLine` (an `ErrorCode`
and what failed). `read_line` reads one strictly: anything else is a `ValidationError`.
Every float goes as JSON keeps it, to the last bit, NaN and infinity as null.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, TypeAdapter

from pose.joints import NUM_JOINTS
from pose.types import Observation, PoseFrame
from server.jobs.analysis import FrameDone
from server.jobs.recipes import RecipeWire
from server.protocol.codes import ErrorCode
from server.protocol.parts import PrescriptionWire, WireEvent
from server.protocol.wire import Wire

__all__ = [
    "ChildJob",
    "ChildLine",
    "FailedLine",
    "FinishedLine",
    "FrameLine",
    "ProgressLine",
    "ResultLine",
    "read_line",
]

Point = tuple[float, float, float]
Points = Annotated[tuple[Point, ...], Field(min_length=NUM_JOINTS, max_length=NUM_JOINTS)]
Visibility = Annotated[tuple[float, ...], Field(min_length=NUM_JOINTS, max_length=NUM_JOINTS)]


class ChildJob(Wire):
    """One clip to analyse, as the parent hands it to its child."""

    clip: Path
    exercise: str
    prescription: PrescriptionWire | None
    recipe: RecipeWire
    memory_mb: Annotated[int, Field(ge=1)]


class PoseLine(Wire):
    """A tracked person's landmarks as the pipeline kept them."""

    xyz_norm: Points
    xyz_world: Points
    visibility: Visibility
    image_size_px: tuple[int, int]


class FrameLine(Wire):
    """One analysed frame (`FrameDone`)."""

    type: Literal["frame"] = "frame"
    timestamp_ms: int
    signals: dict[str, float | None]  # None: a NaN, the pipeline had no value
    pose: PoseLine | None
    angle_deg: float | None
    phase: str
    inference_ms: float
    events: tuple[WireEvent, ...]

    @classmethod
    def of_frame(cls, done: FrameDone) -> FrameLine:
        obs, pose = done.observation, done.observation.pose
        return cls(
            timestamp_ms=obs.timestamp_ms,
            signals={k: None if np.isnan(v) else v for k, v in obs.signals.items()},
            pose=None
            if pose is None
            else PoseLine(
                xyz_norm=pose.xyz_norm.tolist(),
                xyz_world=pose.xyz_world.tolist(),
                visibility=pose.visibility.tolist(),
                image_size_px=pose.image_size_px,
            ),
            angle_deg=done.angle_deg,
            phase=done.phase,
            inference_ms=done.inference_ms,
            events=tuple(done.events),
        )

    def frame(self) -> FrameDone:
        """The frame again: the same observation to the last bit, its view worked out
        again from the pose as the pipeline does."""
        p = self.pose
        pose = (
            None
            if p is None
            else PoseFrame(
                self.timestamp_ms,
                np.array(p.xyz_norm, dtype=np.float64),
                np.array(p.xyz_world, dtype=np.float64),
                np.array(p.visibility, dtype=np.float64),
                p.image_size_px,
            )
        )
        signals = {k: v for k, v in self.signals.items() if v is not None}
        return FrameDone(
            Observation(self.timestamp_ms, pose, signals),
            self.angle_deg,
            self.phase,
            self.inference_ms,
            list(self.events),
        )


class ProgressLine(Wire):
    type: Literal["progress"] = "progress"
    done: int  # frames analysed
    expected: int  # frames the container declares, or 0


class FinishedLine(Wire):
    type: Literal["finished"] = "finished"
    events: tuple[WireEvent, ...]  # the end's: an open rep or hold closed


class FailedLine(Wire):
    type: Literal["failed"] = "failed"
    code: ErrorCode
    message: str


class ResultLine(Wire):
    type: Literal["result"] = "result"
    fps: float  # the clip's frame rate


ChildLine = Annotated[
    FrameLine | ProgressLine | FinishedLine | FailedLine | ResultLine,
    Field(discriminator="type"),
]
_LINE: TypeAdapter[ChildLine] = TypeAdapter(ChildLine)


def read_line(line: bytes | str) -> ChildLine:
    """One of the child's lines, strictly (`pydantic.ValidationError` otherwise)."""
    return _LINE.validate_json(line)
