"""The HTTP answers every page may ask for without a login: the text catalogue, what the
page runs its own pose model with (`GET /api/on-device`: the server's own numbers, see
`server.api.ondevice.config`), and the health check. The landmarkers' options are
MediaPipe's web option names (camelCase), which the page hands to the task as they are."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, RootModel
from pydantic.alias_generators import to_camel

from server.protocol.wire import Wire

__all__ = [
    "AdaptiveWire",
    "Health",
    "LandmarkerWire",
    "MotionWire",
    "OnDeviceConfig",
    "RegionBoxWire",
    "TextCatalogue",
]


class TextCatalogue(RootModel[dict[str, dict[str, str]]]):
    """language -> key -> text, every language of the catalogue (`exercises.texts`),
    Dutch first: the page holds no text of its own."""

    model_config = ConfigDict(frozen=True)


class Health(Wire):
    status: Literal["ok"] = "ok"


class LandmarkerWire(Wire):
    """One landmarker's options (`pose.estimator.EstimatorOptions`), camelCase on the wire."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    num_poses: int
    min_pose_detection_confidence: float
    min_pose_presence_confidence: float
    min_tracking_confidence: float
    running_mode: Literal["VIDEO", "IMAGE"]


class AdaptiveWire(Wire):
    """Switching between the two landmarkers (`pose.adaptive.AdaptiveConfig`), and when
    two people found are one (`pose.adaptive.SAME_PERSON_MAX`)."""

    calm_after_ms: int
    probe_every_ms: int
    same_person_max: float


class RegionBoxWire(Wire):
    """A box on the trunk in torso lengths (`pose.motion.RegionBox`)."""

    centre_frac: float
    half_along: float
    half_across: float


class MotionWire(Wire):
    """The breathing probes (`pose.motion.MotionConfig`), the Farneback parameters, and
    each probe's box."""

    work_px: int
    top_gradient_share: float
    max_gap_s: float
    min_torso_px: float
    farneback: tuple[float, int, int, int, int, float, int]
    boxes: dict[str, RegionBoxWire]


class OnDeviceConfig(Wire):
    """`problem`: why the page cannot run pose itself (null: it can); the files' URLs
    (null when missing); the automatic choice: on-device when the page measures at least
    `min_fps` during a warm-up of `warmup_ms`."""

    problem: str | None
    bundle_url: str | None
    wasm_url: str
    opencv_url: str | None
    flow_worker_url: str
    model_url: str | None
    landmarker: dict[str, LandmarkerWire]
    adaptive: AdaptiveWire
    motion: MotionWire
    min_fps: float
    warmup_ms: int
