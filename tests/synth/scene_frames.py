"""One rendered frame of a spec and its truth, and where two frames' pixels differ: the
prop and second-person tests compare a scene with and without its extra."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from synth.clip import Scene
from synth.spec import SynthSpec

__all__ = ["Shot", "changed", "shot", "small"]


def small(spec: SynthSpec) -> SynthSpec:
    """`spec` at 240x180: quick to render, big enough to see a ball."""
    return replace(spec, width_px=240, height_px=180)


@dataclass(frozen=True)
class Shot:
    image: npt.NDArray[np.uint8]
    truth: dict[str, Any]


def shot(spec: SynthSpec, t_s: float) -> Shot:
    """The frame at `t_s` (the same camera noise for every spec)."""
    rendered, truth = Scene.of(spec).render_at(t_s, np.random.default_rng(0))
    return Shot(rendered.image_bgr, truth)


def changed(a: Shot, b: Shot, min_grey: int = 30) -> npt.NDArray[np.bool_]:
    """Pixels whose colour differs by more than `min_grey` in some channel."""
    diff = np.abs(a.image.astype(np.int16) - b.image.astype(np.int16)).max(axis=2)
    return np.asarray(diff > min_grey, dtype=np.bool_)
