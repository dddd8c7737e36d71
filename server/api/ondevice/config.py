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
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, FastAPI

from pose.adaptive import SAME_PERSON_MAX, AdaptiveConfig
from pose.motion import FARNEBACK, PROBES, REGIONS, MotionConfig
from server.api.boundary.strict import StrictJsonRoute
from server.api.ondevice.files import OnDeviceFiles
from server.pipelines import LANDMARKER_OPTIONS
from server.settings import Settings

__all__ = ["MIN_FPS", "WARMUP_MS", "install", "on_device_config", "router_for"]

log = logging.getLogger("formcheck.server")

MIN_FPS = 10.0  # below this the counters' timing suffers: the server does better
WARMUP_MS = 2000  # long enough for the landmarker's first slow frames to pass


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.title() for w in rest)


def on_device_config(files: OnDeviceFiles) -> dict[str, Any]:
    problem = files.problem
    return {
        "problem": problem,
        "bundle_url": files.urls.get("tasks-vision/vision_bundle.mjs"),
        "wasm_url": files.urls.get("tasks-vision/vision_bundle.mjs", "").rsplit("/", 1)[0]
        + "/wasm",
        "opencv_url": files.urls.get("opencv-js/opencv.js"),
        "flow_worker_url": "/ondevice/flow_worker.js",
        "model_url": None if problem else files.model_url(),
        "landmarker": {
            name: {_camel(k): v for k, v in asdict(opts).items() if k != "mode"}
            | {"runningMode": opts.mode.upper()}
            for name, opts in LANDMARKER_OPTIONS.items()
        },
        "adaptive": asdict(AdaptiveConfig()) | {"same_person_max": SAME_PERSON_MAX},
        "motion": {
            **asdict(MotionConfig()),
            "farneback": list(FARNEBACK),
            "boxes": {name: asdict(REGIONS[probe().region]) for name, probe in PROBES.items()},
        },
        "min_fps": MIN_FPS,
        "warmup_ms": WARMUP_MS,
    }


def router_for(files: OnDeviceFiles) -> APIRouter:
    router = APIRouter(prefix="/api", route_class=StrictJsonRoute)

    # A plain function (FastAPI's threadpool): the first call reads and hashes the model.
    @router.get("/on-device")
    def on_device() -> dict[str, Any]:
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
