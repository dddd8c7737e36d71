"""Camera frames off the wire: JPEG or WebP bytes -> a checked, decoded `Frame`.

The image size is read from the file header before decoding, so a huge image is
refused without allocating it. Every refusal is a `FrameError` with a stable `code`
(sent to the client) and a message naming what was expected and what arrived.
"""

from __future__ import annotations

import struct

import cv2
import numpy as np

from pose.types import Frame
from server.protocol.codes import ErrorCode

__all__ = ["FrameError", "decode_frame", "image_size_px"]

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_NO_LENGTH = {0x01, *range(0xD0, 0xDA)}
_MIN_SIDE_PX = 16


class FrameError(ValueError):
    """A frame the server cannot use; `code` is sent to the client."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


def _jpeg_size(data: bytes) -> tuple[int, int]:
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise FrameError(
                ErrorCode.BAD_IMAGE, f"JPEG marker expected at byte {i}, got {data[i]:#04x}"
            )
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in _JPEG_NO_LENGTH:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in _JPEG_SOF:
            if i + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    raise FrameError(ErrorCode.BAD_IMAGE, "JPEG without a frame header (SOF) before its end")


def _webp_size(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        w, h = struct.unpack("<HH", data[26:30])
        return int(w & 0x3FFF), int(h & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        (bits,) = struct.unpack("<I", data[21:25])
        return int((bits & 0x3FFF) + 1), int(((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X" and len(data) >= 30:
        w = int.from_bytes(data[24:27], "little") + 1
        h = int.from_bytes(data[27:30], "little") + 1
        return w, h
    raise FrameError(ErrorCode.BAD_IMAGE, f"WebP with an unknown or cut-off chunk {chunk!r}")


def image_size_px(data: bytes) -> tuple[int, int]:
    """(width, height) from a JPEG or WebP header, without decoding the pixels."""
    if data[:3] == b"\xff\xd8\xff":
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    raise FrameError(
        ErrorCode.UNSUPPORTED_FORMAT,
        f"expected a JPEG or WebP image, got bytes starting {data[:8]!r}",
    )


def decode_frame(
    data: bytes, timestamp_ms: int, *, max_bytes: int, max_side_px: int, target_side_px: int
) -> Frame:
    """Decode one camera image, scaled down so its longest side is <= `target_side_px`."""
    if not data:
        raise FrameError(ErrorCode.EMPTY_FRAME, "expected an image, got an empty message")
    if len(data) > max_bytes:
        raise FrameError(
            ErrorCode.FRAME_TOO_LARGE, f"frame has {len(data)} bytes; limit {max_bytes}"
        )
    width, height = image_size_px(data)
    if max(width, height) > max_side_px:
        raise FrameError(
            ErrorCode.FRAME_TOO_LARGE,
            f"image is {width}x{height} px; longest side limit {max_side_px}",
        )
    if min(width, height) < _MIN_SIDE_PX:
        raise FrameError(ErrorCode.FRAME_TOO_SMALL, f"image is {width}x{height} px; need >= 16 px")
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.ndim != 3:
        raise FrameError(ErrorCode.BAD_IMAGE, f"could not decode the {width}x{height} image")
    longest = max(image.shape[:2])
    if longest > target_side_px:
        scale = target_side_px / longest
        size = (round(image.shape[1] * scale), round(image.shape[0] * scale))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return Frame(np.ascontiguousarray(image, dtype=np.uint8), timestamp_ms)
