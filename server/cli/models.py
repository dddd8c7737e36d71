"""`formcheck models`: list, verify and fetch the pose model variants."""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pose.errors import ModelFileError
from pose.models import (
    MODELS,
    check_task_bundle,
    default_models_dir,
    recorded_checksums,
    sha256_of,
    verify_model_file,
)

__all__ = ["ModelRow", "fetch_model", "model_rows"]

_FETCH_TIMEOUT_S = 60


@dataclass(frozen=True, slots=True)
class ModelRow:
    name: str
    filename: str
    status: str  # ok, missing, damaged, unpinned
    detail: str


def model_rows(models_dir: Path | None = None) -> list[ModelRow]:
    folder = models_dir or default_models_dir()
    rows = []
    for info in MODELS.values():
        path = folder / info.filename
        if not path.exists():
            detail = "bundled; restore from git" if info.bundled else f"--fetch {info.name}"
            rows.append(ModelRow(info.name, info.filename, "missing", detail))
            continue
        try:
            bundle = verify_model_file(info, folder)
        except ModelFileError as err:
            rows.append(ModelRow(info.name, info.filename, "damaged", str(err)))
            continue
        pinned = info.sha256 is not None or info.filename in recorded_checksums(folder)
        status = "ok" if pinned else "unpinned"
        rows.append(ModelRow(info.name, info.filename, status, f"sha256 {bundle.sha256}"))
    return rows


def fetch_model(name: str, models_dir: Path | None = None, url: str | None = None) -> Path:
    """Download a variant (from the official bucket unless `url` names a mirror), verify
    it, and record its checksum."""
    if name not in MODELS:
        raise ModelFileError(f"unknown model {name!r}; valid: {', '.join(MODELS)}")
    info = MODELS[name]
    folder = models_dir or default_models_dir()
    target = folder / info.filename
    partial = target.with_suffix(".part")
    source = url or info.url
    if not source.startswith(("https://", "http://")):
        raise ModelFileError(f"model URL must be http(s): {source}")
    try:
        with urllib.request.urlopen(source, timeout=_FETCH_TIMEOUT_S) as response:  # noqa: S310
            partial.write_bytes(response.read())
    except OSError as err:
        raise ModelFileError(f"cannot fetch {source}: {err} (is there internet?)") from None
    data = partial.read_bytes()
    try:
        if info.sha256 is not None and sha256_of(data) != info.sha256:
            raise ModelFileError(f"fetched {info.filename} has the wrong sha256; not installed")
        check_task_bundle(partial, data)
    except ModelFileError:
        partial.unlink()
        raise
    partial.replace(target)
    if info.sha256 is None:
        sums = recorded_checksums(folder)
        sums[info.filename] = sha256_of(data)
        (folder / "fetched.json").write_text(json.dumps(sums, indent=2) + "\n", encoding="utf-8")
    return target
