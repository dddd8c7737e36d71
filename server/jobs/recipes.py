"""Estimators described, not built: what an analysis child builds its own estimator from.

A clip is analysed in a child process (`server.jobs.child`); a built estimator (threads,
a loaded model) or a closure cannot cross to it, a small description can, as JSON. Each
recipe is also an estimator factory (call it: a fresh estimator), so the app's live
sessions can use the same one (`create_app(settings, estimator_factory=recipe)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from pose.adaptive import ClosableEstimator

__all__ = [
    "EstimatorRecipe",
    "ModelRecipe",
    "RecipeWire",
    "ReplayRecipe",
    "recipe_from_json",
    "recipe_to_json",
]


@dataclass(frozen=True, slots=True)
class ModelRecipe:
    """The bundled model `name` (full, lite, heavy) from `models_dir`, loaded and checked
    by the process that calls it (`server.pipelines.new_estimator`)."""

    name: str
    models_dir: Path
    kind: Literal["model"] = "model"

    def __call__(self) -> ClosableEstimator:
        from pose.models import load_model_bundle  # noqa: PLC0415 (mediapipe: slow)
        from server.pipelines import new_estimator  # noqa: PLC0415

        return new_estimator(load_model_bundle(self.name, self.models_dir))


@dataclass(frozen=True, slots=True)
class ReplayRecipe:
    """A landmark recording (.npz, `formcheck record`) played back in the model's place
    (`pose.recording.ReplayEstimator`): `serve --replay` and the tests not about the model."""

    recording: Path
    kind: Literal["replay"] = "replay"

    def __call__(self) -> ClosableEstimator:
        from pose.recording import ReplayEstimator  # noqa: PLC0415

        return ReplayEstimator.from_recording(self.recording)


EstimatorRecipe = ModelRecipe | ReplayRecipe
RecipeWire = Annotated[EstimatorRecipe, Field(discriminator="kind")]  # by `kind`
_RECIPE: TypeAdapter[EstimatorRecipe] = TypeAdapter(RecipeWire)


def recipe_to_json(recipe: EstimatorRecipe) -> str:
    return _RECIPE.dump_json(recipe).decode("utf-8")


def recipe_from_json(text: str | bytes) -> EstimatorRecipe:
    """The recipe of `recipe_to_json`'s text; an unknown kind fails, naming the known ones
    (`pydantic.ValidationError`)."""
    return _RECIPE.validate_json(text)
