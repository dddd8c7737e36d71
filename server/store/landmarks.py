"""A pose's landmarks as one blob: a (33, 7) table of x y z (image, 0-1), x y z (world,
metres) and visibility per joint.

Written as float32 (the model's own precision: MediaPipe's landmarks are 32-bit floats;
smoothing adds digits below a micrometre); blobs written before revision 0002 are
float64 and still read, told apart by their length.
"""

from __future__ import annotations

import numpy as np

from pose.joints import NUM_JOINTS
from pose.types import PoseFrame

__all__ = ["COLUMNS", "pack_landmarks", "unpack_landmarks"]

COLUMNS = 7
_DTYPES = {NUM_JOINTS * COLUMNS * np.dtype(t).itemsize: np.dtype(t) for t in ("<f4", "<f8")}


def pack_landmarks(pose: PoseFrame) -> bytes:
    table = np.empty((NUM_JOINTS, COLUMNS), dtype="<f4")
    table[:, 0:3] = pose.xyz_norm
    table[:, 3:6] = pose.xyz_world
    table[:, 6] = pose.visibility
    return table.tobytes()


def unpack_landmarks(blob: bytes, timestamp_ms: int, size: tuple[int, int]) -> PoseFrame:
    """The PoseFrame of a float32 or (older) float64 blob; float64 arrays either way."""
    dtype = _DTYPES.get(len(blob))
    if dtype is None:
        raise ValueError(
            f"landmark blob of {len(blob)} bytes; expected {sorted(_DTYPES)} "
            f"({NUM_JOINTS}x{COLUMNS} float32 or float64)"
        )
    table = np.frombuffer(blob, dtype=dtype).reshape(NUM_JOINTS, COLUMNS).astype(np.float64)
    return PoseFrame(
        timestamp_ms, table[:, 0:3].copy(), table[:, 3:6].copy(), table[:, 6].copy(), size
    )
