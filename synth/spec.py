"""What to render (`SynthSpec`) and what came out (`SynthResult`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "EXERCISE_MOTIONS",
    "LOOKALIKES",
    "LOOKALIKE_VERSION",
    "MOTION_NAMES",
    "PROPS",
    "RENDER_VERSION",
    "SECOND_PEOPLE",
    "VARIANT_VERSION",
    "VIEWS",
    "SynthResult",
    "SynthSpec",
    "View",
]

View = Literal["side", "front", "oblique", "feet"]
VIEWS: tuple[View, ...] = ("side", "front", "oblique", "feet")
# Bump when the renderer or a motion changes, so cached clips are rendered again.
RENDER_VERSION = 2
# Bump when a faulty variant's motion changes: re-renders only the faulty clips.
VARIANT_VERSION = 3
# Bump when a look-alike's motion changes: re-renders only the look-alike clips.
LOOKALIKE_VERSION = 1

EXERCISE_MOTIONS = ("bridge", "clamshell", "hip_flexor_stretch", "breathing")
# Hard negatives: movements that resemble an exercise but are not it, and the exercises
# each one resembles. Their truth has no reps, no holds and no breaths.
LOOKALIKES: dict[str, tuple[str, ...]] = {
    "dead_bug": ("bridge",),
    "knee_to_chest": ("bridge",),
    "knee_rocks": ("bridge",),
    "side_leg_raise": ("clamshell",),
    "pelvic_tilt": ("bridge", "breathing"),
    "lying_still": ("bridge", "clamshell", "breathing"),
    "fidgeting": ("bridge", "breathing"),
}
MOTION_NAMES: tuple[str, ...] = (*EXERCISE_MOTIONS, *LOOKALIKES)
# Props (synth/props.py) and the exercises each one is used with.
PROPS: dict[str, tuple[str, ...]] = {
    "ball": ("bridge", "clamshell"),  # squeezed between the knees
    "band": ("bridge", "clamshell"),  # a mini band around the thighs above the knees
    "dumbbell": ("bridge",),  # resting across the hips
}
# A second person in the room (synth/second_person.py), never doing the exercise.
SECOND_PEOPLE: tuple[str, ...] = ("kneel_behind", "sit_beside", "walk_past")
# The scene extras, and their defaults: left at these, a spec renders as before they
# existed (same cache key, same truth.json, same bytes).
_EXTRAS: dict[str, object] = {
    "prop": None,
    "second": None,
    "azimuth_deg": 0.0,
    "body_shape": (),
    "shirt_rgb": None,
    "trousers_rgb": None,
}
_SHAPE_COEFFICIENTS = 10  # SMPL-X betas
_MAX_BETA = 3.0
_VARIANTS: dict[str, tuple[str, ...]] = {
    "bridge": ("good", "too_low", "arched", "hip_drop", "knees_in"),
    "clamshell": ("good", "feet_apart", "pelvis_roll", "small"),
    "hip_flexor_stretch": ("good", "lean_forward", "lean_back"),
    "breathing": ("good", "chest"),
    **dict.fromkeys(LOOKALIKES, ("good",)),
    "lying_still": ("good", "side_lying"),
}


@dataclass(frozen=True, slots=True)
class SynthSpec:
    """One synthetic clip.

    Timing (seconds): `lead_in_s` at rest before the first rep, then per rep `up_s`, a top
    or hold of `hold_s`, `down_s`, and `rest_s` after it. Breathing uses `duration_s` and
    `breath_rate_bpm` instead of reps. `camera_height_m` / `distance_m` of None take the
    view's default. `variant` picks a good or a faulty execution (see `variants`).

    Scene extras (defaults render as before they existed): `prop` (`PROPS`), `second`
    person (`SECOND_PEOPLE`), `azimuth_deg` turns the camera about the body centre from
    the view's direction (+ = counter-clockwise seen from above), `body_shape` adds up to
    ten SMPL-X shape coefficients to the `body` preset's (beta0 stature, beta1 girth:
    negative is heavier), `shirt_rgb` / `trousers_rgb` replace the seed's colours.

    `exercise` may also name a look-alike (`LOOKALIKES`): reps alternate sides where the
    movement does; `lying_still` and `fidgeting` last `duration_s`.
    """

    exercise: str
    reps: int = 3
    hold_s: float = 0.5
    up_s: float = 1.2
    down_s: float = 1.2
    rest_s: float = 1.0
    lead_in_s: float = 2.0
    side: Literal["left", "right"] = "left"
    view: View = "side"
    camera_height_m: float | None = None
    distance_m: float | None = None
    body: Literal["small", "medium", "large"] = "medium"
    variant: str = "good"
    duration_s: float = 30.0
    breath_rate_bpm: float = 6.0
    seed: int = 0
    fps: float = 15.0
    width_px: int = 480
    height_px: int = 360
    prop: str | None = None
    second: str | None = None
    azimuth_deg: float = 0.0
    body_shape: tuple[float, ...] = ()
    shirt_rgb: tuple[int, int, int] | None = None
    trousers_rgb: tuple[int, int, int] | None = None

    def __post_init__(self) -> None:
        if self.exercise not in _VARIANTS:
            raise ValueError(
                f"unknown exercise {self.exercise!r}; valid: {', '.join(EXERCISE_MOTIONS)}, "
                f"or a look-alike: {', '.join(LOOKALIKES)}"
            )
        if self.variant not in _VARIANTS[self.exercise]:
            valid = ", ".join(_VARIANTS[self.exercise])
            raise ValueError(f"unknown {self.exercise} variant {self.variant!r}; valid: {valid}")
        if self.view not in VIEWS:
            raise ValueError(f"unknown view {self.view!r}; valid: {', '.join(VIEWS)}")
        if not 1 <= self.reps <= 50:
            raise ValueError(f"reps must be 1-50, got {self.reps}")
        if not 1.0 <= self.fps <= 60.0:
            raise ValueError(f"fps must be 1-60, got {self.fps}")
        if self.width_px % 2 or self.height_px % 2 or not 64 <= self.width_px <= 1920:
            raise ValueError(
                f"image size must be even and 64-1920 px, got {self.width_px}x{self.height_px}"
            )
        if not 2.0 <= self.breath_rate_bpm <= 30.0:
            raise ValueError(f"breath_rate_bpm must be 2-30, got {self.breath_rate_bpm}")
        if not 1.0 <= self.duration_s <= 900.0:
            raise ValueError(f"duration_s must be 1-900, got {self.duration_s}")
        self._check_extras()

    def _check_extras(self) -> None:
        if self.prop is not None:
            if self.prop not in PROPS:
                raise ValueError(f"unknown prop {self.prop!r}; valid: {', '.join(PROPS)}")
            if self.exercise not in PROPS[self.prop]:
                raise ValueError(
                    f"a {self.prop} goes with {' or '.join(PROPS[self.prop])}, not {self.exercise}"
                )
        if self.second is not None and self.second not in SECOND_PEOPLE:
            raise ValueError(
                f"unknown second person {self.second!r}; valid: {', '.join(SECOND_PEOPLE)}"
            )
        if not -180.0 <= self.azimuth_deg <= 180.0:
            raise ValueError(f"azimuth_deg must be -180-180, got {self.azimuth_deg}")
        if len(self.body_shape) > _SHAPE_COEFFICIENTS or any(
            abs(b) > _MAX_BETA for b in self.body_shape
        ):
            raise ValueError(
                f"body_shape takes up to {_SHAPE_COEFFICIENTS} SMPL-X coefficients within "
                f"+-{_MAX_BETA}, got {self.body_shape}"
            )
        for name in ("shirt_rgb", "trousers_rgb"):
            rgb = getattr(self, name)
            if rgb is not None and (len(rgb) != 3 or not all(0 <= c <= 255 for c in rgb)):
                raise ValueError(f"{name} must be three values 0-255, got {rgb}")

    @staticmethod
    def variants(exercise: str) -> tuple[str, ...]:
        return _VARIANTS[exercise]

    @property
    def is_lookalike(self) -> bool:
        """A hard negative: resembles an exercise, counts nothing."""
        return self.exercise in LOOKALIKES

    def key(self) -> str:
        """A short stable hash of the spec and the renderer version, for the cache."""
        fields: dict[str, object] = {"v": RENDER_VERSION, **self.to_dict()}
        if self.variant != "good":
            fields["variant_v"] = VARIANT_VERSION
        if self.is_lookalike:
            fields["lookalike_v"] = LOOKALIKE_VERSION
        payload = json.dumps(fields, sort_keys=True)
        return hashlib.sha1(payload.encode(), usedforsecurity=False).hexdigest()[:16]

    def to_dict(self) -> dict[str, object]:
        """Every field, but the scene extras only where they differ from their defaults."""
        return {k: v for k, v in asdict(self).items() if k not in _EXTRAS or _EXTRAS[k] != v}


@dataclass(frozen=True, slots=True)
class SynthResult:
    """Where the clip and its truth were written, and how long rendering took."""

    clip_path: Path
    truth_path: Path
    frame_count: int
    render_s: float
    cached: bool = False
