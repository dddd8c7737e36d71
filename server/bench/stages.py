"""Server work per live frame, per stage: decode, inference, selection, smoothing,
probes, engine, encoding; the same code as a live session, timed in-process.

Each frame's stages are timed on their own, so the figures are per-frame medians
(not means that one slow first frame would skew). `frame` is the sum of a frame's stages.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence

from exercises.run import ExerciseRun
from pose.adaptive import ClosableEstimator
from pose.pipeline import PosePipeline
from server.live.codec import decode_frame
from server.live.overlay import pose_to_wire, status_to_wire
from server.live.setup_check import check_setup
from server.pipelines import pipeline_for
from server.protocol.live import ResultMessage
from server.protocol.parts import Counters, Timing
from server.settings import Settings

__all__ = ["STAGES", "StageTimes", "measure_stages", "stage_medians"]

STAGES = ("decode", "inference", "selection", "smoothing", "probes", "engine", "encoding")
_PIPELINE_STAGES = {"inference": "inference", "selection": "selection"}
_PIPELINE_STAGES |= {"smoothing": "smoothing", "probes": "signals"}

StageTimes = dict[str, list[float]]  # stage -> ms of each frame


def measure_stages(
    frames: Sequence[bytes],
    exercise: str,
    new_estimator: Callable[[], ClosableEstimator],
    *,
    fps: float,
    settings: Settings | None = None,
) -> StageTimes:
    """Each frame of `frames` (camera JPEGs at `fps`) through one fresh session's path;
    ms per frame for each of `STAGES` and their sum under "frame"."""
    cfg = settings or Settings()
    times: StageTimes = {stage: [] for stage in (*STAGES, "frame")}
    run = ExerciseRun(exercise)
    estimator = new_estimator()
    try:
        pipeline: PosePipeline = pipeline_for(exercise, estimator)
        for i, data in enumerate(frames):
            timestamp_ms = round(i * 1000 / fps)
            t0 = time.perf_counter()
            frame = decode_frame(
                data,
                timestamp_ms,
                max_bytes=cfg.max_frame_bytes,
                max_side_px=cfg.max_frame_side_px,
                target_side_px=cfg.inference_side_px,
            )
            before = dict(pipeline.stage_s)
            t1 = time.perf_counter()
            observation = pipeline.process(frame)
            t2 = time.perf_counter()
            step = run.step(observation)
            t3 = time.perf_counter()
            # The result message (server.live.session), built and encoded as it sends it.
            setup = check_setup(run.spec, observation, step.status.ready)
            ResultMessage(
                seq=0,
                timestamp_ms=timestamp_ms,
                pose=pose_to_wire(observation, step.status, run.spec.key_angle),
                status=status_to_wire(step.status),
                setup=setup.to_wire(),
                events=tuple(step.events),
                not_judged=None,
                cues=(),
                counters=Counters(received=0, dropped=0, rejected=0),
                timing=Timing(inference_ms=0.0, server_ms=0.0),
            ).model_dump_json()
            t4 = time.perf_counter()
            times["decode"].append((t1 - t0) * 1000)
            for stage, key in _PIPELINE_STAGES.items():
                times[stage].append((pipeline.stage_s[key] - before[key]) * 1000)
            times["engine"].append((t3 - t2) * 1000)
            times["encoding"].append((t4 - t3) * 1000)
            times["frame"].append((t4 - t0) * 1000)
    finally:
        estimator.close()
    return times


def stage_medians(times: StageTimes) -> dict[str, float]:
    """Median ms per frame of each stage (and of the whole frame)."""
    return {stage: statistics.median(values) for stage, values in times.items()}
