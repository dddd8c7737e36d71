"""What arrives on a live socket, read once: `read_message(payload, reading)` gives the
poses of one instant (a `CameraImage`, or a `LandmarkMessage` from the patient's
browser), a `Control` (ping, finish) or a `Refused`; the session stamps poses into the
one job type, `PoseJob` (`LiveSession.arrive`), which goes through `LiveSession.step`.

Both kinds of poses answer the same two questions: does the model run for them
(`needs_model`: an image's estimate runs on the session's thread, off the event loop),
and what does the session's pipeline observe from them (`observe`).
"""

from __future__ import annotations

import enum
import json
import time
from dataclasses import dataclass
from typing import ClassVar, Protocol

from pose.types import Observation
from server.live.codec import decode_frame
from server.live.landmark_frame import is_landmark_frame, landmarks_from_binary
from server.live.landmarks import (
    MAX_LANDMARK_BYTES,
    LandmarkError,
    landmarks_from_wire,
)
from server.pipelines import Observer
from server.protocol.codes import ErrorCode
from server.settings import PoseSource, Settings
from server.wire import loads

__all__ = [
    "CameraImage",
    "Control",
    "PoseJob",
    "Poses",
    "Reading",
    "Refused",
    "read_message",
]


class Poses(Protocol):
    """One instant's poses, still to be observed by a session's pipeline."""

    @property
    def needs_model(self) -> bool:
        """True when the server's model finds the poses (run off the event loop)."""
        ...

    @property
    def page_t_ms(self) -> float | None:
        """The page's own time of the instant (None: the server's arrival time counts)."""
        ...

    def observe(self, pipeline: Observer, timestamp_ms: int) -> tuple[Observation, float]:
        """The pipeline's observation at session time `timestamp_ms`, and the model's
        time in ms. Raises FrameError for an image that cannot be used."""
        ...


@dataclass(frozen=True, slots=True)
class CameraImage:
    """A camera frame's bytes (JPEG or WebP), decoded and estimated when its turn comes
    (`Settings`: the size limits and the inference size)."""

    data: bytes
    settings: Settings
    needs_model: ClassVar[bool] = True
    page_t_ms: ClassVar[None] = None

    def observe(self, pipeline: Observer, timestamp_ms: int) -> tuple[Observation, float]:
        cfg = self.settings
        frame = decode_frame(
            self.data,
            timestamp_ms,
            max_bytes=cfg.max_frame_bytes,
            max_side_px=cfg.max_frame_side_px,
            target_side_px=cfg.inference_side_px,
        )
        t0 = time.perf_counter()
        observation = pipeline.process(frame)
        return observation, (time.perf_counter() - t0) * 1000.0


@dataclass(frozen=True, slots=True)
class PoseJob:
    """One instant for a live session: its `seq` (the session's count of instants
    received), its session time, when it arrived (`time.perf_counter()` s) and its poses."""

    seq: int
    timestamp_ms: int
    arrived_s: float
    poses: Poses


class Control(enum.Enum):
    PING = "ping"
    FINISH = "finish"


@dataclass(frozen=True, slots=True)
class Refused:
    """A message refused unread further; `counted`: it stood for a frame (it takes a
    seq and counts as received and rejected), else it was a control."""

    code: ErrorCode
    message: str
    counted: bool = True


@dataclass(frozen=True, slots=True)
class Reading:
    """What one connection accepts: poses from `source`, the exercise's `signals` (in
    its order: a binary landmark frame sends them so)."""

    source: PoseSource
    signals: tuple[str, ...]
    settings: Settings


def read_message(payload: bytes | str, reading: Reading) -> Poses | Control | Refused:
    """One WebSocket message (binary or text), read once."""
    device = reading.source == "device"
    if isinstance(payload, bytes):
        if not device:
            return CameraImage(payload, reading.settings)
        if not is_landmark_frame(payload):
            message = "this connection sends landmarks (source=device), not images"
            return Refused(ErrorCode.IMAGE_NOT_EXPECTED, message)
        if len(payload) > MAX_LANDMARK_BYTES:
            message = f"a landmark frame is at most {MAX_LANDMARK_BYTES} bytes, got {len(payload)}"
            return Refused(ErrorCode.LANDMARKS_TOO_LARGE, message)
        try:
            return landmarks_from_binary(
                payload,
                signal_order=reading.signals,
                max_side_px=reading.settings.max_frame_side_px,
            )
        except LandmarkError as err:
            return Refused(err.code, str(err))
    if len(payload) > MAX_LANDMARK_BYTES or len(payload.encode()) > MAX_LANDMARK_BYTES:
        got = len(payload.encode())
        message = f"a text message is at most {MAX_LANDMARK_BYTES} bytes, got {got}"
        return Refused(ErrorCode.LANDMARKS_TOO_LARGE, message)
    try:
        body = loads(payload)  # strict: NaN, Infinity, 5000-digit numbers are no JSON
    except json.JSONDecodeError:
        if device:
            return Refused(ErrorCode.BAD_LANDMARKS, "a text message must be JSON")
        message = "frames are binary JPEG/WebP; got text"
        return Refused(ErrorCode.EXPECTED_BINARY_FRAME, message, counted=False)
    kind = body.get("type") if isinstance(body, dict) else None
    if kind == "landmarks":
        if not device:
            message = "this connection sends camera images (source=server), not landmarks"
            return Refused(ErrorCode.LANDMARKS_NOT_EXPECTED, message)
        try:
            return landmarks_from_wire(
                body,
                signals=reading.signals,
                max_side_px=reading.settings.max_frame_side_px,
            )
        except LandmarkError as err:
            return Refused(err.code, str(err))
    if kind == "ping":
        return Control.PING
    if kind == "finish":
        return Control.FINISH
    expected = "landmarks, ping or finish" if device else "ping or finish"
    message = f"expected type {expected}, got {kind!r:.40}"
    return Refused(ErrorCode.UNKNOWN_MESSAGE, message, counted=False)
