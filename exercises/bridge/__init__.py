"""The bridge: on the back, knees bent, lift the pelvis, hold, lower (`engine`); one pose
read as the bridge (`pose`). `SPEC` is all the app knows of it (`exercises.spec`).

Judged from the side or at up to 45 degrees, not from the head or feet end (measured on
the real clips and rendered views, README "Not judged"). An arching lower back is a
safety matter: cued before anything else.
"""

from __future__ import annotations

from exercises.bridge.engine import (
    BRIDGE_PRESCRIPTION,
    FAULT_ARCHING,
    FAULTS,
    HINTS,
    Bridge,
    BridgeConfig,
)
from exercises.judgeable import ViewLimits
from exercises.spec import COUNTED, HIP_ANGLE, ExerciseSpec, KeyAngle

__all__ = ["SPEC"]

_DEFAULTS = BridgeConfig()

SPEC = ExerciseSpec(
    name="bridge",
    rank=10,
    factory=Bridge,
    prescription=BRIDGE_PRESCRIPTION,
    dose=COUNTED,
    start_positions=("lying_back",),
    counts_holds=False,
    one_sided=False,
    view_limits=ViewLimits(
        frozenset({"side", "oblique"}),
        frozenset({"lying_back"}),
        wrong_view="bridge_not_judged_view",
        lengthwise="bridge_not_judged_lengthwise",
    ),
    key_angle=KeyAngle(
        Bridge.angle_name, HIP_ANGLE, (_DEFAULTS.low_peak_deg, _DEFAULTS.arching_deg)
    ),
    faults=FAULTS,
    hints=HINTS,
    safety=(FAULT_ARCHING,),
)
