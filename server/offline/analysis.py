"""Offline analysis of one video: source -> pose pipeline -> exercise engine -> report."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from exercises.base import Prescription
from exercises.events import Event
from exercises.registry import spec_of
from exercises.run import ExerciseRun, Step
from exercises.summary import AnalysisReport, SourceFacts, ViewRow
from pose.adaptive import ClosableEstimator
from pose.errors import NoPersonError
from pose.models import ModelBundle
from pose.sources import FrameSource, open_source
from pose.types import Observation
from server.pipelines import FrameStep, new_estimator, pipeline_for

__all__ = ["AnalyzeRequest", "StepSink", "analyze_video", "analyze_with", "replay_report"]

Progress = Callable[[int, int], None]  # (frames done, frames expected or 0)
ObservationSink = Callable[[Observation], None]


class StepSink(Protocol):
    """Is handed every step of the run with the time its frame took (pipeline and run),
    then the events of its end: the report's recorder, or an upload's session."""

    def step(self, step: Step, inference_ms: float) -> None: ...

    def finished(self, events: list[Event]) -> None: ...


@dataclass(frozen=True, slots=True)
class AnalyzeRequest:
    source: Path
    exercise: str
    loops: int = 1  # play the file this many times (a looped GIF of one rep)
    prescription: Prescription | None = None


def analyze_video(
    request: AnalyzeRequest,
    bundle: ModelBundle,
    progress: Progress | None = None,
    *,
    on_observation: ObservationSink | None = None,
    steps: StepSink | None = None,
) -> AnalysisReport:
    """Run the whole pipeline on a file. Raises SourceError, NoPersonError (nobody in any
    frame, unless the report's `not_judged` says why), UnknownExerciseError with a
    one-line message for bad input.

    `on_observation` is handed each observation as the engine gets it (to record the
    stream for replay, e.g. at lower frame rates); `steps` every step and the end's events
    (the report's frames, events and poses)."""
    spec_of(request.exercise)  # an unknown name fails before the model loads
    with new_estimator(bundle) as estimator:
        return analyze_with(
            request, estimator, progress, on_observation=on_observation, steps=steps
        )


def analyze_with(
    request: AnalyzeRequest,
    estimator: ClosableEstimator,
    progress: Progress | None = None,
    *,
    on_observation: ObservationSink | None = None,
    steps: StepSink | None = None,
    frames: FrameSource | None = None,
) -> AnalysisReport:
    """`analyze_video` on a given estimator (the caller closes it): an upload's job runs
    it with `steps` recording the run as a session. `frames`: the request's video already
    opened (or its kept stream played again, `pose.memo`), else it is opened here."""
    # An unknown name fails before the file opens.
    run = ExerciseRun(request.exercise, request.prescription)
    source = frames if frames is not None else open_source(request.source, request.loops)
    views: Counter[tuple[str, str, str]] = Counter()
    pipeline = pipeline_for(request.exercise, estimator)
    step = FrameStep(pipeline, run)
    for frame in source:
        t0 = time.perf_counter()
        done = step.frame(frame)
        obs = done.observation
        if steps is not None:
            steps.step(done, (time.perf_counter() - t0) * 1000.0)
        if on_observation is not None:
            on_observation(obs)
        if obs.view is not None:
            v = obs.view
            views[(v.view, v.position, v.facing_side)] += 1
        if progress is not None:
            progress(pipeline.frames, source.info.frame_count)
    closing = run.finish()
    if steps is not None:
        steps.finished(closing)
    if pipeline.frames_with_pose == 0 and run.summary.not_judged() is None:
        # Nobody, and the exercise's watch does not say why: bad input. When it does
        # (breathing filmed from the low feet end), the report says what to change.
        raise NoPersonError(
            f"{request.source}: nobody was found in any of {pipeline.frames} frames"
        )
    fps = source.info.fps
    facts = SourceFacts(
        str(request.source),
        fps,
        pipeline.frames,
        pipeline.frames / fps if fps else 0.0,
        pipeline.frames_with_pose,
    )
    return run.summary.report(facts, _view_summary(views))


def _view_summary(views: Counter[tuple[str, str, str]]) -> ViewRow | None:
    if not views:
        return None
    (camera, position, facing), _ = views.most_common(1)[0]
    return ViewRow(camera, position, facing)


def replay_report(
    exercise: str,
    observations: Sequence[Observation],
    *,
    source: str = "",
    fps: float = 0.0,
    prescription: Prescription | None = None,
) -> AnalysisReport:
    """`analyze`'s report from recorded observations (what its pipeline fed the engine,
    e.g. `on_observation`): the same `ExerciseRun` steps (engine, judge, prescription
    watch, summary) and the same end, without the video and the model. Raises
    NoPersonError as `analyze_with` does when no observation has a pose and the judge
    does not say why."""
    run = ExerciseRun(exercise, prescription)
    views: Counter[tuple[str, str, str]] = Counter()
    for obs in observations:
        run.step(obs)
        if obs.view is not None:
            views[(obs.view.view, obs.view.position, obs.view.facing_side)] += 1
    run.finish()
    frames = len(observations)
    with_pose = sum(obs.pose is not None for obs in observations)
    if with_pose == 0 and run.summary.not_judged() is None:
        raise NoPersonError(f"{source}: nobody was found in any of {frames} frames")
    facts = SourceFacts(source, fps, frames, frames / fps if fps else 0.0, with_pose)
    return run.summary.report(facts, _view_summary(views))
