"""Offline speed: `formcheck analyze`'s path on a 720p clip, as a multiple of real time
(clip seconds per second of work). Two figures: the work alone (the model file already
read; the estimator's creation included), and the whole command in a fresh process
(Python, imports and model load included: what a therapist waits for)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from pose.models import ModelBundle
from pose.sources import open_source
from server.offline.analysis import AnalyzeRequest, analyze_video
from server.settings import repo_root

__all__ = ["clip_seconds", "command_s", "work_s"]


def clip_seconds(clip: Path) -> float:
    info = open_source(clip).info
    return info.frame_count / info.fps if info.fps else 0.0


def work_s(clip: Path, exercise: str, bundle: ModelBundle) -> float:
    """Seconds `analyze_video` takes on `clip` in this process."""
    t0 = time.perf_counter()
    analyze_video(AnalyzeRequest(clip, exercise), bundle)
    return time.perf_counter() - t0


def command_s(clip: Path, exercise: str) -> float:
    """Seconds `formcheck analyze CLIP --exercise EXERCISE` takes, start to end."""
    t0 = time.perf_counter()
    subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "server", "analyze", str(clip), "--exercise", exercise],
        cwd=repo_root(),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t0
