"""A landmark message from the patient's browser (on-device pose), read into one typed
value, strictly: `landmarks_from_wire(body, signals=..., max_side_px=...)`.

The wire form (a text message on a `source=device` socket, one per camera frame):
`{"type": "landmarks", "t_ms": 1234.5, "size": [w, h], "people": [person, ...],
"inference_ms": 21.5}` where a person is `{"image": [[x, y, z] * 33], "world": [[x, y,
z] * 33], "visibility": [v * 33], "signals": {"trunk_motion": 0.01}}`: MediaPipe's
normalised image coordinates, world coordinates in metres and visibility, in its order;
`signals` the breathing probes measured in the browser (optional, may be `{}`);
`inference_ms` the browser's own model time (optional). At most `MAX_PEOPLE` people; none
is nobody in view.

Anything else is refused with a `LandmarkError` whose `code` is stable (`CODES`) and
whose message says what was expected and what arrived. Reading costs ~0.1 ms (stdlib
json plus one numpy array per field): no faster parser pays for itself here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from pose.joints import NUM_JOINTS
from pose.types import FloatArray, Observation, PoseFrame
from server.pipelines import Observer
from server.protocol.codes import ErrorCode

__all__ = [
    "CODES",
    "MAX_ABS_NORM",
    "MAX_ABS_SIGNAL",
    "MAX_ABS_WORLD_M",
    "MAX_INFERENCE_MS",
    "MAX_LANDMARK_BYTES",
    "MAX_PEOPLE",
    "MIN_SIDE_PX",
    "LandmarkError",
    "LandmarkMessage",
    "Person",
    "bad_landmarks",
    "landmarks_from_wire",
    "landmarks_to_wire",
]

# A message of two people is ~11 kB of JSON at full float precision: 32 kB leaves room
# and bounds what one message can make the server parse.
MAX_LANDMARK_BYTES = 32 * 1024
# The server's own estimator looks for two (the patient and a therapist beside them).
MAX_PEOPLE = 2
# Bounds that no real landmark reaches: image coordinates slightly outside 0-1 are
# joints out of view; world coordinates are metres from the hips; the signals are
# torso lengths per second; the browser's model time is milliseconds.
MAX_ABS_NORM = 10.0
MAX_ABS_WORLD_M = 10.0
MAX_ABS_SIGNAL = 100.0
MAX_INFERENCE_MS = 60_000.0
MIN_SIDE_PX = 16

CODES = (
    "landmarks_too_large",  # the text is over MAX_LANDMARK_BYTES
    "bad_landmarks",  # a key, a number, a length or a type is not the wire form
    "too_many_people",  # more than MAX_PEOPLE
    "unknown_signal",  # a signal the exercise does not measure
    "landmarks_out_of_order",  # t_ms not after the previous message's (LiveSession)
)
_NUMBER_TYPES = frozenset({int, float})  # exactly: bool is an int to Python, not to us
_TOP_KEYS = frozenset({"type", "t_ms", "size", "people", "inference_ms"})
_PERSON_KEYS = frozenset({"image", "world", "visibility", "signals"})


class LandmarkError(ValueError):
    """A landmark message that is not the wire form; `code` is one of `CODES`."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True, eq=False)
class Person:
    """One person's landmarks as the browser's model found them (see `PoseFrame`)."""

    xyz_norm: FloatArray
    xyz_world: FloatArray
    visibility: FloatArray
    signals: dict[str, float]


@dataclass(frozen=True, slots=True, eq=False)
class LandmarkMessage:
    """One camera frame's landmarks: `t_ms` on the page's clock, `size_px` (width,
    height) of the image they refer to, the people in the model's order, and the
    browser's model time (None when not sent)."""

    t_ms: float
    size_px: tuple[int, int]
    people: tuple[Person, ...]
    inference_ms: float | None
    needs_model: ClassVar[bool] = False  # found by the browser's model: the step is all

    @property
    def page_t_ms(self) -> float:
        return self.t_ms

    def observe(self, pipeline: Observer, timestamp_ms: int) -> tuple[Observation, float]:
        """The pipeline's observation of these people at session time `timestamp_ms`
        (`server.live.job.Poses`), and the browser's model time (0 when not sent)."""
        observation = pipeline.observe(self.candidates(timestamp_ms), timestamp_ms, self.signals())
        return observation, self.inference_ms or 0.0

    def candidates(self, timestamp_ms: int) -> list[PoseFrame]:
        """The people as the pipeline's candidates, at session time `timestamp_ms`."""
        return [
            PoseFrame(timestamp_ms, p.xyz_norm, p.xyz_world, p.visibility, self.size_px)
            for p in self.people
        ]

    def signals(self) -> list[dict[str, float]]:
        """Each candidate's signals, in the candidates' order."""
        return [p.signals for p in self.people]


def bad_landmarks(what: str, expected: str, got: object) -> LandmarkError:
    """The refusal of a value not of the wire form: what, what was expected, what came."""
    return LandmarkError(ErrorCode.BAD_LANDMARKS, f"{what}: expected {expected}, got {_show(got)}")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _number(value: object, what: str, low: float, high: float) -> float:
    if not (type(value) is float or type(value) is int) or not low <= value <= high:
        raise bad_landmarks(what, f"a number in {low:g}..{high:g}", value)
    return float(value)


def _points(value: object, what: str, limit: float) -> FloatArray:
    """33 [x, y, z] rows of finite numbers within +-limit, as a (33, 3) array."""
    if not isinstance(value, list) or len(value) != NUM_JOINTS:
        size = len(value) if isinstance(value, list) else type(value).__name__
        raise bad_landmarks(what, f"a list of {NUM_JOINTS} [x, y, z]", size)
    flat: list[Any] = []
    for i, row in enumerate(value):
        if not isinstance(row, list) or len(row) != 3:
            raise bad_landmarks(f"{what}[{i}]", "[x, y, z]", row)
        flat += row
    if not set(map(type, flat)) <= _NUMBER_TYPES:  # one C pass: bool, str, None are out
        raise bad_landmarks(
            what, "numbers only", next(v for v in flat if type(v) not in _NUMBER_TYPES)
        )
    arr = np.array(flat, dtype=np.float64).reshape(NUM_JOINTS, 3)
    if not np.abs(arr).max() <= limit:  # also NaN (loads lets none through)
        raise bad_landmarks(what, f"coordinates within +-{limit:g}", float(np.abs(arr).max()))
    return arr


def _visibility(value: object, what: str) -> FloatArray:
    if not isinstance(value, list) or len(value) != NUM_JOINTS:
        size = len(value) if isinstance(value, list) else type(value).__name__
        raise bad_landmarks(what, f"a list of {NUM_JOINTS} numbers", size)
    if not set(map(type, value)) <= _NUMBER_TYPES:
        raise bad_landmarks(
            what, "numbers only", next(v for v in value if type(v) not in _NUMBER_TYPES)
        )
    arr = np.array(value, dtype=np.float64)
    if not (arr.min() >= 0.0 and arr.max() <= 1.0):
        raise bad_landmarks(what, "numbers in 0..1", float(arr[(arr < 0) | (arr > 1)][0]))
    return arr


def _signals(value: object, what: str, allowed: Collection[str]) -> dict[str, float]:
    if not isinstance(value, dict):
        raise bad_landmarks(what, "an object of signal names and numbers", value)
    unknown = sorted(set(value).difference(allowed))
    if unknown:
        raise LandmarkError(
            ErrorCode.UNKNOWN_SIGNAL,
            f"{what}: this exercise measures {sorted(allowed) or 'no signals'}, "
            f"got {_show(unknown)}",
        )
    return {
        name: _number(v, f"{what}.{name}", -MAX_ABS_SIGNAL, MAX_ABS_SIGNAL)
        for name, v in value.items()
    }


def _person(value: object, what: str, allowed: Collection[str]) -> Person:
    if not isinstance(value, dict):
        raise bad_landmarks(what, "an object with image, world and visibility", value)
    keys = set(value)
    if not {"image", "world", "visibility"} <= keys <= _PERSON_KEYS:
        raise bad_landmarks(f"{what} keys", "image, world, visibility (and signals)", sorted(keys))
    return Person(
        _points(value["image"], f"{what}.image", MAX_ABS_NORM),
        _points(value["world"], f"{what}.world", MAX_ABS_WORLD_M),
        _visibility(value["visibility"], f"{what}.visibility"),
        _signals(value.get("signals", {}), f"{what}.signals", allowed),
    )


def landmarks_from_wire(
    body: Mapping[str, Any], *, signals: Collection[str], max_side_px: int
) -> LandmarkMessage:
    """`body` (a parsed message whose type is "landmarks") as a `LandmarkMessage`;
    `signals` are the names the exercise measures, `max_side_px` the longest image side
    accepted. Raises `LandmarkError`. The text's size is checked before parsing
    (`MAX_LANDMARK_BYTES`), by the socket."""
    keys = set(body)
    if not {"type", "t_ms", "size", "people"} <= keys <= _TOP_KEYS:
        raise bad_landmarks(
            "message keys", "type, t_ms, size, people (and inference_ms)", sorted(keys)
        )
    if body["type"] != "landmarks":
        raise bad_landmarks("type", '"landmarks"', body["type"])
    t_ms = _number(body["t_ms"], "t_ms", 0.0, 1e12)
    size = body["size"]
    if (
        not isinstance(size, list)
        or len(size) != 2
        or not all(type(v) is int and MIN_SIDE_PX <= v <= max_side_px for v in size)
    ):
        raise bad_landmarks(
            "size", f"[width, height] in whole px, {MIN_SIDE_PX}..{max_side_px}", size
        )
    people = body["people"]
    if not isinstance(people, list):
        raise bad_landmarks("people", "a list", people)
    if len(people) > MAX_PEOPLE:
        raise LandmarkError(
            ErrorCode.TOO_MANY_PEOPLE, f"people: expected at most {MAX_PEOPLE}, got {len(people)}"
        )
    inference_ms = None
    if "inference_ms" in body:
        inference_ms = _number(body["inference_ms"], "inference_ms", 0.0, MAX_INFERENCE_MS)
    return LandmarkMessage(
        t_ms,
        (size[0], size[1]),
        tuple(_person(p, f"people[{i}]", signals) for i, p in enumerate(people)),
        inference_ms,
    )


def landmarks_to_wire(
    t_ms: float,
    people: Sequence[PoseFrame],
    signals: Sequence[Mapping[str, float]] = (),
    inference_ms: float | None = None,
) -> dict[str, Any]:
    """The wire form of one frame's landmarks (what the page sends; for tests and the
    benchmark): `people` in the model's order, all of one image (`size` from the first;
    640x480 when nobody is in view), `signals[i]` belonging to `people[i]`."""
    size = people[0].image_size_px if people else (640, 480)
    body: dict[str, Any] = {
        "type": "landmarks",
        "t_ms": t_ms,
        "size": list(size),
        "people": [
            {
                "image": p.xyz_norm.tolist(),
                "world": p.xyz_world.tolist(),
                "visibility": p.visibility.tolist(),
                "signals": dict(signals[i]) if i < len(signals) else {},
            }
            for i, p in enumerate(people)
        ],
    }
    if inference_ms is not None:
        body["inference_ms"] = inference_ms
    return body
