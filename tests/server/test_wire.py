"""Wire JSON: numpy scalars and non-finite numbers never fail a frame."""

from __future__ import annotations

import json

import numpy as np
import pytest

from server.wire import dumps, loads


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"a": np.int64(3)}, {"a": 3}),
        ({"a": np.float32(1.5)}, {"a": 1.5}),
        ({"a": np.array([1, 2])}, {"a": [1, 2]}),
        ({"a": float("nan"), "b": [1.0, float("inf")]}, {"a": None, "b": [1.0, None]}),
        ({"a": (np.float64("nan"), "x")}, {"a": [None, "x"]}),
    ],
)
def test_dumps_gives_strict_json(value: object, expected: object) -> None:
    text = dumps(value)
    assert "NaN" not in text
    assert "Infinity" not in text
    assert json.loads(text) == expected


def test_unknown_objects_still_fail_loudly() -> None:
    with pytest.raises(TypeError, match="object is not JSON serialisable"):
        dumps({"a": object()})


@pytest.mark.parametrize(
    "text", ["[1" + "0" * 400 + ".5]", '{"x": [1, 1' + "0" * 400 + ".0]}", "[2e308]", "[1E+400]"]
)
def test_loads_refuses_floats_out_of_range_on_its_fast_path_too(text: str) -> None:
    """Texts without a long number or a 3-digit exponent skip the per-float check; these
    have one, and are refused."""
    with pytest.raises(json.JSONDecodeError, match="out of a float's range"):
        loads(text)


def test_loads_reads_small_exponents_and_plain_floats_alike() -> None:
    assert loads('{"t_ms": 1.5e-7, "v": [0.25, 12]}') == {"t_ms": 1.5e-7, "v": [0.25, 12]}
    assert loads("[1e-400]") == [0.0]


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "\\ud800"}',
        '["ok", {"note": "a\\udfffb"}]',
        '{"\\u0000": 1}',
        b'{"password": "\xed\xa0\x80"}',  # a surrogate's bytes: json.loads lets them in
        b'{"username": "x\\u0000"}',
    ],
)
def test_loads_refuses_a_text_with_nul_or_a_lone_surrogate(text: str | bytes) -> None:
    with pytest.raises(json.JSONDecodeError, match="NUL or a lone surrogate"):
        loads(text)


def test_loads_keeps_every_real_character() -> None:
    assert loads('{"n": "Ren\\u00e9e \\ud83d\\ude00", "x": "\u00e9"}') == {
        "n": "Ren\u00e9e \U0001f600",
        "x": "\u00e9",
    }
