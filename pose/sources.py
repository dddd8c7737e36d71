"""Frame sources: video files (GIF included), image folders and local cameras.

Each source is an iterator of `Frame`s with timestamps from the source's own clock
(frame index / fps for files), so the same code runs live and on recordings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np
import numpy.typing as npt

from pose.errors import SourceError
from pose.types import Frame

__all__ = ["IMAGE_SUFFIXES", "FrameSource", "SourceInfo", "open_source"]

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp")
_DEFAULT_FPS = 30.0  # for image folders and files whose container gives no rate
_FOLDER_FPS = 10.0


@dataclass(frozen=True, slots=True)
class SourceInfo:
    name: str
    fps: float
    frame_count: int  # 0 when unknown (cameras)
    width_px: int
    height_px: int


class FrameSource(Protocol):
    """Frames in their order, and what the source says about itself."""

    info: SourceInfo

    def __iter__(self) -> Iterator[Frame]: ...


class VideoSource:
    """A video file (mp4, mov, webm, gif, ...) or a camera index through OpenCV.

    `loops` plays a file that many times back to back with continuous timestamps
    (a looped GIF of one rep played N times is a clip of N reps).
    """

    def __init__(self, target: str | int, loops: int = 1) -> None:
        if loops < 1:
            raise SourceError(f"loops must be >= 1, got {loops}")
        self._target = target
        self._loops = loops
        self._cap = self._open()
        fps = float(self._cap.get(cv2.CAP_PROP_FPS) or 0.0)
        self._fps = fps if 1.0 <= fps <= 240.0 else _DEFAULT_FPS
        count = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        self.info = SourceInfo(
            str(target),
            self._fps,
            max(count, 0) * loops if isinstance(target, str) else 0,
            int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        )

    def _open(self) -> cv2.VideoCapture:
        if isinstance(self._target, str) and not Path(self._target).is_file():
            raise SourceError(f"no such video file: {self._target}")
        cap = cv2.VideoCapture(self._target)
        # A phone's portrait clip is stored landscape with a rotation flag: upright frames,
        # always (OpenCV's FFmpeg backend honours it by default; said here, not assumed).
        cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1.0)
        if not cap.isOpened():
            what = "camera" if isinstance(self._target, int) else "video file"
            raise SourceError(f"cannot open {what} {self._target!r}: not a readable video")
        return cap

    def __iter__(self) -> Iterator[Frame]:
        index = 0
        for loop in range(self._loops):
            if loop > 0:
                self._cap.release()
                self._cap = self._open()
            while True:
                ok, image = self._cap.read()
                if not ok or image is None:
                    break
                yield Frame(_as_bgr(image), round(index * 1000.0 / self._fps), index)
                index += 1
        self._cap.release()
        if index == 0:
            raise SourceError(f"{self._target}: no decodable frames (empty or corrupt video)")


class ImageFolderSource:
    """Images in a folder, in name order, played at a fixed rate."""

    def __init__(self, folder: Path, fps: float = _FOLDER_FPS) -> None:
        self._files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._files:
            raise SourceError(f"{folder}: no images ({', '.join(IMAGE_SUFFIXES)})")
        first = cv2.imread(str(self._files[0]))
        if first is None:
            raise SourceError(f"{self._files[0]}: not a readable image")
        self._fps = fps
        self.info = SourceInfo(
            str(folder), fps, len(self._files), int(first.shape[1]), int(first.shape[0])
        )

    def __iter__(self) -> Iterator[Frame]:
        for index, path in enumerate(self._files):
            image = cv2.imread(str(path))
            if image is None:
                raise SourceError(f"{path}: not a readable image")
            yield Frame(_as_bgr(image), round(index * 1000.0 / self._fps), index)


def _as_bgr(image: npt.NDArray[Any]) -> npt.NDArray[np.uint8]:
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return np.ascontiguousarray(image, dtype=np.uint8)


def open_source(spec: str | Path, loops: int = 1) -> VideoSource | ImageFolderSource:
    """Open a video file, an image folder, or a camera (a bare integer such as "0")."""
    text = str(spec)
    if text.isdigit():
        return VideoSource(int(text))
    path = Path(text)
    if path.is_dir():
        return ImageFolderSource(path)
    if not path.exists():
        raise SourceError(f"no such file or folder: {path}")
    return VideoSource(str(path), loops=loops)
