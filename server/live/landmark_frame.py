"""A landmark message in its compact binary form: what the page sends on a `source=device`
socket (the JSON form of `server.live.landmarks` stays accepted, for older pages).

Its layout is `server.protocol.frames`: a 24-byte header (the magic `FCL1`, `t_ms`, the
image's size, the number of people and of signals per person, the browser's model
time), then per person 231 float32 (image, world, visibility) and its signals in the
exercise's order (`ExerciseSpec.probes`; NaN: not measured). A person
is 924 bytes, against about 5 kB of JSON, and the whole message is read by numpy: no
Python work per number. The bounds and codes are the JSON form's.

`landmarks_from_binary` reads one into a `LandmarkMessage`; `landmarks_to_binary` writes
one (the tests and the benchmark; the page's own writer is `web/js/ondevice/frame.js`,
its layout constants generated into `web/js/protocol.js`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from pose.joints import NUM_JOINTS
from pose.types import PoseFrame
from server.live.landmarks import (
    MAX_ABS_NORM,
    MAX_ABS_SIGNAL,
    MAX_ABS_WORLD_M,
    MAX_INFERENCE_MS,
    MAX_PEOPLE,
    MIN_SIDE_PX,
    LandmarkError,
    LandmarkMessage,
    Person,
    bad_landmarks,
)
from server.protocol.codes import ErrorCode
from server.protocol.frames import FLOATS_PER_PERSON, HEADER, MAGIC, POINTS

__all__ = [
    "FLOATS_PER_PERSON",
    "HEADER",
    "MAGIC",
    "is_landmark_frame",
    "landmarks_from_binary",
    "landmarks_to_binary",
]


def is_landmark_frame(data: bytes) -> bool:
    """Whether a binary message says it is a landmark frame (its magic)."""
    return data[: len(MAGIC)] == MAGIC


def landmarks_from_binary(
    data: bytes, *, signal_order: Sequence[str], max_side_px: int
) -> LandmarkMessage:
    """The binary frame `data` as a `LandmarkMessage`; `signal_order` the signals the
    exercise measures, in its order, `max_side_px` the longest image side accepted.
    Raises `LandmarkError` with the JSON form's codes."""
    if len(data) < HEADER.itemsize or not is_landmark_frame(data):
        raise bad_landmarks(
            "binary landmarks", f"a {HEADER.itemsize}-byte header starting FCL1", data[:8]
        )
    head = np.frombuffer(data, HEADER, count=1)[0]
    count, k = int(head["people"]), int(head["signals"])
    if count > MAX_PEOPLE:
        message = f"people: expected at most {MAX_PEOPLE}, got {count}"
        raise LandmarkError(ErrorCode.TOO_MANY_PEOPLE, message)
    if k not in (0, len(signal_order)):
        raise LandmarkError(
            ErrorCode.UNKNOWN_SIGNAL,
            f"signals: this exercise measures {list(signal_order) or 'no signals'} "
            f"(all or none), got {k} per person",
        )
    row = FLOATS_PER_PERSON + k
    size = HEADER.itemsize + count * row * 4
    if len(data) != size:
        raise bad_landmarks("binary landmarks", f"{size} bytes for {count} people", len(data))
    t_ms = float(head["t_ms"])
    if not 0.0 <= t_ms <= 1e12:  # also NaN
        raise bad_landmarks("t_ms", "a number in 0..1e+12", t_ms)
    width, height = int(head["width"]), int(head["height"])
    if not (MIN_SIDE_PX <= width <= max_side_px and MIN_SIDE_PX <= height <= max_side_px):
        raise bad_landmarks("size", f"whole px, {MIN_SIDE_PX}..{max_side_px}", [width, height])
    said = float(head["inference_ms"])
    inference_ms = None if np.isnan(said) else said
    if inference_ms is not None and not 0.0 <= inference_ms <= MAX_INFERENCE_MS:
        raise bad_landmarks("inference_ms", f"a number in 0..{MAX_INFERENCE_MS:g}", inference_ms)
    body = np.frombuffer(data, "<f4", count=count * row, offset=HEADER.itemsize)
    body = body.reshape(count, row).astype(np.float64)
    image = body[:, :POINTS].reshape(count, NUM_JOINTS, 3)
    world = body[:, POINTS : 2 * POINTS].reshape(count, NUM_JOINTS, 3)
    visibility = body[:, 2 * POINTS : FLOATS_PER_PERSON]
    signals = body[:, FLOATS_PER_PERSON:]
    for name, values, limit in (("image", image, MAX_ABS_NORM), ("world", world, MAX_ABS_WORLD_M)):
        if count and not np.abs(values).max() <= limit:  # also NaN
            raise bad_landmarks(
                name, f"coordinates within +-{limit:g}", float(np.abs(values).max())
            )
    if count and not (visibility.min() >= 0.0 and visibility.max() <= 1.0):
        raise bad_landmarks(
            "visibility", "numbers in 0..1", visibility[~((visibility >= 0) & (visibility <= 1))][0]
        )
    measured = ~np.isnan(signals)
    if np.any(np.abs(signals[measured]) > MAX_ABS_SIGNAL):
        raise bad_landmarks(
            "signals", f"numbers in +-{MAX_ABS_SIGNAL:g}", float(np.abs(signals[measured]).max())
        )
    names = tuple(signal_order) if k else ()
    people = tuple(
        Person(
            image[i],
            world[i],
            visibility[i],
            {n: float(v) for n, v, m in zip(names, signals[i], measured[i], strict=True) if m},
        )
        for i in range(count)
    )
    return LandmarkMessage(t_ms, (width, height), people, inference_ms)


def landmarks_to_binary(
    t_ms: float,
    people: Sequence[PoseFrame],
    signals: Sequence[Mapping[str, float]] = (),
    inference_ms: float | None = None,
    *,
    signal_order: Sequence[str] = (),
) -> bytes:
    """The binary frame of one frame's landmarks (as `landmarks_to_wire`): each person's
    signals in `signal_order` (a missing one NaN), none when `signal_order` is empty."""
    width, height = people[0].image_size_px if people else (640, 480)
    head = np.zeros(1, HEADER)
    said_ms = np.nan if inference_ms is None else inference_ms
    head[0] = (MAGIC, t_ms, width, height, len(people), len(signal_order), 0, said_ms)
    rows = np.full((len(people), FLOATS_PER_PERSON + len(signal_order)), np.nan, "<f4")
    for i, p in enumerate(people):
        rows[i, :POINTS] = p.xyz_norm.ravel()
        rows[i, POINTS : 2 * POINTS] = p.xyz_world.ravel()
        rows[i, 2 * POINTS : FLOATS_PER_PERSON] = p.visibility
        said = signals[i] if i < len(signals) else {}
        for j, name in enumerate(signal_order):
            rows[i, FLOATS_PER_PERSON + j] = said.get(name, np.nan)
    return head.tobytes() + rows.tobytes()
