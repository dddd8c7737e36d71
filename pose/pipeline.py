"""The per-stream pose pipeline: estimate -> select -> smooth -> Observation.

One `PosePipeline` per stream (a video, a live session). `process(frame)` is the one
call per image; `observe(candidates, timestamp_ms, signals)` the one call per instant
whose landmarks were estimated elsewhere (the patient's browser). Both go through the
same `track` (selection, smoothing): one engine, two sources. The same code runs live,
offline and in tests (with a fake estimator).
Stage times are accumulated for the benchmark.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from pose.adaptive import distinct_people
from pose.selection import PersonSelector, SelectionConfig
from pose.signals import OTHERS_IN_VIEW
from pose.smoothing import OneEuroConfig, PoseSmoother
from pose.types import Frame, Observation, PoseFrame
from pose.view import BodyPosition

__all__ = ["PipelineConfig", "PoseEstimator", "PosePipeline", "SignalProbe"]


class PoseEstimator(Protocol):
    def estimate(self, frame: Frame) -> list[PoseFrame]: ...


# A per-frame image measurement (e.g. belly motion) keyed into Observation.signals.
SignalProbe = Callable[[Frame, PoseFrame], float | None]


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    prefer_positions: tuple[BodyPosition, ...] = ()  # body positions that fit the exercise
    smoothing: OneEuroConfig = field(default_factory=OneEuroConfig)
    selection: SelectionConfig = field(default_factory=SelectionConfig)


class PosePipeline:
    def __init__(
        self,
        estimator: PoseEstimator,
        config: PipelineConfig | None = None,
        probes: dict[str, SignalProbe] | None = None,
    ) -> None:
        self.config = config or PipelineConfig()
        self._estimator = estimator
        self._selector = PersonSelector(self.config.selection, self.config.prefer_positions)
        self._smoother = PoseSmoother(self.config.smoothing)
        self._probes = dict(probes or {})
        self.stage_s: dict[str, float] = {
            "inference": 0.0,
            "selection": 0.0,
            "smoothing": 0.0,
            "signals": 0.0,  # the probes (image motion for breathing)
        }
        self.frames = 0
        self.frames_with_pose = 0

    def process(self, frame: Frame) -> Observation:
        """One image: the estimator's candidates, then `track`; the probes measure the
        chosen (smoothed) pose on this frame."""
        t0 = time.perf_counter()
        candidates = self._estimator.estimate(frame)
        self.stage_s["inference"] += time.perf_counter() - t0
        _, pose = self.track(candidates)
        t1 = time.perf_counter()
        signals = _crowd(candidates, pose)
        if pose is not None:
            for name, probe in self._probes.items():
                value = probe(frame, pose)
                if value is not None:
                    signals[name] = value
        self.stage_s["signals"] += time.perf_counter() - t1
        return Observation(frame.timestamp_ms, pose, signals)

    def observe(
        self,
        candidates: list[PoseFrame],
        timestamp_ms: int,
        signals: Sequence[Mapping[str, float]] = (),
    ) -> Observation:
        """Landmarks found elsewhere (the patient's browser): the same `track` as
        `process`, with the chosen candidate's signals as measured there (`signals[i]`
        belongs to `candidates[i]`; missing: none). No image, so no probe runs."""
        index, pose = self.track(candidates)
        chosen = signals[index] if index is not None and index < len(signals) else {}
        measured = {k: v for k, v in chosen.items() if k != OTHERS_IN_VIEW}
        return Observation(
            timestamp_ms, pose, measured | _crowd(candidates, pose) if pose is not None else {}
        )

    def track(self, candidates: list[PoseFrame]) -> tuple[int | None, PoseFrame | None]:
        """Selection and smoothing of one instant's candidates (the path both sources
        share): which candidate was chosen and its smoothed pose, or (None, None)."""
        t0 = time.perf_counter()
        selection = self._selector.select(candidates)
        t1 = time.perf_counter()
        pose = selection.pose
        if pose is not None:
            if selection.new_track:
                self._smoother.reset()
            pose = self._smoother(pose)
            self.frames_with_pose += 1
        self.frames += 1
        self.stage_s["selection"] += t1 - t0
        self.stage_s["smoothing"] += time.perf_counter() - t1
        return selection.index, pose


def _crowd(candidates: Sequence[PoseFrame], pose: PoseFrame | None) -> dict[str, float]:
    """`OTHERS_IN_VIEW` when the frame shows people beside the tracked one (a double of
    one person found twice is not another: `pose.adaptive.distinct_people`)."""
    if pose is None or len(candidates) < 2:
        return {}
    others = distinct_people(candidates) - 1
    return {OTHERS_IN_VIEW: float(others)} if others > 0 else {}
