"""Seeded variety that matters to a pose model: clothes, skin, room, light, camera jitter."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synth.body import Outfit
from synth.render import Lighting
from synth.room import Room

__all__ = ["Look", "pick_look"]

_SKIN = ((232, 190, 160), (224, 172, 140), (198, 134, 100), (141, 85, 60), (95, 60, 45))
_HAIR = ((40, 28, 20), (90, 60, 35), (20, 20, 20), (160, 120, 70))
_SHIRT = (
    (40, 90, 170),
    (200, 60, 60),
    (60, 140, 90),
    (230, 230, 225),
    (240, 150, 40),
    (120, 70, 150),
)
_TROUSERS = ((35, 35, 40), (50, 60, 90), (90, 90, 95), (30, 50, 45))
_SOCKS = ((235, 235, 235), (40, 40, 40), (200, 60, 60))
_WALL = ((0.85, 0.82, 0.75), (0.78, 0.84, 0.86), (0.9, 0.9, 0.88), (0.8, 0.75, 0.7))
_FLOOR = ((0.62, 0.45, 0.30), (0.72, 0.58, 0.42), (0.45, 0.32, 0.22), (0.6, 0.6, 0.58))
_MAT = ((0.35, 0.30, 0.60), (0.20, 0.45, 0.45), (0.55, 0.25, 0.35), (0.25, 0.25, 0.28))


@dataclass(frozen=True, slots=True)
class Look:
    outfit: Outfit
    room: Room
    lighting: Lighting
    azimuth_jitter_deg: float
    height_jitter_m: float
    roll_deg: float


def pick_look(
    seed: int, mat_centre_xz: tuple[float, float], mat_size_xz: tuple[float, float]
) -> Look:
    """Seed 0 is the plain reference look; other seeds vary everything a little."""
    rng = np.random.default_rng(seed)

    def pick(
        options: tuple[tuple[int, int, int], ...] | tuple[tuple[float, float, float], ...],
    ) -> int:
        return 0 if seed == 0 else int(rng.integers(len(options)))

    outfit = Outfit(
        skin=_SKIN[pick(_SKIN) if seed else 1],
        hair=_HAIR[pick(_HAIR)],
        shirt=_SHIRT[pick(_SHIRT)],
        trousers=_TROUSERS[pick(_TROUSERS)],
        socks=_SOCKS[pick(_SOCKS)],
    )
    vary = 0.0 if seed == 0 else 1.0
    light_dir = np.array(
        [0.3 + vary * rng.uniform(-0.5, 0.5), 0.8, 0.5 + vary * rng.uniform(-0.4, 0.3)]
    )
    light_dir /= np.linalg.norm(light_dir)
    room = Room(
        half_size_m=4.0 + vary * rng.uniform(-0.8, 1.0),
        height_m=2.7,
        wall_rgb=_WALL[pick(_WALL)],
        floor_rgb=_FLOOR[pick(_FLOOR)],
        mat_rgb=_MAT[pick(_MAT)],
        mat_centre_xz=mat_centre_xz,
        mat_size_xz=mat_size_xz,
        light_pos=(0.5 + vary * rng.uniform(-1.5, 1.5), 2.5, 1.0 + vary * rng.uniform(-1.5, 1.5)),
        brightness=1.0 + vary * rng.uniform(-0.2, 0.1),
    )
    lighting = Lighting(
        direction=(float(light_dir[0]), float(light_dir[1]), float(light_dir[2])),
        key=0.6 + vary * rng.uniform(-0.15, 0.15),
        ambient=0.45 + vary * rng.uniform(-0.1, 0.1),
        noise_sigma=2.0 + vary * rng.uniform(0.0, 2.0),
    )
    return Look(
        outfit=outfit,
        room=room,
        lighting=lighting,
        azimuth_jitter_deg=vary * rng.uniform(-8.0, 8.0),
        height_jitter_m=vary * rng.uniform(-0.1, 0.1),
        roll_deg=vary * rng.uniform(-2.0, 2.0),
    )
