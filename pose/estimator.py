"""The MediaPipe Pose Landmarker (VIDEO or IMAGE mode): the only module that imports mediapipe.

`MediaPipeEstimator.estimate(frame)` returns every person found, as validated
`PoseFrame`s; choosing the exerciser among them is `pose.selection`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import mediapipe as mp
import numpy as np
from mediapipe.tasks.python import BaseOptions, vision

from pose.closing import Closing
from pose.joints import NUM_JOINTS
from pose.models import ModelBundle
from pose.native_memory import release_freed
from pose.types import Frame, PoseFrame

__all__ = ["EstimatorOptions", "MediaPipeEstimator"]


@dataclass(frozen=True, slots=True)
class EstimatorOptions:
    """MediaPipe thresholds. `num_poses` > 1 lets selection pick among several people.

    `mode` "video" tracks across calls (one landmarker per stream); "image" treats every
    call on its own (detector on every frame: no state, so one may serve many streams)."""

    num_poses: int = 2
    mode: Literal["video", "image"] = "video"
    min_pose_detection_confidence: float = 0.5
    min_pose_presence_confidence: float = 0.5
    min_tracking_confidence: float = 0.5

    def __post_init__(self) -> None:
        if not 1 <= self.num_poses <= 6:
            raise ValueError(f"num_poses must be 1-6, got {self.num_poses}")


class MediaPipeEstimator(Closing):
    """One PoseLandmarker. In VIDEO mode, one per stream: it tracks across calls, and
    timestamps must increase; an equal or earlier timestamp is moved 1 ms past the last
    one (live cameras can repeat a timestamp), and the returned poses keep the frame's own.
    """

    def __init__(self, bundle: ModelBundle, options: EstimatorOptions | None = None) -> None:
        opts = options or EstimatorOptions()
        task_options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_buffer=bundle.data),
            running_mode=vision.RunningMode.VIDEO
            if opts.mode == "video"
            else vision.RunningMode.IMAGE,
            num_poses=opts.num_poses,
            min_pose_detection_confidence=opts.min_pose_detection_confidence,
            min_pose_presence_confidence=opts.min_pose_presence_confidence,
            min_tracking_confidence=opts.min_tracking_confidence,
        )
        self._landmarker = vision.PoseLandmarker.create_from_options(task_options)
        self._video = opts.mode == "video"
        self._last_ts_ms = -1
        self._closed = False

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        if self._closed:
            raise RuntimeError("MediaPipeEstimator.estimate called after close()")
        ts = max(frame.timestamp_ms, self._last_ts_ms + 1)
        self._last_ts_ms = ts
        rgb = cv2.cvtColor(frame.image_bgr, cv2.COLOR_BGR2RGB)
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        result = (
            self._landmarker.detect_for_video(image, ts)
            if self._video
            else self._landmarker.detect(image)
        )
        size = (frame.width_px, frame.height_px)
        poses: list[PoseFrame] = []
        for norm, world in zip(result.pose_landmarks, result.pose_world_landmarks, strict=True):
            if len(norm) != NUM_JOINTS:
                continue  # a model variant with other landmarks; nothing we can read
            xyz_norm = np.array([[p.x, p.y, p.z] for p in norm], dtype=np.float64)
            xyz_world = np.array([[p.x, p.y, p.z] for p in world], dtype=np.float64)
            vis = np.array([p.visibility or 0.0 for p in norm], dtype=np.float64)
            if not (np.all(np.isfinite(xyz_norm)) and np.all(np.isfinite(xyz_world))):
                continue  # "no person" is None upstream, never NaNs
            poses.append(
                PoseFrame(frame.timestamp_ms, xyz_norm, xyz_world, np.clip(vis, 0, 1), size)
            )
        return poses

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._landmarker.close()
            release_freed()  # a session's graph is tens of MB (pose/native_memory.py)
