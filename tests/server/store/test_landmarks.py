"""Landmark blobs: float32 now, float64 from before revision 0002, anything else refused."""

from __future__ import annotations

import numpy as np
import pytest

from pose.joints import NUM_JOINTS
from pose.types import PoseFrame
from server.store.landmarks import COLUMNS, pack_landmarks, unpack_landmarks


def _table(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0, 1, (NUM_JOINTS, COLUMNS))


def test_a_pose_packs_to_float32() -> None:
    t = _table(1).astype(np.float32).astype(np.float64)  # values the model can give
    pose = PoseFrame(5, t[:, 0:3], t[:, 3:6], t[:, 6], (320, 240))
    blob = pack_landmarks(pose)
    assert len(blob) == NUM_JOINTS * COLUMNS * 4
    back = unpack_landmarks(blob, 5, (320, 240))
    assert np.array_equal(back.xyz_norm, pose.xyz_norm)
    assert np.array_equal(back.xyz_world, pose.xyz_world)
    assert np.array_equal(back.visibility, pose.visibility)


def test_an_old_float64_blob_reads_bit_exact() -> None:
    t = _table(2)
    back = unpack_landmarks(t.tobytes(), 7, (640, 480))
    assert np.array_equal(np.column_stack([back.xyz_norm, back.xyz_world, back.visibility]), t)


def test_a_blob_of_another_size_is_refused_naming_the_sizes() -> None:
    with pytest.raises(ValueError, match=r"100 bytes; expected \[924, 1848\]"):
        unpack_landmarks(b"\0" * 100, 0, (1, 1))
