"""Wire JSON: numpy scalars and non-finite numbers never fail a frame."""

from __future__ import annotations

import json

import numpy as np
import pytest

from server.wire import dumps


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
