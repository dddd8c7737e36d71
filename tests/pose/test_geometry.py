from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pose.geometry import (
    angle_between_deg,
    angle_deg,
    body_scale,
    cross,
    incline_deg,
    length,
    midpoint,
    normalised_distance,
    signed_angle_deg,
)

coord = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
point = st.tuples(coord, coord).map(lambda t: np.array(t, dtype=np.float64))


@pytest.mark.parametrize(
    ("a", "v", "c", "expected"),
    [
        ((1, 0), (0, 0), (0, 1), 90.0),
        ((1, 0), (0, 0), (-1, 0), 180.0),
        ((1, 0), (0, 0), (1, 0), 0.0),
        ((1, 0), (0, 0), (1, 1), 45.0),
        ((0, 0, 1), (0, 0, 0), (0, 1, 0), 90.0),
        ((0, 0), (0, 0), (1, 0), 180.0),  # degenerate arm
    ],
)
def test_angle_table(a, v, c, expected) -> None:
    got = angle_deg(np.array(a, float), np.array(v, float), np.array(c, float))
    assert got == pytest.approx(expected, abs=1e-9)


@given(point, point, point)
def test_angle_in_range_and_symmetric(a, v, c) -> None:
    ang = angle_deg(a, v, c)
    assert 0.0 <= ang <= 180.0
    assert ang == pytest.approx(angle_deg(c, v, a), abs=1e-6)


@given(point, point, point, point, st.floats(0.01, 100))
def test_angle_unchanged_by_translation_and_scale(a, v, c, shift, scale) -> None:
    if min(np.linalg.norm(a - v), np.linalg.norm(c - v)) < 1e-3:
        return  # degenerate arms are defined as 180 and do not scale meaningfully
    moved = angle_deg(a * scale + shift, v * scale + shift, c * scale + shift)
    assert moved == pytest.approx(angle_deg(a, v, c), abs=1e-4)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((0, 0), (1, 0), 0.0),
        ((0, 0), (0, 1), 90.0),
        ((0, 0), (-1, -1), 45.0),
        ((2, 2), (2, 2), 0.0),
    ],
)
def test_incline_table(start, end, expected) -> None:
    assert incline_deg(np.array(start, float), np.array(end, float)) == pytest.approx(expected)


@given(point, point)
def test_incline_in_range_and_direction_free(a, b) -> None:
    inc = incline_deg(a, b)
    assert 0.0 <= inc <= 90.0
    assert inc == pytest.approx(incline_deg(b, a))


def test_signed_angle_sign_follows_image_axes() -> None:
    assert signed_angle_deg(np.array([1.0, 0]), np.array([0.0, 1])) == pytest.approx(90.0)
    assert signed_angle_deg(np.array([1.0, 0]), np.array([0.0, -1])) == pytest.approx(-90.0)


def test_angle_between_zero_vector_is_180() -> None:
    assert angle_between_deg(np.zeros(2), np.array([1.0, 0])) == 180.0


def test_distances_normalised_by_body_scale() -> None:
    scale = body_scale(np.array([0.0, 0.0]), np.array([0.0, 2.0]))
    assert scale == 2.0
    assert normalised_distance(np.array([0.0, 0]), np.array([3.0, 4.0]), scale) == 2.5
    assert midpoint(np.array([0.0, 0]), np.array([2.0, 4])).tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="scale must be > 0"):
        normalised_distance(np.zeros(2), np.ones(2), 0.0)
    assert math.isfinite(scale)


@given(st.tuples(coord, coord, coord), st.tuples(coord, coord, coord))
def test_length_and_cross_agree_with_numpy(u, v) -> None:
    a, b = np.array(u), np.array(v)
    assert length(a) == pytest.approx(float(np.linalg.norm(a)), rel=1e-12, abs=1e-12)
    assert length(a[:2]) == pytest.approx(float(np.linalg.norm(a[:2])), rel=1e-12, abs=1e-12)
    assert cross(a, b).tolist() == np.cross(a, b).tolist()


def test_angles_take_plain_sequences_too() -> None:
    assert angle_between_deg((1.0, 0.0), (0.0, 2.0)) == pytest.approx(90.0)  # type: ignore[arg-type]
    assert length((3.0, 4.0)) == 5.0
