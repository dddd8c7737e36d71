"""Estimators described, not built: what an analysis child builds its own estimator from.

A clip is analysed in a child process (`server.jobs.child`); a built estimator (threads,
a loaded model) or a closure cannot cross to it, a small description can, as JSON. Each
recipe is also an estimator factory (call it: a fresh estimator), so the app's live
sessions can use the same one (`create_app(settings, estimator_factory=recipe)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pose.adaptive import ClosableEstimator

__all__ = ["EstimatorRecipe", "ModelRecipe", "ReplayRecipe", "recipe_from_wire"]


@dataclass(frozen=True, slots=True)
class ModelRecipe:
    """The bundled model `name` (full, lite, heavy) from `models_dir`, loaded and checked
    by the process that calls it (`server.pipelines.new_estimator`)."""

    name: str
    models_dir: Path

    def __call__(self) -> ClosableEstimator:
        from pose.models import load_model_bundle  # noqa: PLC0415 (mediapipe: slow)
        from server.pipelines import new_estimator  # noqa: PLC0415

        return new_estimator(load_model_bundle(self.name, self.models_dir))

    def to_wire(self) -> dict[str, Any]:
        return {"kind": "model", "name": self.name, "models_dir": str(self.models_dir)}


@dataclass(frozen=True, slots=True)
class ReplayRecipe:
    """A landmark recording (.npz, `formcheck record`) played back in the model's place
    (`pose.recording.ReplayEstimator`): `serve --replay` and the tests not about the model."""

    recording: Path

    def __call__(self) -> ClosableEstimator:
        from pose.recording import ReplayEstimator  # noqa: PLC0415

        return ReplayEstimator.from_recording(self.recording)

    def to_wire(self) -> dict[str, Any]:
        return {"kind": "replay", "recording": str(self.recording)}


EstimatorRecipe = ModelRecipe | ReplayRecipe


def recipe_from_wire(body: dict[str, Any]) -> EstimatorRecipe:
    """The recipe of a `to_wire` dict; an unknown kind fails, naming the known ones."""
    kind = body.get("kind")
    if kind == "model":
        return ModelRecipe(str(body["name"]), Path(body["models_dir"]))
    if kind == "replay":
        return ReplayRecipe(Path(body["recording"]))
    raise ValueError(f"unknown estimator recipe {kind!r}; valid: model, replay")
