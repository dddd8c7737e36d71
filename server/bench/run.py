"""`formcheck bench`: every measure in one run, as one JSON document and a table.

The document's headline keys are issue 15's: frame_ms_p50 (server work per 640x480
frame), e2e_ms_p95 (one live session), offline_x_realtime, sessions_at_15fps,
mb_per_session, naive_ratio; and issue 16's: device_sessions (on-device sessions that
hold the server's p95 per landmark message within 5 ms) with device_msg_ms_p50/p95; the
rest says how they were measured and on what.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pose.adaptive import ClosableEstimator
from pose.estimator import EstimatorOptions, MediaPipeEstimator
from pose.models import ModelBundle, load_model_bundle
from server.bench import offline
from server.bench.capacity import MIN_CLIP_S, climb, mb_per_session, run_rung
from server.bench.clips import LabelledClip, camera_frames, labelled_clips
from server.bench.device import measure_device_sessions
from server.bench.stages import STAGES, measure_stages, stage_medians
from server.bench.stats import machine_facts, median_of_runs
from server.offline.scoreboard import read_labels
from server.pipelines import new_estimator

__all__ = ["BenchPlan", "run_bench"]

LIVE_FPS = 15.0  # the rate the capacity target is set at (issue 15)
STAGE_CLIP = "bridge_side_darebee_beprojects2018_01.mp4"  # one person, in view throughout
STAGE_EXERCISE = "bridge"  # the clip's own
OFFLINE_CLIP = "neg_pelvictilt_closeup_kevinab633_01.mp4"  # the 720p 30 fps clip we have
OFFLINE_EXERCISE = "bridge"


@dataclass(frozen=True, slots=True)
class BenchPlan:
    """How much to measure: `quick` is the few-minute run, the other the thorough one."""

    videos: Path
    runs: int = 5  # medians over this many runs
    stage_frames: int = 300
    ladder_max_s: float | None = None  # only clips this short on the ladder (None: all)
    max_sessions: int = 12
    live_frames: int | None = None  # cut the live clips to this many frames (tests only:
    # a cut clip's count is not its label's)
    quick: bool = False  # the on-device ladder's short form too (server.bench.device)
    device: bool = True  # measure on-device sessions (issue 16) as well
    offline_clip: str = OFFLINE_CLIP  # analyze's clip (tests: a short one)

    @classmethod
    def quick_plan(cls, videos: Path) -> BenchPlan:
        return cls(videos, runs=3, stage_frames=120, ladder_max_s=10.0, max_sessions=10, quick=True)


def _naive(bundle: ModelBundle) -> Callable[[], ClosableEstimator]:
    """The naive way: two people, the detector on every frame (IMAGE mode), no tracking."""
    return lambda: MediaPipeEstimator(bundle, EstimatorOptions(num_poses=2, mode="image"))


def _stage_runs(
    frames: list[bytes], make: Callable[[], ClosableEstimator], runs: int
) -> dict[str, float]:
    """Per stage, the median over `runs` of each run's per-frame median (ms)."""
    medians = [
        stage_medians(measure_stages(frames, STAGE_EXERCISE, make, fps=LIVE_FPS))
        for _ in range(runs)
    ]
    return median_of_runs(medians)


def run_bench(plan: BenchPlan, log: Callable[[str], None]) -> dict[str, Any]:
    """Every measure; the JSON document (see the module docstring)."""
    started = time.perf_counter()
    facts = machine_facts()
    stage_clip = plan.videos / STAGE_CLIP
    offline_clip = plan.videos / plan.offline_clip
    for clip in (stage_clip, offline_clip):
        if not clip.is_file():
            raise FileNotFoundError(f"bench clip not found: {clip} (../shared/videos)")
    bundle = load_model_bundle()
    frames = camera_frames(stage_clip, LIVE_FPS, plan.stage_frames)
    log(f"stages: {len(frames)} frames x {plan.runs} runs, ours and the naive way")
    ours = _stage_runs(frames, lambda: new_estimator(bundle), plan.runs)
    naive = _stage_runs(frames, _naive(bundle), plan.runs)

    log(f"live latency: one session at {LIVE_FPS:.0f} fps x {plan.runs} runs")
    labels = read_labels(plan.videos)
    stage_label = next(c for c in labelled_clips(plan.videos, labels) if c.path == stage_clip)
    one = [(stage_label, camera_frames(stage_clip, LIVE_FPS, plan.live_frames))]
    latency = [run_rung(1, one, fps=LIVE_FPS) for _ in range(plan.runs)]

    log("offline: analyze's path")
    clip_s = offline.clip_seconds(offline_clip)
    work = statistics.median(
        offline.work_s(offline_clip, OFFLINE_EXERCISE, bundle) for _ in range(plan.runs)
    )
    command = offline.command_s(offline_clip, OFFLINE_EXERCISE)

    # Memory is read past a session's first seconds: clips shorter than that are left out.
    ladder_clips: list[LabelledClip] = labelled_clips(
        plan.videos, labels, min_s=MIN_CLIP_S, max_s=plan.ladder_max_s
    )
    log(f"capacity ladder at {LIVE_FPS:.0f} fps over {len(ladder_clips)} clips")
    rungs = climb(
        [(c, camera_frames(c.path, LIVE_FPS, plan.live_frames)) for c in ladder_clips],
        fps=LIVE_FPS,
        max_sessions=plan.max_sessions,
        log=log,
    )
    holding = 0
    for rung in rungs:
        if not rung.holds:
            break
        holding = rung.sessions
    device: dict[str, float | int] = {}
    if plan.device:
        log("on-device sessions: landmark messages at 15 a second")
        device = measure_device_sessions(quick=plan.quick, videos=plan.videos)
    return device | {
        "frame_ms_p50": round(ours["frame"], 2),
        "e2e_ms_p50": round(statistics.median(r.e2e_ms_p50 for r in latency), 1),
        "e2e_ms_p95": round(statistics.median(r.e2e_ms_p95 for r in latency), 1),
        # The server's own time per frame in those sessions (`timing.server_ms`): the
        # stages above plus recording to the database and the session's bookkeeping.
        "live_server_ms_p50": round(statistics.median(r.server_ms_p50 for r in latency), 1),
        "offline_x_realtime": round(clip_s / work, 2),
        "offline_x_realtime_with_startup": round(clip_s / command, 2),
        "sessions_at_15fps": holding,
        "sessions_at_15fps_capped": holding == plan.max_sessions,
        "mb_per_session": round(mb_per_session(rungs), 1),
        "naive_frame_ms_p50": round(naive["frame"], 2),
        "naive_ratio": round(naive["frame"] / ours["frame"], 2),
        "stages_ms_p50": {s: round(ours[s], 2) for s in STAGES},
        "naive_stages_ms_p50": {s: round(naive[s], 2) for s in STAGES},
        "latency_runs": [r.to_json() for r in latency],
        "ladder": [r.to_json() for r in rungs],
        "offline": {
            "clip": plan.offline_clip,
            "clip_s": round(clip_s, 2),
            "work_s": round(work, 2),
            "command_s": round(command, 2),
        },
        "plan": {
            "runs": plan.runs,
            "stage_frames": len(frames),
            "stage_clip": STAGE_CLIP,
            "live_fps": LIVE_FPS,
            "ladder_clips": [c.path.name for c in ladder_clips],
        },
        "machine": facts | {"load_avg_end": machine_facts()["load_avg"]},
        "wall_s": round(time.perf_counter() - started, 1),
    }
