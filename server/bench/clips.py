"""The bench's inputs: labelled real clips (../shared/videos/labels.json) as the camera
frames a browser sends (640x480 JPEG, quality 70, at a given frame rate)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from exercises.registry import SPECS

__all__ = ["LIVE_SIZE_PX", "LabelledClip", "camera_frames", "labelled_clips"]

LIVE_SIZE_PX = (640, 480)  # what the page's camera sends (web/js/live.js)
_JPEG_QUALITY = 70  # as the page encodes


@dataclass(frozen=True, slots=True)
class LabelledClip:
    """A real clip with its exercise and the counts a careful counter may report."""

    path: Path
    exercise: str
    reps_ok: tuple[int, ...]
    duration_s: float

    def count_ok(self, reps: int) -> bool:
        return reps in self.reps_ok


def labelled_clips(
    videos: Path,
    labels: Sequence[Mapping[str, Any]],
    *,
    min_s: float = 0.0,
    max_s: float | None = None,
) -> list[LabelledClip]:
    """The clips a live session can be scored on: a video file of one of our exercises
    with a count (no looped GIFs, no negatives, no clip of an exercise we do not count:
    a session cannot be opened for it), `min_s` to `max_s` long; in labels.json's order."""
    out: list[LabelledClip] = []
    for label in labels:
        path = videos / label["file"]
        reps_ok = tuple(n for n in label["reps_ok"] if n is not None)
        if label["exercise"] not in SPECS or label.get("loop") or not reps_ok:
            continue
        if path.suffix.lower() != ".mp4" or not path.is_file():
            continue
        cap = cv2.VideoCapture(str(path))
        fps = cap.get(cv2.CAP_PROP_FPS) or 0.0
        frames = cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0.0
        cap.release()
        duration_s = frames / fps if fps else 0.0
        if min_s <= duration_s and (max_s is None or duration_s <= max_s):
            out.append(LabelledClip(path, label["exercise"], reps_ok, duration_s))
    return out


def _letterbox(image: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    width, height = LIVE_SIZE_PX
    h, w = image.shape[:2]
    scale = min(width / w, height / h)
    small = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((height, width, 3), dtype=np.uint8)
    y, x = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
    canvas[y : y + small.shape[0], x : x + small.shape[1]] = small
    return canvas


def camera_frames(clip: Path, fps: float, limit: int | None = None) -> list[bytes]:
    """The clip as a camera at `fps` would see it (the frame showing at each 1/fps
    tick), letterboxed to 640x480 and JPEG-encoded as the page does; `limit` frames at
    most (looping the clip when it is shorter)."""
    cap = cv2.VideoCapture(str(clip))
    src_fps = cap.get(cv2.CAP_PROP_FPS) or fps
    images: list[np.ndarray[Any, Any]] = []
    while True:
        ok, image = cap.read()
        if not ok:
            break
        images.append(image)
    cap.release()
    if not images:
        raise ValueError(f"no frames in {clip}")
    ticks = int(len(images) / src_fps * fps) if limit is None else limit
    out: list[bytes] = []
    for k in range(max(ticks, 1)):
        image = images[int(k / fps * src_fps) % len(images)]
        params = [cv2.IMWRITE_JPEG_QUALITY, _JPEG_QUALITY]
        out.append(cv2.imencode(".jpg", _letterbox(image), params)[1].tobytes())
    return out
