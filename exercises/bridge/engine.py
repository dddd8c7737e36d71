"""The bridge: on the back, knees bent, lift the pelvis, hold, lower. One rep is
rest -> top -> rest on hip extension (shoulder-hip-knee, degrees).

The hold at the top runs only while the pelvis stays up and says when the prescribed
hold is reached (HoldReached: "lower now"). Per rep: peak hip extension, hold, lift and
lowering time, and the form faults below.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import ClassVar

from exercises.base import Prescription
from exercises.bridge.pose import (
    HINT_BEND_KNEES,
    HINT_LIE_ON_BACK,
    BridgePoseConfig,
    anchors,
    read_bridge,
)
from exercises.counter import CounterConfig
from exercises.gates import GateConfig
from exercises.mechanics import RepEngine
from exercises.plateau import PlateauConfig
from exercises.rep_context import Aux, Fault, Reading, RepContext, median_of
from pose.types import PoseFrame

__all__ = ["BRIDGE_PRESCRIPTION", "FAULTS", "HINTS", "Bridge", "BridgeConfig"]

BRIDGE_PRESCRIPTION = Prescription(reps=12, sets=3, hold_s=5.0, rest_s=60.0)

FAULT_TOO_LOW = "bridge_too_low"
FAULT_ARCHING = "bridge_arching"
FAULT_HOLD_SHORT = "bridge_hold_too_short"
FAULT_TOO_FAST = "bridge_too_fast"
FAULT_KNEES_IN = "bridge_knees_falling_in"
FAULT_KNEES_OUT = "bridge_knees_falling_out"
FAULT_HIP_DROP = "bridge_hip_dropping"
FAULT_HEELS_LIFT = "bridge_heels_lifting"
FAULTS = (
    FAULT_TOO_LOW,
    FAULT_ARCHING,
    FAULT_HOLD_SHORT,
    FAULT_TOO_FAST,
    FAULT_KNEES_IN,
    FAULT_KNEES_OUT,
    FAULT_HIP_DROP,
    FAULT_HEELS_LIFT,
)
HINTS = (HINT_LIE_ON_BACK, HINT_BEND_KNEES)


def _bridge_counter() -> CounterConfig:
    # A full bridge takes hip extension from about 130 to 175 deg (45 deg); the prior
    # assumes 35 so that a stiff hip is counted from its first rep, and a lift under
    # 12 deg is never a rep (landmark jitter on a still patient is 2-4 deg).
    return CounterConfig(prior_range=35.0, min_range=12.0)


@dataclass(frozen=True, slots=True)
class BridgeConfig:
    pose: BridgePoseConfig = field(default_factory=BridgePoseConfig)
    counter: CounterConfig = field(default_factory=_bridge_counter)
    gate: GateConfig = field(default_factory=GateConfig)
    # The hold is the time at the top plateau (exercises.plateau).
    plateau: PlateauConfig = field(default_factory=PlateauConfig)
    # What makes a rep a bridge and not another movement on the back that moves the
    # shoulder-hip-knee angle (a dead bug, knee to chest, knee rocks):
    # - the pelvis rises off the floor by at least this (shoulder-to-ankle lengths; real
    #   bridges rise 0.15-0.25, a bridge done too low 0.07, a knee swaying 0.01);
    min_lift: float = 0.04
    # - and is off the floor at the top: the hips that far above the shoulder-ankle line
    #   there (real bridges 0.135-0.25, rendered ones 0.225-0.3 and 0.08 done too low; a
    #   knee pulled to the chest and let back down 0.01: its rise in the line was the
    #   foot coming down, which tilts the line, not the pelvis going up);
    min_top_lift: float = 0.05
    # - and that rise is what opened the hip: with the shoulders and feet down, a pelvis
    #   lifted by h shoulder-to-ankle lengths opens shoulder-hip-knee by about 230 h deg
    #   (the trunk and the thigh, each about half that length, both tilt by about 2 h
    #   rad). Measured in the world landmarks, so from any view: the rise over the rep's
    #   rise in degrees, times 230, is near 1 for a bridge (rendered ones 0.5-1.0 from
    #   every view), and well under it when the knees moved instead and the pelvis only
    #   rolled or rocked (knee rocks 0.06-0.37). At least this share:
    lift_for_angle: float = 0.4
    lift_deg_per_length: float = 230.0
    # - the feet and shoulders stay where they were at rest: over the top half of the
    #   rep, the anchors move no more than this from rest (median, trunk-plus-thigh
    #   lengths at rest; real side-on bridges move them under 0.05, rendered 45 deg ones
    #   under 0.1, a foot pulled to the chest 0.25);
    anchor_max: float = 0.22
    # - both hips extend: each leg's shoulder-hip-knee angle rises by at least this share
    #   of the rep's rise (real and rendered bridges 0.55-1.2, a far leg filmed low
    #   side-on with 30% of the frames lost 0.34; a knee pulled to the chest moves one leg
    #   only, the other -0.1): half-way between, not at the bridges' edge;
    both_legs_frac: float = 0.25
    # - and the knees stay bent (hip-knee-ankle in the image under this all through the
    #   rep; a bridge top reads 75-110, a leg stretched out 160+).
    knee_max_deg: float = 140.0
    # A top under this is not lifted high enough: shoulder, hip and knee should come
    # near a straight line (180); 160 leaves room for landmark error and oblique views.
    low_peak_deg: float = 160.0
    # A top beyond this is arching the lower back (hip pushed past straight).
    arching_deg: float = 195.0
    # A top beyond this is no body's: a lumbar spine arches the line by 20-30 deg at most,
    # so a reading past it is the view misread (a bridge filmed low from the feet end read
    # 249). Such a rep is counted only as unsure (its margin 0).
    plausible_max_deg: float = 215.0
    # A hold this much under the prescription is short (frame timing and the gradual
    # lift blur the edges of a hold by a few tenths of a second).
    hold_tolerance_s: float = 0.5
    # Lifting or lowering faster than this through the middle of the movement (50-80%
    # of the excursion) is too fast. A smooth movement spends about a fifth of its time
    # there, so 0.2 s is a whole lift or lowering of about 1 s; the clinic asks for 1-2 s.
    min_lift_s: float = 0.2
    min_lower_s: float = 0.2
    # Knee width over ankle width at the top against rest: under/over these ratios the
    # knees fall in / out. Read only when the view shows widths.
    knees_in_ratio: float = 0.75
    knees_out_ratio: float = 1.35
    # One hip this much lower (trunk lengths, about 5 cm) at the top than at rest: a hip
    # drops. Read only when the view shows widths.
    hip_drop: float = 0.1
    # The heel rising this far (shank lengths) against the toes from rest: heels lift.
    # A small patient far away has a shank of 60-100 px, where the feet alone jitter by
    # 0.15; a lifted heel rises well over a third of a shank.
    heel_lift: float = 0.3


_TOP_MS = 300  # the top of a rep: within this of its peak


def _top(context: RepContext) -> tuple[tuple[int, Aux], ...]:
    """The rep's aux measures at its top (`_TOP_MS`): read steadier than one frame."""
    return tuple(a for a in context.during if abs(a[0] - context.rep.peak_ms) <= _TOP_MS)


class Bridge(RepEngine):
    name: ClassVar[str] = "bridge"
    one_sided: ClassVar[bool] = False
    angle_name: ClassVar[str] = "hip_extension"

    def __init__(self, prescription: Prescription, config: BridgeConfig | None = None) -> None:
        self.config = config if config is not None else BridgeConfig()
        c = self.config
        super().__init__(
            prescription,
            c.counter,
            c.gate,
            uses_hold=True,
            plateau=c.plateau,
            anchor_max=c.anchor_max,
        )

    def read(self, pose: PoseFrame) -> Reading:
        r = read_bridge(pose, self.config.pose)
        points, scale_px = anchors(pose)
        return Reading(
            visible=r.visible,
            position="back" if r.lying else None,
            start_position=r.start_position,
            value=r.hip_extension_deg,
            hint=r.hint,
            aux=r.aux,
            anchors=points,
            anchor_scale_px=scale_px,
        )

    def form_holds(self, aux: Aux, rest: Aux) -> bool:
        """Hips level: where the view shows the pelvis's width, neither hip has dropped
        more than `hip_drop` from its level at rest (the height is the plateau's)."""
        c = self.config
        level, level_rest = aux.get("hip_level"), rest.get("hip_level")
        if not self._shows_width(rest, aux) or level is None or level_rest is None:
            return True
        return abs(level - level_rest) <= c.hip_drop

    def _shows_width(self, rest: Aux, now: Aux) -> bool:
        """Does the view show the body's width, at rest and now? Not side-on: filmed from
        the side a little from above, the pelvis shows a width too, but its two hips' heights
        in the image are their depths, and the lift changes them (a hip "dropping" all
        through a level bridge)."""
        width = rest.get("width_ratio")
        return (
            width is not None
            and width >= self.config.pose.width_min_ratio
            and rest.get("side_on", 0.0) < 0.5
            and now.get("side_on", 0.0) < 0.5
        )

    def recognise(self, context: RepContext) -> bool:
        """The pelvis rose off the floor under both hips, feet and shoulders stayed down,
        knees bent."""
        ratios = self._ratios(context)
        return ratios is not None and min(ratios) >= 1.0

    def margin(self, context: RepContext) -> float:
        """The smallest of the rules' ratios (`_ratios`), the counter's own, and how far
        the top stays under a plausible body's (`plausible_max_deg`)."""
        if context.rep.peak > self.config.plausible_max_deg:
            return 0.0  # no body's top: the view misread, whatever the other rules say
        ratios = self._ratios(context) or [0.0]
        return min([*ratios, super().margin(context)])

    def _ratios(self, context: RepContext) -> list[float] | None:
        """Each rule's measure over its threshold, oriented so that >= 1 passes it (None:
        the rise or the top was never measured)."""
        c = self.config
        # The rise within the rep itself: it starts at rest (fast reps leave no rest
        # between them that is not half the last lowering).
        lifts = [a["lift"] for _, a in context.during if "lift" in a]
        rep = context.rep
        top = _top(context)
        top_lift = median_of(top, "lift")
        if not lifts or top_lift is None:
            return None
        ratios = [(max(lifts) - min(lifts)) / c.min_lift, top_lift / c.min_top_lift]
        world = [a["lift_world"] for _, a in context.during if "lift_world" in a]
        if world and rep.excursion > 0:
            explained = (max(world) - min(world)) * c.lift_deg_per_length / rep.excursion
            ratios.append(explained / c.lift_for_angle)
        # The anchors over the top half of the rep (the median: a misread frame or two is
        # not a foot off the floor; a foot pulled to the chest stays up all along).
        high = {t for t, v in rep.samples if v >= rep.baseline + 0.5 * rep.excursion}
        drifts = [a["anchor_drift"] for t, a in context.during if t in high and "anchor_drift" in a]
        drift = statistics.median(drifts) if drifts else 0.0
        knee = max((a.get("knee_deg", 0.0) for _, a in context.during), default=0.0)
        ratios += [c.anchor_max / max(drift, 1e-6), c.knee_max_deg / max(knee, 1e-6)]
        # Each leg from its lowest on the way up (the rep starts at rest; the rest before a
        # fast rep is still half the last one's lowering) to the top.
        rising = [a for t, a in context.during if t <= rep.peak_ms]
        for key in ("hip_extension_left_deg", "hip_extension_right_deg"):
            at_top = median_of(top, key)
            low = min((a[key] for a in rising if key in a), default=None)
            if at_top is not None and low is not None and rep.excursion > 0:
                ratios.append((at_top - low) / (c.both_legs_frac * rep.excursion))
        return ratios

    def judge(self, context: RepContext) -> list[Fault]:
        c = self.config
        rep = context.rep
        faults: list[Fault] = []
        top = _top(context) or context.during
        # The angle's size only side-on: at 45 degrees or from the feet end the image
        # angle is foreshortened, read past straight by a level bridge.
        if (median_of(top, "side_on") or 0.0) >= 0.5:
            if rep.peak < c.low_peak_deg:
                faults.append((FAULT_TOO_LOW, rep.peak))
            if rep.peak > c.arching_deg:
                faults.append((FAULT_ARCHING, rep.peak))
        target = context.prescription.hold_s
        hold = context.top_s
        if target > 0 and hold < target - c.hold_tolerance_s:
            faults.append((FAULT_HOLD_SHORT, hold))
        if rep.lift_s < c.min_lift_s or rep.lower_s < c.min_lower_s:
            faults.append((FAULT_TOO_FAST, min(rep.lift_s, rep.lower_s)))
        faults += self._view_faults(top, context.rest)
        return faults

    def _view_faults(
        self, top: tuple[tuple[int, Aux], ...], rest: tuple[tuple[int, Aux], ...]
    ) -> list[Fault]:
        c = self.config
        faults: list[Fault] = []
        if not top or not rest:
            return faults
        # The view, judged at rest where it is steady, and at the top.
        at_rest = {
            k: v for k in ("width_ratio", "side_on") if (v := median_of(rest, k)) is not None
        }
        at_top = {"side_on": median_of(top, "side_on") or 0.0}
        if self._shows_width(at_rest, at_top):
            knee_t, ankle_t = median_of(top, "knee_width"), median_of(top, "ankle_width")
            knee_r, ankle_r = median_of(rest, "knee_width"), median_of(rest, "ankle_width")
            if knee_t and ankle_t and knee_r and ankle_r:
                ratio = (knee_t / ankle_t) / (knee_r / ankle_r)
                if ratio < c.knees_in_ratio:
                    faults.append((FAULT_KNEES_IN, ratio))
                elif ratio > c.knees_out_ratio:
                    faults.append((FAULT_KNEES_OUT, ratio))
            level_t, level_r = median_of(top, "hip_level"), median_of(rest, "hip_level")
            if level_t is not None and level_r is not None and abs(level_t - level_r) > c.hip_drop:
                faults.append((FAULT_HIP_DROP, abs(level_t - level_r)))
        heel_t, heel_r = median_of(top, "heel_rise"), median_of(rest, "heel_rise")
        if heel_t is not None and heel_r is not None and heel_t - heel_r > c.heel_lift:
            faults.append((FAULT_HEELS_LIFT, heel_t - heel_r))
        return faults
