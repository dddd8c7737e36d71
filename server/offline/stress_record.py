"""The stress set's committed recordings: what `analyze`'s pipeline saw on each run, small.

`formcheck stress --record` renders each run's clip (synth cache), runs `analyze` on it
(server/offline/analysis.py: the app's estimator, person selection and smoothing, the
engine) and keeps the observations the engine was fed, plus the run's exact truth, so the
stress set is replayed and scored in CI without rendering or MediaPipe.

Layout (`STRESS_DIR`): `<run name>.npz` per run and `runs.json`, the index: per run its
spec and cache key, engine, truth (count; holds as [start_ms, end_ms]) and what the live
`analyze` gave (count), with the model's hash at the top. Landmarks are quantised and
stored as time differences (image coordinates to 1/4000 of the frame, world to 1 mm,
visibility to 0.01), which `np.savez_compressed` packs to a few hundred bytes a frame.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from exercises.registry import spec_of
from pose.errors import NoPersonError
from pose.joints import NUM_JOINTS
from pose.models import ModelBundle
from pose.types import Observation, PoseFrame
from server.offline.analysis import AnalyzeRequest, analyze_video
from server.offline.scoreboard import ROOT  # the repository, one place
from server.offline.stress_set import StressRun

__all__ = [
    "ROOT",
    "STRESS_DIR",
    "STRESS_INDEX",
    "load_compact",
    "read_index",
    "record_runs",
    "run_truth",
    "save_compact",
]

STRESS_DIR = ROOT / "tests" / "exercises" / "stress"
STRESS_INDEX = STRESS_DIR / "runs.json"
_SCALE = {"xyz_norm": 4000.0, "xyz_world": 1000.0, "visibility": 100.0}
_LIMIT = 8.0  # image and world coordinates beyond +-8 are clipped (none are near it)


def _pack(values: npt.NDArray[np.float64], scale: float) -> npt.NDArray[np.int32]:
    q = np.round(np.clip(values, -_LIMIT, _LIMIT) * scale).astype(np.int32)
    return np.asarray(np.diff(q, axis=0, prepend=np.zeros_like(q[:1])), dtype=np.int32)


def _unpack(deltas: npt.NDArray[np.int32], scale: float) -> npt.NDArray[np.float64]:
    return np.asarray(np.cumsum(deltas, axis=0) / scale, dtype=np.float64)


def save_compact(path: Path, observations: Sequence[Observation]) -> None:
    """Write a stream of observations, quantised, to `path` (.npz)."""
    poses = [o.pose for o in observations if o.pose is not None]
    names = sorted({k for o in observations for k in o.signals})
    fields = {
        "xyz_norm": [p.xyz_norm for p in poses],
        "xyz_world": [p.xyz_world for p in poses],
        "visibility": [p.visibility for p in poses],
    }
    packed: dict[str, Any] = {
        key: _pack(np.asarray(v).reshape(len(poses), NUM_JOINTS, -1), _SCALE[key])
        if poses
        else np.zeros((0, NUM_JOINTS, 1), dtype=np.int32)
        for key, v in fields.items()
    }
    signals = np.array(
        [[o.signals.get(k, np.nan) for k in names] for o in observations], dtype=np.float32
    ).reshape(len(observations), len(names))
    np.savez_compressed(
        path,
        timestamp_ms=np.array([o.timestamp_ms for o in observations], dtype=np.int32),
        has_pose=np.array([o.pose is not None for o in observations], dtype=bool),
        image_size_px=np.array(poses[0].image_size_px if poses else (0, 0), dtype=np.int32),
        signal_names=np.array(names, dtype=str),
        signals=signals,
        **packed,
    )


def load_compact(path: Path) -> list[Observation]:
    """The observations `save_compact` wrote (to its precision)."""
    with np.load(path) as data:
        norm = _unpack(data["xyz_norm"], _SCALE["xyz_norm"])
        world = _unpack(data["xyz_world"], _SCALE["xyz_world"])
        vis = np.clip(_unpack(data["visibility"], _SCALE["visibility"])[..., 0], 0.0, 1.0)
        w, h = (int(v) for v in data["image_size_px"])
        names = [str(n) for n in data["signal_names"]]
        # each array read once: an .npz member is decompressed again at every data[name]
        times, has_pose, rows = data["timestamp_ms"], data["has_pose"], data["signals"]
    out: list[Observation] = []
    k = 0
    for i, ts in enumerate(times):
        pose = None
        if has_pose[i]:
            pose = PoseFrame(int(ts), norm[k], world[k], vis[k], (w, h))
            k += 1
        signals = {n: float(v) for n, v in zip(names, rows[i], strict=True) if np.isfinite(v)}
        out.append(Observation(int(ts), pose, signals))
    return out


def run_truth(run: StressRun, truth: dict[str, Any]) -> dict[str, Any]:
    """What the engine must report: the count (breaths for breathing, completed holds for
    the stretch, reps otherwise; 0 on a look-alike) and the holds, [start_ms, end_ms]."""
    if run.lookalike:
        return {"count": 0, "holds_ms": []}
    holds = [[h["start_ms"], h["end_ms"]] for h in truth["holds"]]
    spec = spec_of(run.engine)
    if spec.timed:
        count = len(truth["breaths_ms"])
    elif spec.counts_holds:
        count = len(holds)
    else:
        count = len(truth["reps"])
    return {"count": count, "holds_ms": holds}


def read_index(path: Path = STRESS_INDEX) -> dict[str, Any]:
    """The committed index ({"model_sha256": ..., "runs": {name: entry}}), or an empty one."""
    if not path.is_file():
        return {"model_sha256": None, "runs": {}}
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def _write_index(doc: dict[str, Any], path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def _record_one(run: StressRun, bundle: ModelBundle, folder: Path) -> dict[str, Any]:
    from synth.cache import cached_clip  # noqa: PLC0415 (the [synth] extra, on use)

    started = time.monotonic()
    result = cached_clip(run.spec)
    rendered = time.monotonic()
    observations: list[Observation] = []
    live: int | None
    try:
        report = analyze_video(
            AnalyzeRequest(result.clip_path, run.engine, prescription=run.prescription),
            bundle,
            on_observation=observations.append,
        ).to_json()
        live = report["breaths"] if spec_of(run.engine).timed else report["reps"]
    except NoPersonError:
        live = None  # analyze said nobody was found: no count
    save_compact(folder / f"{run.name}.npz", observations)
    truth = json.loads(result.truth_path.read_text(encoding="utf-8"))
    return {
        "spec": run.spec.to_dict(),
        "key": run.spec.key(),
        "engine": run.engine,
        "truth": run_truth(run, truth),
        "live_count": live,
        "frames": len(observations),
        "render_s": round(rendered - started, 1),
        "observe_s": round(time.monotonic() - rendered, 1),
    }


def record_runs(
    runs: Sequence[StressRun],
    bundle: ModelBundle,
    folder: Path = STRESS_DIR,
    progress: Callable[[StressRun, dict[str, Any]], None] | None = None,
) -> int:
    """Record every run whose recording is missing or stale (another spec, another model),
    writing the index after each; returns how many were recorded. Interrupted, it keeps
    what it finished and goes on from there next time."""
    folder.mkdir(parents=True, exist_ok=True)
    index_path = folder / STRESS_INDEX.name
    doc = read_index(index_path)
    if doc["model_sha256"] != bundle.sha256:
        doc = {"model_sha256": bundle.sha256, "runs": {}}
    done = 0
    for run in runs:
        old = doc["runs"].get(run.name)
        if (
            old is not None
            and old["key"] == run.spec.key()
            and (folder / f"{run.name}.npz").is_file()
        ):
            continue
        doc["runs"][run.name] = entry = _record_one(run, bundle, folder)
        _write_index(doc, index_path)
        done += 1
        if progress is not None:
            progress(run, entry)
    return done
