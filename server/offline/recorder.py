"""Record a video's tracked landmarks (never its images) to an .npz file; or what a
browser running the model on it would send in on-device mode (`record_device_frames`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from exercises.registry import spec_of
from pose.models import ModelBundle, load_model_bundle
from pose.motion import PROBES, RegionMotion
from pose.recording import save_observations
from pose.sources import open_source
from pose.types import Frame, PoseFrame
from server.pipelines import new_estimator, pipeline_for

__all__ = ["DeviceFrame", "record_device_frames", "record_landmarks"]


def record_landmarks(
    video: Path, out: Path, exercise: str | None = None, loops: int = 1
) -> tuple[int, int]:
    """Returns (frames, frames with a person)."""
    if exercise is not None:
        spec_of(exercise)  # an unknown name fails before the model loads
    source = open_source(video, loops=loops)
    with new_estimator(load_model_bundle()) as estimator:
        pipeline = pipeline_for(exercise, estimator)
        observations = [pipeline.process(frame) for frame in source]
    save_observations(out, observations)
    return pipeline.frames, pipeline.frames_with_pose


@dataclass(frozen=True, slots=True)
class DeviceFrame:
    """One camera frame as the patient's browser reports it in on-device mode: its time
    on the page's clock, the model's people in its order (raw, not smoothed) and each
    person's probe signals (`pose.motion` over that person's raw landmarks)."""

    t_ms: float
    people: list[PoseFrame]
    signals: list[dict[str, float]]


def record_device_frames(
    video: Path,
    *,
    exercise: str,
    fps: float = 15.0,
    width_px: int = 640,
    bundle: ModelBundle | None = None,
) -> list[DeviceFrame]:
    """What a browser running the model on `video` sends (contract: one landmark message
    per camera frame, the frame scaled to `width_px` wide as server mode scales it):
    frames taken at `fps` (a camera's rate), the model's candidates, and the exercise's
    probes measured per person over the raw landmarks, with one probe per person slot
    (each keeps its previous frame)."""
    probe_names = spec_of(exercise).probes
    slots: list[dict[str, RegionMotion]] = []
    out: list[DeviceFrame] = []
    next_ms = 0.0
    with new_estimator(bundle or load_model_bundle()) as estimator:
        for frame in open_source(video):
            if frame.timestamp_ms < next_ms:
                continue
            next_ms += 1000.0 / fps
            scale = width_px / frame.width_px
            image = cv2.resize(frame.image_bgr, (width_px, round(frame.height_px * scale)))
            scaled = Frame(np.ascontiguousarray(image), frame.timestamp_ms, frame.index)
            people = estimator.estimate(scaled)
            while len(slots) < len(people):
                slots.append({name: PROBES[name]() for name in probe_names})
            signals: list[dict[str, float]] = []
            for person, probes in zip(people, slots, strict=False):
                measured = {name: probe.measure(scaled, person) for name, probe in probes.items()}
                signals.append({k: v for k, v in measured.items() if v is not None})
            out.append(DeviceFrame(float(frame.timestamp_ms), people, signals))
    return out
