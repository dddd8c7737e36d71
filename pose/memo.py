"""The model's answers for one stream, kept as it runs and given again, call for call.

MediaPipe's answer to a frame depends on the frames of its stream alone, never on the
exercise the stream is judged as. So a clip judged as each of our exercises (`formcheck
scoreboard`: a clip of another exercise must count 0 in all four) goes through the model
once: `AnswerRecorder` keeps its answers, and `AnswerReplay` hands them to the next run
over the same frames, whose selection, probes, view and engine all run as usual.

A run whose pipeline looks at no image (no probe: every exercise but breathing) needs
the video for nothing but the frames' times and size, which the kept stream has:
`KeptStream.frames()` plays it without decoding a frame.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pose.adaptive import ClosableEstimator
from pose.closing import Closing
from pose.sources import SourceInfo
from pose.types import Frame, PoseFrame

__all__ = ["Answer", "AnswerRecorder", "AnswerReplay", "KeptStream"]


@dataclass(frozen=True, slots=True)
class Answer:
    """The model's answer to one frame: the people it found (read-only landmarks)."""

    timestamp_ms: int
    poses: tuple[PoseFrame, ...]


def _frozen(pose: PoseFrame) -> PoseFrame:
    norm, world, vis = (a.copy() for a in (pose.xyz_norm, pose.xyz_world, pose.visibility))
    for a in (norm, world, vis):
        a.flags.writeable = False  # a later run gets these very arrays: nobody may change them
    return PoseFrame(pose.timestamp_ms, norm, world, vis, pose.image_size_px)


class AnswerRecorder(Closing):
    """Wraps an estimator and keeps every answer it gives (`answers`)."""

    def __init__(self, inner: ClosableEstimator) -> None:
        self._inner = inner
        self._answers: list[Answer] = []

    @property
    def answers(self) -> tuple[Answer, ...]:
        return tuple(self._answers)

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        poses = self._inner.estimate(frame)
        self._answers.append(Answer(frame.timestamp_ms, tuple(_frozen(p) for p in poses)))
        return poses

    def close(self) -> None:
        self._inner.close()


class AnswerReplay(Closing):
    """Gives recorded answers back in order; a frame at another time than the recorded
    one (a different stream) is refused, as is any frame after the last answer."""

    def __init__(self, answers: Sequence[Answer]) -> None:
        self._answers = answers
        self._i = 0

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        if self._i >= len(self._answers):
            raise ValueError(f"no recorded answer for frame {self._i} (of {len(self._answers)})")
        answer = self._answers[self._i]
        if answer.timestamp_ms != frame.timestamp_ms:
            raise ValueError(
                f"frame {self._i} is at {frame.timestamp_ms} ms, its recorded answer at "
                f"{answer.timestamp_ms} ms: not the recorded stream"
            )
        self._i += 1
        return list(answer.poses)

    def close(self) -> None:
        self._i = len(self._answers)


@dataclass(frozen=True, slots=True)
class KeptStream:
    """A stream's source facts and the model's answers to each of its frames."""

    info: SourceInfo
    answers: tuple[Answer, ...]

    def frames(self) -> ImagelessFrames:
        """Its frames at their times and size, every one the same blank image: for a
        pipeline whose estimator is this stream's `AnswerReplay` and that has no probe."""
        return ImagelessFrames(self)


class ImagelessFrames:
    """A `pose.sources.FrameSource` of a kept stream, decoding nothing."""

    def __init__(self, stream: KeptStream) -> None:
        self._answers = stream.answers
        self.info = stream.info

    def __iter__(self) -> Iterator[Frame]:
        blank: npt.NDArray[np.uint8] = np.zeros(
            (self.info.height_px, self.info.width_px, 3), np.uint8
        )
        blank.flags.writeable = False  # one image for every frame: nobody may draw on it
        for i, answer in enumerate(self._answers):
            yield Frame(blank, answer.timestamp_ms, i)
