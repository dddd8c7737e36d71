"""`GET /api/on-device` (public: the demo page needs it too): what the page runs its own
pose model with, taken from the server's own definitions so both modes run alike.

- the file URLs (`files.OnDeviceFiles`) and `problem` (why the page cannot, or null);
- the two landmarkers' thresholds (`server.pipelines.LANDMARKER_OPTIONS`, MediaPipe's
  option names in camelCase as the web task takes them) and their switching
  (`pose.adaptive.AdaptiveConfig`, and when two found are one person: SAME_PERSON_MAX);
- the breathing probes (`pose.motion`): `MotionConfig`, each signal's box, and the
  Farneback parameters;
- the automatic choice: on-device when the page measures at least `min_fps` during a
  warm-up of `warmup_ms` on the camera (issue 16).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, FastAPI

from pose.adaptive import SAME_PERSON_MAX, AdaptiveConfig
from pose.motion import FARNEBACK, PROBES, REGIONS, MotionConfig
from server.api.boundary.strict import StrictJsonRoute
from server.api.ondevice.files import OnDeviceFiles
from server.pipelines import LANDMARKER_OPTIONS
from server.protocol.page import (
    AdaptiveWire,
    LandmarkerWire,
    MotionWire,
    OnDeviceConfig,
    RegionBoxWire,
)
from server.settings import Settings

__all__ = ["MIN_FPS", "WARMUP_MS", "install", "on_device_config", "router_for"]

log = logging.getLogger("formcheck.server")

MIN_FPS = 10.0  # below this the counters' timing suffers: the server does better
WARMUP_MS = 2000  # long enough for the landmarker's first slow frames to pass


def on_device_config(files: OnDeviceFiles) -> OnDeviceConfig:
    problem = files.problem
    adaptive, motion = AdaptiveConfig(), MotionConfig()
    return OnDeviceConfig(
        problem=problem,
        bundle_url=files.urls.get("tasks-vision/vision_bundle.mjs"),
        wasm_url=files.urls.get("tasks-vision/vision_bundle.mjs", "").rsplit("/", 1)[0] + "/wasm",
        opencv_url=files.urls.get("opencv-js/opencv.js"),
        flow_worker_url="/ondevice/flow_worker.js",
        model_url=None if problem else files.model_url(),
        landmarker={
            name: LandmarkerWire(
                num_poses=opts.num_poses,
                min_pose_detection_confidence=opts.min_pose_detection_confidence,
                min_pose_presence_confidence=opts.min_pose_presence_confidence,
                min_tracking_confidence=opts.min_tracking_confidence,
                running_mode="VIDEO" if opts.mode == "video" else "IMAGE",
            )
            for name, opts in LANDMARKER_OPTIONS.items()
        },
        adaptive=AdaptiveWire(
            calm_after_ms=adaptive.calm_after_ms,
            probe_every_ms=adaptive.probe_every_ms,
            same_person_max=SAME_PERSON_MAX,
        ),
        motion=MotionWire(
            work_px=motion.work_px,
            top_gradient_share=motion.top_gradient_share,
            max_gap_s=motion.max_gap_s,
            min_torso_px=motion.min_torso_px,
            farneback=FARNEBACK,
            boxes={
                name: RegionBoxWire.of(REGIONS[probe().region]) for name, probe in PROBES.items()
            },
        ),
        min_fps=MIN_FPS,
        warmup_ms=WARMUP_MS,
    )


def router_for(files: OnDeviceFiles) -> APIRouter:
    router = APIRouter(prefix="/api", route_class=StrictJsonRoute)

    # A plain function (FastAPI's threadpool): the first call reads and hashes the model.
    @router.get("/on-device")
    def on_device() -> OnDeviceConfig:
        return on_device_config(files)

    return router


def install(app: FastAPI, settings: Settings) -> None:
    """The files' routes and the config's; a warning at start when files are missing
    (the page then says so in device mode, and sends images in auto mode)."""
    files = OnDeviceFiles(settings)
    if files.problem:
        log.warning("on-device pose unavailable: %s", files.problem)
    app.include_router(files.router())
    app.include_router(router_for(files))
