"""An uploaded clip is bounded by what its header declares, before any frame is decoded:
pixels a frame, frames a second, frames in all, and its duration."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from server.jobs.checks import UploadError, UploadLimits, check_video
from server.settings import Settings
from tests.server.uploads import plain_clip

LIMITS = UploadLimits.of(Settings())


def gif_bomb(path: Path, side_px: int = 16_000, frames: int = 8) -> Path:
    """The issue's 223-byte GIF: a `side_px` square canvas (770 MB a frame decoded at
    16000) holding `frames` images of one pixel."""
    out = bytearray(b"GIF89a" + struct.pack("<HHBBB", side_px, side_px, 0x80, 0, 0))
    out += b"\x00\x00\x00\xff\xff\xff"  # a global colour table of two
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"  # loop
    for _ in range(frames):
        out += b"\x21\xf9\x04\x04\x01\x00\x00\x00"  # 1/100 s a frame
        out += b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    path.write_bytes(bytes(out + b"\x3b"))
    return path


def _refusal(path: Path, limits: UploadLimits = LIMITS) -> str:
    with pytest.raises(UploadError) as refused:
        check_video(path, limits)
    return refused.value.code


def test_a_decompression_bomb_is_refused_by_its_header(tmp_path: Path) -> None:
    bomb = gif_bomb(tmp_path / "bomb.gif")
    assert bomb.stat().st_size == 223
    assert _refusal(bomb) == "video_too_large"


def test_a_clip_at_more_frames_a_second_than_the_limit_is_refused(tmp_path: Path) -> None:
    fast = plain_clip(tmp_path / "fast.mp4", frames=24, fps=240.0)
    assert _refusal(fast) == "video_too_large"


def test_a_clip_of_more_frames_than_the_limit_is_refused(tmp_path: Path) -> None:
    clip = plain_clip(tmp_path / "many.mp4", frames=30, fps=15.0)
    few = UploadLimits.of(Settings(upload_max_frames=29))
    assert _refusal(clip, few) == "video_too_long"
    assert check_video(clip, UploadLimits.of(Settings(upload_max_frames=30))) == 2.0


def test_a_clip_within_every_limit_passes_with_its_duration(tmp_path: Path) -> None:
    small = gif_bomb(tmp_path / "small.gif", side_px=64, frames=8)
    assert check_video(small, LIMITS) == pytest.approx(0.08)
    short = UploadLimits.of(Settings(upload_max_duration_s=1.0))
    assert _refusal(plain_clip(tmp_path / "long.mp4", frames=30, fps=15.0), short) == (
        "video_too_long"
    )
