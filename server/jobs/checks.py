"""What an uploaded clip must be before it is analysed: a video container recognised by
its content (not its name), within the size and duration limits of the settings.

Every refusal is an `UploadError` with a code; the page shows `error_<code>` from the
catalogue in its language.
"""

from __future__ import annotations

from pathlib import Path

from pose.errors import SourceError
from pose.sources import VideoSource

__all__ = ["UPLOAD_ERRORS", "UploadError", "check_video", "container_of"]

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
)


class UploadError(ValueError):
    """An upload refused or failed; `code` is one of `UPLOAD_ERRORS`."""

    def __init__(self, code: str, message: str) -> None:
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


def check_video(path: Path, *, max_duration_s: float) -> float:
    """The clip's duration in seconds (0 when the container does not say); raises
    UploadError when it is not a video we read, cannot be opened, or is too long."""
    with path.open("rb") as fh:
        head = fh.read(16)
    if container_of(head) is None:
        raise UploadError(
            "unsupported_video",
            f"expected an mp4, mov, webm, avi or gif video; the content is none of these "
            f"(starts {head[:8].hex()})",
        )
    try:
        info = VideoSource(str(path)).info
    except SourceError as err:
        raise UploadError("corrupt_video", f"the video cannot be opened: {err}") from None
    if info.width_px <= 0 or info.height_px <= 0:
        raise UploadError("corrupt_video", "the video has no readable picture")
    duration_s = info.frame_count / info.fps if info.frame_count > 0 else 0.0
    if duration_s > max_duration_s:
        raise UploadError(
            "video_too_long",
            f"the video lasts {duration_s:.0f} s; at most {max_duration_s:.0f} s is analysed",
        )
    return duration_s
