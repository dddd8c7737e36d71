"""Model files: the known variants, checksum verification, and loading once.

The Full variant is bundled in `models/` (see models/README.md). Lite and Heavy can be
fetched from the official MediaPipe models bucket where there is internet; their
checksums are not pinned upstream, so a fetched file is verified structurally (a task
bundle holding both TFLite models) and its sha256 is recorded in `models/fetched.json`
on first use and checked on every later load.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pose.errors import ModelFileError

__all__ = [
    "MODELS",
    "ModelBundle",
    "ModelInfo",
    "check_task_bundle",
    "default_models_dir",
    "load_model_bundle",
    "verify_model_file",
]

_BUCKET = "https://storage.googleapis.com/mediapipe-models/pose_landmarker"
_TASK_MEMBERS = ("pose_detector.tflite", "pose_landmarks_detector.tflite")


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str
    filename: str
    url: str
    sha256: str | None  # None: not pinned; recorded on first fetch (models/fetched.json)
    bundled: bool


MODELS: dict[str, ModelInfo] = {
    "full": ModelInfo(
        "full",
        "pose_landmarker_full.task",
        f"{_BUCKET}/pose_landmarker_full/float16/1/pose_landmarker_full.task",
        "5134a3aad27a58b93da0088d431f366da362b44e3ccfbe3462b3827a839011b1",
        bundled=True,
    ),
    "lite": ModelInfo(
        "lite",
        "pose_landmarker_lite.task",
        f"{_BUCKET}/pose_landmarker_lite/float16/1/pose_landmarker_lite.task",
        None,
        bundled=False,
    ),
    "heavy": ModelInfo(
        "heavy",
        "pose_landmarker_heavy.task",
        f"{_BUCKET}/pose_landmarker_heavy/float16/1/pose_landmarker_heavy.task",
        None,
        bundled=False,
    ),
}


@dataclass(frozen=True, slots=True, eq=False)
class ModelBundle:
    """A verified model file's bytes, loaded once and shared by every session."""

    info: ModelInfo
    path: Path
    data: bytes
    sha256: str


def default_models_dir() -> Path:
    """`models/` at the project root (next to the installed packages in a checkout)."""
    return Path(__file__).resolve().parent.parent / "models"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recorded_checksums(models_dir: Path) -> dict[str, str]:
    path = models_dir / "fetched.json"
    if not path.exists():
        return {}
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in loaded.items()}


def check_task_bundle(path: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise ModelFileError(
            f"{path} is not a MediaPipe task bundle (not a zip archive, {len(data)} bytes); "
            "delete it and run `formcheck models` to restore or fetch it"
        ) from None
    missing = [m for m in _TASK_MEMBERS if m not in names]
    if missing:
        raise ModelFileError(
            f"{path} is missing {', '.join(missing)}: not a pose landmarker bundle"
        )


def verify_model_file(info: ModelInfo, models_dir: Path) -> ModelBundle:
    """Read and verify one model file; raises ModelFileError naming the file and the fix."""
    path = models_dir / info.filename
    if not path.is_file():
        hint = (
            "restore it from the repository (git checkout -- models/) "
            "or copy it from ../shared/models/"
            if info.bundled
            else f"fetch it with `formcheck models --fetch {info.name}` (needs internet)"
        )
        raise ModelFileError(f"model file {path} is missing: {hint}")
    data = path.read_bytes()
    digest = sha256_of(data)
    expected = info.sha256 or recorded_checksums(models_dir).get(info.filename)
    if expected is not None and digest != expected:
        raise ModelFileError(
            f"model file {path} is damaged: sha256 {digest}, expected {expected}; "
            "restore it (git checkout -- models/, or fetch it again)"
        )
    check_task_bundle(path, data)
    return ModelBundle(info, path, data, digest)


def load_model_bundle(name: str = "full", models_dir: Path | None = None) -> ModelBundle:
    """Load and verify a model variant by name (`full`, `lite`, `heavy`)."""
    if name not in MODELS:
        raise ModelFileError(f"unknown model {name!r}; valid: {', '.join(MODELS)}")
    return verify_model_file(MODELS[name], models_dir or default_models_dir())
