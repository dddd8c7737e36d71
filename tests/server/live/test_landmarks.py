"""The landmark message parser: the wire form round-trips, and every refusal has its
stable code and says what was expected (table-driven, then by property)."""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.live.landmarks import (
    CODES,
    MAX_LANDMARK_BYTES,
    MAX_PEOPLE,
    LandmarkError,
    landmarks_from_wire,
    landmarks_to_wire,
)
from server.wire import dumps, loads
from tests.server.replay import bridge_recording

SIGNALS = frozenset({"trunk_motion"})


def _valid(people: int = 1) -> dict[str, Any]:
    pose = next(o.pose for o in bridge_recording() if o.pose is not None)
    body = landmarks_to_wire(1234.5, [pose] * people, [{"trunk_motion": 0.01}] * people, 21.5)
    arrived: dict[str, Any] = loads(dumps(body))  # as it arrives: plain JSON values
    return arrived


def _parse(body: dict[str, Any]) -> Any:
    return landmarks_from_wire(body, signals=SIGNALS, max_side_px=2560)


def test_round_trip_keeps_every_number() -> None:
    pose = next(o.pose for o in bridge_recording() if o.pose is not None)
    message = _parse(_valid(2))
    assert message.t_ms == 1234.5
    assert message.size_px == pose.image_size_px
    assert message.inference_ms == 21.5
    (a, b) = message.candidates(777)
    assert a.timestamp_ms == 777
    assert np.array_equal(a.xyz_norm, pose.xyz_norm)
    assert np.array_equal(b.xyz_world, pose.xyz_world)
    assert np.array_equal(a.visibility, pose.visibility)
    assert message.signals() == [{"trunk_motion": 0.01}] * 2


def test_nobody_in_view_and_optional_fields() -> None:
    body = {"type": "landmarks", "t_ms": 0, "size": [640, 480], "people": []}
    message = _parse(body)
    assert message.people == ()
    assert message.inference_ms is None
    one = _valid()
    del one["people"][0]["signals"]
    del one["inference_ms"]
    assert _parse(one).signals() == [{}]


def _set(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    body = _valid()
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return body


def _drop(path: tuple[Any, ...]) -> dict[str, Any]:
    body = _valid()
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return body


REFUSALS = [
    ("missing t_ms", _drop(("t_ms",)), "bad_landmarks", "t_ms, size, people"),
    ("unknown key", _set(("extra",), 1), "bad_landmarks", "expected type"),
    ("t_ms a string", _set(("t_ms",), "5"), "bad_landmarks", "t_ms"),
    ("t_ms negative", _set(("t_ms",), -1), "bad_landmarks", "t_ms"),
    ("t_ms a bool", _set(("t_ms",), True), "bad_landmarks", "t_ms"),
    ("size of one", _set(("size",), [640]), "bad_landmarks", "[width, height]"),
    ("size in floats", _set(("size",), [640.0, 480.0]), "bad_landmarks", "whole px"),
    ("size too big", _set(("size",), [9000, 480]), "bad_landmarks", "16..2560"),
    ("people not a list", _set(("people",), {}), "bad_landmarks", "people"),
    ("32 landmarks", _set(("people", 0, "image"), [[0.5, 0.5, 0.0]] * 32), "bad_landmarks", "33"),
    ("a pair", _set(("people", 0, "world", 3), [0.1, 0.2]), "bad_landmarks", "[x, y, z]"),
    ("a null", _set(("people", 0, "image", 3, 1), None), "bad_landmarks", "numbers only"),
    ("a string", _set(("people", 0, "world", 0, 0), "0.1"), "bad_landmarks", "numbers only"),
    ("a bool", _set(("people", 0, "image", 0, 0), False), "bad_landmarks", "numbers only"),
    ("far out", _set(("people", 0, "image", 5, 0), 50.0), "bad_landmarks", "within +-10"),
    ("visibility > 1", _set(("people", 0, "visibility", 2), 1.5), "bad_landmarks", "0..1"),
    ("visibility short", _set(("people", 0, "visibility"), [1.0] * 3), "bad_landmarks", "33"),
    ("person key", _set(("people", 0, "face"), []), "bad_landmarks", "image, world"),
    ("no world", _drop(("people", 0, "world")), "bad_landmarks", "image, world"),
    ("signals a list", _set(("people", 0, "signals"), []), "bad_landmarks", "signal names"),
    ("signal a string", _set(("people", 0, "signals", "trunk_motion"), "x"), "bad_landmarks", ""),
    ("unknown signal", _set(("people", 0, "signals", "pulse"), 1.0), "unknown_signal", "pulse"),
    ("inference null", _set(("inference_ms",), None), "bad_landmarks", "inference_ms"),
    ("three people", _valid(MAX_PEOPLE + 1), "too_many_people", "at most 2, got 3"),
]


@pytest.mark.parametrize(
    ("body", "code", "says"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_refusals_have_a_stable_code_and_say_why(
    body: dict[str, Any], code: str, says: str
) -> None:
    with pytest.raises(LandmarkError) as caught:
        _parse(body)
    assert caught.value.code == code
    assert code in CODES
    assert says in str(caught.value)


def test_a_two_person_message_fits_the_size_limit_with_room() -> None:
    assert len(json.dumps(_valid(MAX_PEOPLE))) < MAX_LANDMARK_BYTES / 2


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=5),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.lists(st.integers(0, 3), max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in [(*prefix, k), *_paths(v, (*prefix, k))]]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in [(*prefix, i), *_paths(v, (*prefix, i))]]
    return []


_VALID = _valid()
_ALL_PATHS = _paths(_VALID)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_ALL_PATHS), _JUNK)
def test_any_damage_is_refused_with_a_code_or_read_as_valid(
    path: tuple[Any, ...], junk: Any
) -> None:
    """Whatever one value is replaced by, the parser either reads a valid message or
    refuses it with one of its codes: never another exception, never a NaN inside."""
    body = copy.deepcopy(_VALID)
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = junk
    code: str | None
    try:
        message = _parse(body)
    except LandmarkError as err:
        code = err.code
    else:
        code = None
    if code:
        assert code in CODES
        return
    for person in message.people:
        assert np.isfinite(person.xyz_norm).all()
        assert np.isfinite(person.xyz_world).all()
        assert ((person.visibility >= 0) & (person.visibility <= 1)).all()
