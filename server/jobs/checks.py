"""What an uploaded clip must be before it is analysed: a video container recognised by
its content (not its name), within the size and duration limits of the settings, and
whose header promises no more pixels a frame, frames a second or frames in all than
the limits allow: checked before a single frame is decoded (decoding allocates what the
header declares; a 223-byte GIF can declare a 16000x16000 canvas).

Every refusal is an `UploadError` with a code; the page shows `error_<code>` from the
catalogue in its language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2

from pose.errors import SourceError
from pose.sources import VideoSource
from server.protocol.codes import ErrorCode
from server.settings import Settings

__all__ = ["UPLOAD_ERRORS", "UploadError", "UploadLimits", "check_video", "container_of"]


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """What a clip may be and hold, and how many one patient may have waiting or
    running (`Settings.upload_*`)."""

    max_bytes: int
    max_duration_s: float
    max_pixels: int  # a frame's width x height
    max_fps: float
    max_frames: int
    per_patient: int

    @classmethod
    def of(cls, settings: Settings) -> UploadLimits:
        return cls(
            settings.upload_max_bytes,
            settings.upload_max_duration_s,
            settings.upload_max_pixels,
            settings.upload_max_fps,
            settings.upload_max_frames,
            settings.upload_queue_per_patient,
        )


# Every code an upload or its analysis can fail with (catalogue: error_<code>).
UPLOAD_ERRORS = (
    "unsupported_video",
    "video_too_large",
    "video_too_long",
    "corrupt_video",
    "no_person_in_video",
    "unknown_exercise",
    "upload_queue_full",
    "interrupted",
    "analysis_failed",
    "analysis_out_of_memory",
    "analysis_stalled",
)


class UploadError(ValueError):
    """An upload refused or failed; `code` is one of `UPLOAD_ERRORS`."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        if code not in UPLOAD_ERRORS:
            raise ValueError(f"upload error code must be one of {UPLOAD_ERRORS}, got {code!r}")
        super().__init__(message)
        self.code = code


def container_of(head: bytes) -> str | None:
    """The container the file's first bytes say it is (mp4/mov, webm/mkv, avi, gif)."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"  # ISO base media: mp4, m4v, mov (QuickTime brand), 3gp
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"  # EBML: webm and matroska
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "avi"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    return None


def _header(path: Path) -> tuple[int, int, float, int]:
    """(width, height, frames a second, frames) as the container declares them; opening
    reads the header and decodes nothing. The rate is the file's own (`VideoSource`
    fits it for playback)."""
    cap = cv2.VideoCapture(str(path))
    try:
        if not cap.isOpened():
            raise UploadError(ErrorCode.CORRUPT_VIDEO, "the video cannot be opened")
        return (
            int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
            float(cap.get(cv2.CAP_PROP_FPS) or 0.0),
            int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0),
        )
    finally:
        cap.release()


def check_video(path: Path, limits: UploadLimits) -> float:
    """The clip's duration in seconds (0 when the container does not say); raises
    UploadError when it is not a video we read, cannot be opened, or declares more
    than `limits`."""
    with path.open("rb") as fh:
        head = fh.read(16)
    if container_of(head) is None:
        raise UploadError(
            ErrorCode.UNSUPPORTED_VIDEO,
            f"expected an mp4, mov, webm, avi or gif video; the content is none of these "
            f"(starts {head[:8].hex()})",
        )
    width, height, fps, frames = _header(path)
    if width <= 0 or height <= 0:
        raise UploadError(ErrorCode.CORRUPT_VIDEO, "the video has no readable picture")
    if width * height > limits.max_pixels:
        raise UploadError(
            ErrorCode.VIDEO_TOO_LARGE,
            f"the video's frames are {width}x{height}; at most {limits.max_pixels} pixels",
        )
    if fps > limits.max_fps:
        raise UploadError(
            ErrorCode.VIDEO_TOO_LARGE,
            f"the video runs at {fps:.0f} fps; at most {limits.max_fps:.0f}",
        )
    if frames > limits.max_frames:
        raise UploadError(
            ErrorCode.VIDEO_TOO_LONG, f"the video has {frames} frames; at most {limits.max_frames}"
        )
    try:
        info = VideoSource(str(path)).info
    except SourceError as err:
        raise UploadError(ErrorCode.CORRUPT_VIDEO, f"the video cannot be opened: {err}") from None
    duration_s = info.frame_count / info.fps if info.frame_count > 0 else 0.0
    if duration_s > limits.max_duration_s:
        raise UploadError(
            ErrorCode.VIDEO_TOO_LONG,
            f"the video lasts {duration_s:.0f} s; at most {limits.max_duration_s:.0f} s",
        )
    return duration_s
