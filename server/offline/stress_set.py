"""The stress set: a fixed, seeded random sample of rendered runs that no tuning can fit.

Each run is a synthetic clip (synth.SynthSpec) seen through one engine: our four
exercises through their own, each look-alike (synth.spec.LOOKALIKES) through one of the
engines it resembles, picked by the seed. The sample is drawn over the body (size and
SMPL-X proportions), the camera (view, azimuth, height, distance), clothing colours,
frame rate, props and a second person; the exerciser's truth is exact. `stress_runs()`
is the same list on every machine: changing `STRESS_SEED` or a range below changes the
sample, and the committed recordings (server/offline/stress_record.py) go stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

import numpy as np

from exercises.base import Prescription
from exercises.registry import default_prescription
from synth.spec import LOOKALIKES, SynthSpec, View

__all__ = ["FACTORS", "STRESS_SEED", "StressRun", "factor_levels", "stress_runs"]
_SETTLE_S = 1.0  # the stretch's prescribed hold: the scripted one less time to settle in

STRESS_SEED = 22  # issue 22
# runs per exercise and per look-alike: 140 exercise runs, 70 look-alike runs
_PER_EXERCISE = {"bridge": 44, "clamshell": 38, "hip_flexor_stretch": 30, "breathing": 28}
_PER_LOOKALIKE = 10
_VIEWS: tuple[View, ...] = ("side", "oblique", "feet", "front")
_VIEW_P = (0.4, 0.3, 0.15, 0.15)
_FPS = (10.0, 12.0, 15.0, 20.0)
_FPS_P = (0.3, 0.25, 0.35, 0.1)
_SECONDS = (None, "kneel_behind", "sit_beside", "walk_past")
_SECOND_P = (0.55, 0.15, 0.15, 0.15)
_PROPS: dict[str, tuple[tuple[str | None, ...], tuple[float, ...]]] = {
    "bridge": ((None, "ball", "band", "dumbbell"), (0.4, 0.2, 0.2, 0.2)),
    "clamshell": ((None, "ball", "band"), (0.5, 0.25, 0.25)),
}
_BODIES: tuple[Literal["small", "medium", "large"], ...] = ("small", "medium", "large")
# Table rows per factor (docs/stress.md): the level of a run for each.
FACTORS = (
    "view",
    "camera height",
    "distance",
    "body",
    "clothing",
    "frame rate",
    "prop",
    "second person",
)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StressRun:
    """One clip through one engine; `name` orders the runs and names the recording."""

    name: str
    spec: SynthSpec
    engine: str

    @property
    def lookalike(self) -> bool:
        return self.spec.is_lookalike

    @property
    def prescription(self) -> Prescription:
        """What the therapist prescribed: the clinic default, but for the stretch a hold
        the scripted one completes (the default 30 s would leave every hold short)."""
        dose = default_prescription(self.engine)
        if self.engine == "hip_flexor_stretch" and not self.lookalike:
            return replace(dose, hold_s=self.spec.hold_s - _SETTLE_S, side=self.spec.side)
        return dose


def _choice(rng: np.random.Generator, options: Sequence[T], p: Sequence[float]) -> T:
    return options[int(rng.choice(len(options), p=np.asarray(p) / sum(p)))]


def _timing(rng: np.random.Generator, exercise: str) -> dict[str, object]:
    """Reps, holds and tempo of one run: short clips (about 7-17 s)."""
    tempo = {
        "up_s": round(float(rng.uniform(0.8, 1.5)), 2),
        "down_s": round(float(rng.uniform(0.8, 1.5)), 2),
        "rest_s": round(float(rng.uniform(0.5, 1.2)), 2),
        "lead_in_s": 1.2,
    }
    if exercise == "bridge":
        hold = _choice(rng, (0.3, 0.5, 1.0, 2.0, 3.0), (1, 1, 1, 1, 1))
        return {**tempo, "reps": int(rng.integers(1, 4)), "hold_s": hold}
    if exercise == "clamshell":
        hold = round(float(rng.uniform(0.2, 1.0)), 2)
        return {**tempo, "reps": int(rng.integers(2, 5)), "hold_s": hold}
    if exercise == "hip_flexor_stretch":
        hold = round(float(rng.uniform(3.0, 6.0)), 1)
        return {**tempo, "reps": int(rng.integers(1, 3)), "hold_s": hold}
    if exercise == "breathing":
        rate = round(float(rng.uniform(6.0, 12.0)), 1)
        return {"duration_s": round(float(rng.uniform(12.0, 18.0))), "breath_rate_bpm": rate}
    if exercise == "fidgeting":
        return {"duration_s": 16.0}  # all five moves fit in 16 s
    if exercise == "lying_still":
        return {"duration_s": round(float(rng.uniform(8.0, 12.0)))}
    hold = 2.0 if exercise == "knee_to_chest" else 0.3
    reps = 2 if exercise == "knee_to_chest" else 3
    return {**tempo, "reps": reps, "hold_s": hold}


def _variant(rng: np.random.Generator, exercise: str) -> str:
    if exercise == "lying_still":
        return _choice(rng, ("good", "side_lying"), (1, 1))
    return "good"


def _spec(rng: np.random.Generator, exercise: str) -> SynthSpec:
    props, prop_p = _PROPS.get(exercise, ((None,), (1.0,)))
    shape: tuple[float, ...] = ()
    if rng.random() < 0.5:
        shape = tuple(round(float(v), 2) for v in np.clip(rng.normal(0.0, 0.8, 4), -2.0, 2.0))
    clothes: dict[str, object] = {}
    if rng.random() < 0.5:
        shirt, trousers = (tuple(int(c) for c in rng.integers(0, 256, 3)) for _ in range(2))
        clothes = {"shirt_rgb": shirt, "trousers_rgb": trousers}
    return SynthSpec(
        exercise,
        side=_choice(rng, ("left", "right"), (1, 1)),
        view=_choice(rng, _VIEWS, _VIEW_P),
        azimuth_deg=round(float(rng.uniform(-25.0, 25.0)), 1),
        camera_height_m=round(float(rng.uniform(0.3, 1.5)), 2),
        distance_m=round(float(rng.uniform(1.9, 3.4)), 2),
        body=_choice(rng, _BODIES, (1, 1, 1)),
        body_shape=shape,
        variant=_variant(rng, exercise),
        seed=int(rng.integers(1, 1_000_000)),
        fps=_choice(rng, _FPS, _FPS_P),
        prop=_choice(rng, props, prop_p),
        second=_choice(rng, _SECONDS, _SECOND_P),
        **clothes,  # type: ignore[arg-type]
        **_timing(rng, exercise),  # type: ignore[arg-type]
    )


def stress_runs() -> list[StressRun]:
    """The whole sample, shuffled (so the first N are a fair sample of all)."""
    rng = np.random.default_rng(STRESS_SEED)
    planned: list[tuple[SynthSpec, str]] = []
    for exercise, n in _PER_EXERCISE.items():
        planned += [(_spec(rng, exercise), exercise) for _ in range(n)]
    for name, engines in LOOKALIKES.items():
        for _ in range(_PER_LOOKALIKE):
            planned.append((_spec(rng, name), _choice(rng, engines, [1] * len(engines))))
    order = rng.permutation(len(planned))
    runs = []
    for i, k in enumerate(order):
        spec, engine = planned[int(k)]
        runs.append(StressRun(f"{i:03d}-{spec.exercise}-{engine}", spec, engine))
    return runs


def _band(value: float, edges: tuple[float, float], names: tuple[str, str, str]) -> str:
    return names[0] if value < edges[0] else names[1] if value < edges[1] else names[2]


def factor_levels(spec: SynthSpec) -> dict[str, str]:
    """The run's level for each of `FACTORS`, plus the second person."""
    height = spec.camera_height_m or 0.0
    distance = spec.distance_m or 0.0
    return {
        "view": spec.view,
        "camera height": _band(height, (0.7, 1.1), ("low (<0.7 m)", "mid", "high (>=1.1 m)")),
        "distance": _band(distance, (2.4, 2.9), ("near (<2.4 m)", "mid", "far (>=2.9 m)")),
        "body": spec.body + (" + proportions" if spec.body_shape else ""),
        "clothing": "own colours" if spec.shirt_rgb else "seeded palette",
        "frame rate": f"{spec.fps:g} fps",
        "prop": spec.prop or "none",
        "second person": spec.second or "none",
    }
