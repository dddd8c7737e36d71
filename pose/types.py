"""The typed values that cross the pose boundary: `Frame` in, `PoseFrame` out.

Both are validated when built; an invalid value raises `InvalidPoseError` naming the
rule broken and the value that broke it.  "No person" is `None`, never a PoseFrame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from pose.errors import InvalidPoseError
from pose.joints import NUM_JOINTS, Joint

if TYPE_CHECKING:
    from pose.view import ViewEstimate

__all__ = ["FloatArray", "Frame", "Observation", "PoseFrame", "Side"]

Side = Literal["left", "right"]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded camera or video image (BGR, uint8, HxWx3) with its time."""

    image_bgr: npt.NDArray[np.uint8]
    timestamp_ms: int
    index: int = 0

    def __post_init__(self) -> None:
        img = self.image_bgr
        if img.dtype != np.uint8 or img.ndim != 3 or img.shape[2] != 3:
            raise InvalidPoseError(
                f"Frame.image_bgr must be uint8 HxWx3, got {img.dtype} {img.shape}"
            )
        if img.shape[0] < 16 or img.shape[1] < 16:
            raise InvalidPoseError(f"Frame is too small to hold a person: {img.shape[:2]}")
        if self.timestamp_ms < 0:
            raise InvalidPoseError(f"timestamp_ms must be >= 0, got {self.timestamp_ms}")

    @property
    def width_px(self) -> int:
        return int(self.image_bgr.shape[1])

    @property
    def height_px(self) -> int:
        return int(self.image_bgr.shape[0])


@dataclass(frozen=True, slots=True, eq=False)
class PoseFrame:
    """One person's 33 landmarks at one instant.

    - `xyz_norm`: (33, 3) image coordinates; x and y in 0-1 of the image width and
      height (may fall slightly outside when a joint is out of view), z relative depth.
    - `xyz_world`: (33, 3) metres, origin between the hips (MediaPipe world landmarks).
    - `visibility`: (33,) 0-1 likelihood that the landmark is visible.
    - `image_size_px`: (width, height) of the image the landmarks refer to.
    """

    timestamp_ms: int
    xyz_norm: FloatArray
    xyz_world: FloatArray
    visibility: FloatArray
    image_size_px: tuple[int, int] = (640, 480)
    # Every joint's (x, y) in pixels, worked out once: the engines ask for dozens a frame.
    _xy_px: FloatArray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, arr, shape in (
            ("xyz_norm", self.xyz_norm, (NUM_JOINTS, 3)),
            ("xyz_world", self.xyz_world, (NUM_JOINTS, 3)),
            ("visibility", self.visibility, (NUM_JOINTS,)),
        ):
            if arr.shape != shape:
                raise InvalidPoseError(f"PoseFrame.{name} must have shape {shape}, got {arr.shape}")
            if not np.all(np.isfinite(arr)):
                raise InvalidPoseError(f"PoseFrame.{name} holds NaN or inf; use None for no person")
        if self.timestamp_ms < 0:
            raise InvalidPoseError(f"timestamp_ms must be >= 0, got {self.timestamp_ms}")
        w, h = self.image_size_px
        if w <= 0 or h <= 0:
            raise InvalidPoseError(f"image_size_px must be positive, got {self.image_size_px}")
        xy_px = self.xyz_norm[:, :2] * np.array([w, h], dtype=np.float64)
        xy_px.flags.writeable = False  # shared by every `px` call: nobody may change it
        object.__setattr__(self, "_xy_px", xy_px)

    def norm(self, joint: Joint) -> FloatArray:
        """Image-space (x, y) of a joint, 0-1 of width and height."""
        return self.xyz_norm[joint, :2]

    def px(self, joint: Joint) -> FloatArray:
        """Image-space (x, y) of a joint in pixels (square pixels, so angles are true).
        Read-only: a view into the frame's one table, not a copy."""
        xy: FloatArray = self._xy_px[joint]
        return xy

    def px_of(self, joints: Sequence[Joint]) -> FloatArray:
        """The joints' (x, y) in pixels, one row each (a new array: one call for many)."""
        xy: FloatArray = self._xy_px[list(joints)]
        return xy

    def world(self, joint: Joint) -> FloatArray:
        """World (x, y, z) of a joint in metres."""
        return np.asarray(self.xyz_world[joint], dtype=np.float64)

    def vis(self, joint: Joint) -> float:
        return float(self.visibility[joint])

    def with_timestamp(self, timestamp_ms: int) -> PoseFrame:
        return PoseFrame(
            timestamp_ms,
            self.xyz_norm,
            self.xyz_world,
            self.visibility,
            self.image_size_px,
        )


@dataclass(frozen=True, slots=True)
class Observation:
    """What an exercise sees at one instant: the tracked pose, or None when nobody is.

    `signals` carries optional per-frame measurements made from the image in `pose/`
    (for example `belly_motion` for breathing), keyed by name with their unit in it.
    `view` is the camera view of `pose` (`pose.view.estimate_view`), worked out once when
    the observation is made (None without a pose): every reader of the frame (the engine,
    the judge, the setup check, the overlay, the report) takes it from here.
    """

    timestamp_ms: int
    pose: PoseFrame | None
    signals: dict[str, float] = field(default_factory=dict)
    view: ViewEstimate | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.timestamp_ms < 0:
            raise InvalidPoseError(f"timestamp_ms must be >= 0, got {self.timestamp_ms}")
        if self.pose is not None and self.pose.timestamp_ms != self.timestamp_ms:
            raise InvalidPoseError(
                f"Observation at {self.timestamp_ms} ms carries a pose "
                f"from {self.pose.timestamp_ms} ms"
            )
        if self.pose is not None and self.view is None:
            from pose.view import estimate_view  # noqa: PLC0415 (pose.view builds on this module)

            object.__setattr__(self, "view", estimate_view(self.pose))
