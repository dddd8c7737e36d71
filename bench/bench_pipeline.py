"""Benchmark: the offline pose pipeline on a 720p clip, per stage, median of several runs.

    .venv/bin/python bench/bench_pipeline.py [--clip PATH] [--runs 5] [--frames 150]
        [--exercise NAME]

Stages: decode (OpenCV), inference (MediaPipe Pose Landmarker Full, VIDEO mode,
num_poses=2), selection, smoothing, signals (the exercise's image probes: optical flow on
the trunk, belly and chest for breathing). Prints a markdown table (ms per frame, share of
the total, and end-to-end frames per second).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from pose.estimator import EstimatorOptions, MediaPipeEstimator
from pose.models import load_model_bundle
from pose.native_logs import quiet_native_stderr
from pose.pipeline import PipelineConfig, PosePipeline
from pose.sources import open_source
from server.pipelines import pipeline_for

DEFAULT_CLIP = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "videos"
    / "bridge_side_darebee_beprojects2018_01.mp4"
)


def one_run(clip: Path, frames: int, exercise: str | None) -> dict[str, float]:
    bundle = load_model_bundle()
    source = iter(open_source(clip))
    decode_s = 0.0
    with MediaPipeEstimator(bundle, EstimatorOptions(num_poses=2)) as est:
        pipe = (
            PosePipeline(est, PipelineConfig(prefer_positions=("lying_back",)))
            if exercise is None
            else pipeline_for(exercise, est)
        )
        t_start = time.perf_counter()
        for _ in range(frames):
            t0 = time.perf_counter()
            frame = next(source, None)
            decode_s += time.perf_counter() - t0
            if frame is None:
                break
            pipe.process(frame)
        total_s = time.perf_counter() - t_start
    n = pipe.frames
    per = {k: 1000 * v / n for k, v in pipe.stage_s.items()}
    per["decode"] = 1000 * decode_s / n
    per["total"] = 1000 * total_s / n
    per["fps"] = n / total_s
    return per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frames", type=int, default=150)
    parser.add_argument("--exercise", default=None, help="the app's pipeline for this exercise")
    args = parser.parse_args()
    if not args.clip.is_file():
        raise SystemExit(f"bench clip not found: {args.clip} (pass --clip a 720p video)")
    info = open_source(args.clip).info
    with quiet_native_stderr():
        runs = [one_run(args.clip, args.frames, args.exercise) for _ in range(args.runs)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(
        f"clip {args.clip.name} {info.width_px}x{info.height_px}, {args.frames} frames x "
        f"{args.runs} runs; {platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    )
    print("| stage | ms per frame (median) | share |")
    print("|---|---:|---:|")
    for stage in ("decode", "inference", "selection", "smoothing", "signals"):
        print(f"| {stage} | {med[stage]:.2f} | {100 * med[stage] / med['total']:.0f}% |")
    print(f"| **total** | {med['total']:.2f} | 100% |")
    print(f"\nend to end: {med['fps']:.1f} frames per second (median of {args.runs} runs)")


if __name__ == "__main__":
    main()
