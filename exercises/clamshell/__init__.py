"""The clamshell: side lying, knees bent, open the top knee and close it, per side
(`engine`); one pose read as the clamshell (`pose`). `SPEC` is all the app knows of it
(`exercises.spec`).

Judged facing the belly or at 45 degrees towards the feet, not lengthwise (measured on the
real clips and rendered views, README "Not judged").
"""

from __future__ import annotations

from exercises.clamshell.engine import CLAMSHELL_PRESCRIPTION, FAULTS, HINTS, Clamshell
from exercises.judgeable import ViewLimits
from exercises.spec import HIP_ANGLE, ONE_SIDED, ExerciseSpec, KeyAngle

__all__ = ["SPEC"]

SPEC = ExerciseSpec(
    name="clamshell",
    rank=20,
    factory=Clamshell,
    prescription=CLAMSHELL_PRESCRIPTION,
    dose=ONE_SIDED,
    start_positions=("lying_side",),
    counts_holds=False,
    one_sided=True,
    view_limits=ViewLimits(
        frozenset({"front", "oblique"}),
        frozenset({"lying_side"}),
        wrong_view="clamshell_not_judged_view",
        lengthwise="clamshell_not_judged_lengthwise",
    ),
    key_angle=KeyAngle(Clamshell.angle_name, HIP_ANGLE),
    faults=FAULTS,
    hints=HINTS,
)
