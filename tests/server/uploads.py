"""Clips for the upload tests, written on the spot (never committed), and the job poll."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np

from tests.server.replay import REPLAY_FPS, bridge_recording

__all__ = ["MP4", "analysis_children", "plain_clip", "upload", "wait_for_job"]

MP4 = "video/mp4"


def plain_clip(path: Path, frames: int | None = None, fps: float = REPLAY_FPS) -> Path:
    """A small mp4 (grey frames) as long as the replayed bridge: the replay estimator
    gives its poses whatever the picture shows."""
    count = len(bridge_recording()) if frames is None else frames
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (160, 120))
    assert writer.isOpened()
    for i in range(count):
        writer.write(np.full((120, 160, 3), 60 + i % 100, np.uint8))
    writer.release()
    return path


def upload(
    http: httpx.Client, route: str, data: bytes, exercise: str = "bridge", name: str = "clip.mp4"
) -> httpx.Response:
    return http.post(route, files={"file": (name, data, MP4)}, data={"exercise": exercise})


def wait_for_job(http: httpx.Client, job_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
    """The job once done or failed, and every state seen on the way."""
    deadline = time.monotonic() + timeout_s
    seen: list[str] = []
    while True:
        r = http.get(f"/api/jobs/{job_id}")
        r.raise_for_status()
        body: dict[str, Any] = r.json()
        if not seen or seen[-1] != body["state"]:
            seen.append(body["state"])
        if body["state"] in ("done", "failed"):
            return body | {"seen": seen}
        assert time.monotonic() < deadline, f"job {job_id} still {body['state']}"
        time.sleep(0.05)


def analysis_children(of: int | None = None) -> list[int]:
    """The pids of the analysis children of process `of` (None: this one), from /proc as
    the kernel sees them."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == (os.getpid() if of is None else of) and b"server.jobs.child" in cmdline:
            found.append(int(entry.name))
    return found
