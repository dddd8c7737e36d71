"""The half-kneeling hip flexor stretch: timed holds per side (`engine`), the position
measured from one pose (`pose`), stretching or only kneeling (`gate`). `SPEC` is all the
app knows of it (`exercises.spec`).

Judged side-on only (measured on the real clips and rendered views, README "Not judged"):
at 45 degrees the back thigh's swing is not seen, from the front the kneeling leg is hidden.
"""

from __future__ import annotations

from exercises.judgeable import ViewLimits
from exercises.spec import HIP_ANGLE, ONE_SIDED, ExerciseSpec, KeyAngle
from exercises.stretch.engine import (
    FAULTS,
    HINTS,
    STRETCH_PRESCRIPTION,
    HipFlexorConfig,
    HipFlexorStretch,
)

__all__ = ["SPEC"]

_DEFAULTS = HipFlexorConfig()

SPEC = ExerciseSpec(
    name="hip_flexor_stretch",
    rank=30,
    factory=HipFlexorStretch,
    prescription=STRETCH_PRESCRIPTION,
    dose=ONE_SIDED,
    start_positions=("kneeling",),
    counts_holds=True,
    one_sided=True,
    view_limits=ViewLimits(
        frozenset({"side"}), frozenset({"kneeling"}), wrong_view="stretch_not_judged_view"
    ),
    key_angle=KeyAngle("hip_extension", HIP_ANGLE, (_DEFAULTS.hip_extension_min_deg, None)),
    faults=FAULTS,
    hints=HINTS,
)
