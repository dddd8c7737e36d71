"""Belly breathing: a time in position, breaths and a pacer (`engine`); breaths from a
rise-and-fall signal (`breaths`); the position on the back and the hand on the belly
(`pose`). `SPEC` is all the app knows of it (`exercises.spec`).

Judged from the side or at up to 45 degrees, not from the head or feet end (measured on
the real clips and rendered views, README "Not judged"). Filmed low from the feet end it
finds nobody at all (the raised knees hide the body): said as unseen.
"""

from __future__ import annotations

from exercises.breathing.engine import BREATHING_PRESCRIPTION, FAULTS, HINTS, PROBES, BellyBreathing
from exercises.judgeable import ViewLimits
from exercises.spec import TIMED, ExerciseSpec

__all__ = ["SPEC"]

SPEC = ExerciseSpec(
    name="breathing",
    rank=40,
    factory=BellyBreathing,
    prescription=BREATHING_PRESCRIPTION,
    dose=TIMED,
    start_positions=("lying_back",),
    counts_holds=True,
    one_sided=False,
    view_limits=ViewLimits(
        frozenset({"side", "oblique"}),
        frozenset({"lying_back"}),
        wrong_view="breathing_not_judged_view",
        lengthwise="breathing_not_judged_lengthwise",
        unseen="breathing_not_judged_unseen",
    ),
    key_angle=None,
    faults=FAULTS,
    hints=HINTS,
    timed=True,
    probes=PROBES,
)
