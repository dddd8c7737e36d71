"""The clamshell: side lying, knees bent near 90 deg, feet together, open the top knee
and close it. One rep is closed -> open -> closed on the opening between the thighs
(degrees, `exercises.clamshell.pose`). Reps are counted per side: the side lying up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from exercises.base import Prescription
from exercises.clamshell.pose import (
    HINT_BEND_KNEES,
    HINT_LIE_ON_SIDE,
    ClamshellPoseConfig,
    read_clamshell,
)
from exercises.counter import CounterConfig
from exercises.gates import GateConfig
from exercises.mechanics import RepEngine
from exercises.rep_context import Aux, Fault, Reading, RepContext, median_of
from pose.types import PoseFrame

__all__ = ["CLAMSHELL_PRESCRIPTION", "FAULTS", "HINTS", "Clamshell", "ClamshellConfig"]

CLAMSHELL_PRESCRIPTION = Prescription(reps=15, sets=3, hold_s=0.0, rest_s=45.0, side="both")

FAULT_SMALL = "clamshell_opening_too_small"
FAULT_TOO_FAST = "clamshell_too_fast"
FAULT_FEET_APART = "clamshell_feet_apart"
FAULT_PELVIS_ROLL = "clamshell_pelvis_rolling_back"
FAULT_KNEES_STRAIGHT = "clamshell_knees_not_bent"
FAULTS = (FAULT_SMALL, FAULT_TOO_FAST, FAULT_FEET_APART, FAULT_PELVIS_ROLL, FAULT_KNEES_STRAIGHT)
HINT_TURN_OVER = "clamshell_turn_over"
HINTS = (HINT_LIE_ON_SIDE, HINT_BEND_KNEES, HINT_TURN_OVER)


def _clamshell_counter() -> CounterConfig:
    # A full opening parts the thighs by 35-45 deg in the image; the prior of 24 counts a
    # stiff hip from its first rep; under 12 deg is never a rep (a still patient's
    # thighs jitter by 2-4 deg, and a short opening is still 15-20).
    # An opening and closing is up for 0.6 s even when fast (real reps: 1-2.5 s); a misread
    # leg that flicks the opening for 0.3 s is not a rep.
    return CounterConfig(prior_range=24.0, min_range=12.0, min_up_ms=450)


@dataclass(frozen=True, slots=True)
class ClamshellConfig:
    pose: ClamshellPoseConfig = field(default_factory=ClamshellPoseConfig)
    counter: CounterConfig = field(default_factory=_clamshell_counter)
    gate: GateConfig = field(default_factory=GateConfig)
    # An opening under this share of the patient's usual one, or under the absolute
    # minimum (degrees), is too small.
    small_frac: float = 0.6
    small_min_deg: float = 15.0
    # Feet apart: the ankles part by more than this share of the knees' parting (and by
    # more than `feet_apart_min` trunk lengths): the feet should stay together.
    feet_apart_frac: float = 0.5
    feet_apart_min: float = 0.15
    # The pelvis tilting this much more at the top than at rest: rolling back.
    pelvis_roll_deg: float = 20.0
    # Knees straighter than this (3-D, median over the rep): not bent near 90 deg. Depth
    # error widens a true 90 to 80-150, so only a clearly straight leg is flagged.
    knees_straight_deg: float = 150.0
    # What makes a rep a clamshell and not another side-lying movement (a straight-leg
    # raise) or a misread leg: the top knee is bent near 90 deg and opens while the feet
    # stay together. A straight top knee (its bend over `straight_knee_deg`, real
    # clamshells read 55-152, leg raises 156-160) whose ankle also parts faster than
    # `straight_feet_ratio` times the knees (clamshells -0.4 to 0.2, leg raises 1.4-1.7)
    # is a leg raise. (The feet-apart fault lifts a bent leg whole: counted, flagged.)
    straight_knee_deg: float = 150.0
    straight_feet_ratio: float = 0.8
    # Opening or closing faster than this through the middle of the movement (50-80% of
    # the excursion, about a fifth of its time) is too fast: under about 0.5 s for the whole.
    min_move_s: float = 0.1


class Clamshell(RepEngine):
    name: ClassVar[str] = "clamshell"
    one_sided: ClassVar[bool] = True
    angle_name: ClassVar[str] = "thigh_opening"
    wrong_side_hint: ClassVar[str | None] = HINT_TURN_OVER

    def __init__(self, prescription: Prescription, config: ClamshellConfig | None = None) -> None:
        self.config = config if config is not None else ClamshellConfig()
        super().__init__(prescription, self.config.counter, self.config.gate, uses_hold=False)

    def read(self, pose: PoseFrame) -> Reading:
        r = read_clamshell(pose, self.config.pose)
        return Reading(
            visible=r.visible,
            position=r.side_up if r.side_lying else None,
            start_position=r.start_position,
            value=r.opening_deg,
            hint=r.hint,
            aux=r.aux,
        )

    def recognise(self, context: RepContext) -> bool:
        """The top knee, bent, opened; the feet did not part like a straight leg's."""
        c = self.config
        rep = context.rep
        top = tuple(a for a in context.during if abs(a[0] - rep.peak_ms) <= 200) or context.during
        rest = context.rest or context.during[:3]
        dk = _change(top, rest, "knee_gap")
        da = _change(top, rest, "ankle_gap")
        bend = median_of(top, "knee_up_bend_deg")
        return not (
            bend is not None
            and dk is not None
            and da is not None
            and dk > 0
            and bend > c.straight_knee_deg
            and da > c.straight_feet_ratio * dk
        )

    def judge(self, context: RepContext) -> list[Fault]:
        c = self.config
        rep = context.rep
        faults: list[Fault] = []
        small = rep.excursion < c.small_frac * context.reference_range
        if small or rep.excursion < c.small_min_deg:
            faults.append((FAULT_SMALL, rep.excursion))
        if min(rep.lift_s, rep.lower_s) < c.min_move_s:
            faults.append((FAULT_TOO_FAST, min(rep.lift_s, rep.lower_s)))
        top = tuple(a for a in context.during if abs(a[0] - rep.peak_ms) <= 200) or context.during
        rest = context.rest or context.during[:3]
        if not top or not rest:
            return faults
        knee_t, knee_r = median_of(top, "knee_gap"), median_of(rest, "knee_gap")
        ankle_t, ankle_r = median_of(top, "ankle_gap"), median_of(rest, "ankle_gap")
        if (
            knee_t is not None
            and knee_r is not None
            and ankle_t is not None
            and ankle_r is not None
        ):
            feet = ankle_t - ankle_r
            if feet > c.feet_apart_min and feet > c.feet_apart_frac * (knee_t - knee_r):
                faults.append((FAULT_FEET_APART, feet))
        tilt_t, tilt_r = median_of(top, "pelvis_tilt_deg"), median_of(rest, "pelvis_tilt_deg")
        if tilt_t is not None and tilt_r is not None and tilt_t - tilt_r > c.pelvis_roll_deg:
            faults.append((FAULT_PELVIS_ROLL, tilt_t - tilt_r))
        knee = median_of(context.during, "knee_down_deg")
        if knee is not None and knee > c.knees_straight_deg:
            faults.append((FAULT_KNEES_STRAIGHT, knee))
        return faults


def _change(
    top: tuple[tuple[int, Aux], ...], rest: tuple[tuple[int, Aux], ...], key: str
) -> float | None:
    """The median of `key` at the top minus at rest."""
    at_top, at_rest = median_of(top, key), median_of(rest, key)
    return None if at_top is None or at_rest is None else at_top - at_rest
