"""Frames off the wire: header sizes without decoding, limits, scaling (table-driven)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from server.live.codec import FrameError, decode_frame, image_size_px

LIMITS = {"max_bytes": 4_000_000, "max_side_px": 2560, "target_side_px": 640}


def _image(width: int, height: int) -> np.ndarray:
    rng = np.random.default_rng(width * 7 + height)
    return rng.integers(0, 255, size=(height, width, 3), dtype=np.uint8)


ENCODINGS = [
    ("jpeg", ".jpg", [cv2.IMWRITE_JPEG_QUALITY, 80]),
    ("jpeg_progressive", ".jpg", [cv2.IMWRITE_JPEG_PROGRESSIVE, 1]),
    ("webp_lossy", ".webp", [cv2.IMWRITE_WEBP_QUALITY, 70]),
    ("webp_lossless", ".webp", [cv2.IMWRITE_WEBP_QUALITY, 101]),
]
SIZES = [(640, 480), (480, 640), (1281, 719), (17, 16)]


@pytest.mark.parametrize(("name", "ext", "params"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_header_size_matches_the_image(
    name: str, ext: str, params: list[int], size: tuple[int, int]
) -> None:
    data = cv2.imencode(ext, _image(*size), params)[1].tobytes()
    assert image_size_px(data) == size, name


def test_vp8x_header_size() -> None:
    # An extended WebP header (VP8X): canvas width-1 and height-1 as 24-bit little-endian.
    data = b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00"
    data += (1919).to_bytes(3, "little") + (1079).to_bytes(3, "little")
    assert image_size_px(data) == (1920, 1080)


@pytest.mark.parametrize(
    ("size", "expected"),
    [((640, 480), (640, 480)), ((1280, 720), (640, 360)), ((720, 1280), (360, 640))],
)
def test_decode_scales_down_to_the_inference_side(
    size: tuple[int, int], expected: tuple[int, int]
) -> None:
    data = cv2.imencode(".jpg", _image(*size))[1].tobytes()
    frame = decode_frame(data, 40, **LIMITS)
    assert (frame.width_px, frame.height_px) == expected
    assert frame.timestamp_ms == 40


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_frame"),
        (b"GIF89a" + b"\x00" * 40, "unsupported_format"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "bad_image"),  # cut off before the frame header
        (b"\xff\xd8\xff" + b"\x00" * 4_000_000, "frame_too_large"),
        (cv2.imencode(".jpg", np.zeros((2600, 100, 3), np.uint8))[1].tobytes(), "frame_too_large"),
        (cv2.imencode(".jpg", np.zeros((10, 100, 3), np.uint8))[1].tobytes(), "frame_too_small"),
    ],
    ids=["empty", "gif", "jpeg_cut", "too_many_bytes", "too_tall", "too_small"],
)
def test_refusals_name_their_code(data: bytes, code: str) -> None:
    with pytest.raises(FrameError) as err:
        decode_frame(data, 0, **LIMITS)
    assert err.value.code == code
    assert str(err.value)
