"""Half-kneeling hip flexor (iliopsoas) stretch: timed holds per side, with form faults.

The hold timer runs only while the position holds (see `exercises.stretch.pose`); the
stretched hip is the kneeling leg's. Each completed hold is a rep of its side, with the
back leg's hip extension (peak) and the trunk lean (mean) measured over the hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

from exercises.base import ExerciseStatus, Prescription
from exercises.events import (
    Event,
    ExerciseReady,
    FormFault,
    HoldEnded,
    HoldStarted,
    RepCompleted,
    SetupHint,
)
from exercises.fault_gate import FaultGate
from exercises.hold import HoldConfig, HoldTimer
from exercises.presence import PresenceTracker
from exercises.progress import ProgressTracker
from exercises.stretch.gate import PlateauConfig, StretchGate, StretchGateConfig, plateau_span
from exercises.stretch.pose import StretchMeasure, StretchPoseConfig, measure_stretch
from exercises.view_hint import ViewTally
from pose.types import Observation

__all__ = ["FAULTS", "HINTS", "STRETCH_PRESCRIPTION", "HipFlexorConfig", "HipFlexorStretch"]

# The clinic's dose: hold 30 s, 3-5 times per side.
STRETCH_PRESCRIPTION = Prescription(reps=4, sets=1, hold_s=30.0, side="both")

FAULT_LEAN_FORWARD = "stretch_trunk_lean_forward"
FAULT_LEAN_BACK = "stretch_trunk_lean_back"
FAULT_KNEE_PAST_FOOT = "stretch_front_knee_past_foot"
FAULT_POSITION_LOST = "stretch_position_lost"
HINT_GET_IN_POSITION = "stretch_get_in_position"
HINT_SWITCH_SIDE = "stretch_switch_side"
# The back thigh swings in the body's side plane: from the front it is hidden behind the
# body, and at 45 deg the model reads no swing (synthetic clips), so only a side view
# times the stretch.
HINT_CAMERA_TO_SIDE = "stretch_camera_to_side"
FAULTS = (FAULT_LEAN_FORWARD, FAULT_LEAN_BACK, FAULT_KNEE_PAST_FOOT, FAULT_POSITION_LOST)
HINTS = (HINT_GET_IN_POSITION, HINT_SWITCH_SIDE, HINT_CAMERA_TO_SIDE)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True, slots=True)
class HipFlexorConfig:
    pose: StretchPoseConfig = field(default_factory=StretchPoseConfig)
    # A stretch is held for half a minute: two seconds in position before a hold counts
    # keeps someone kneeling for a moment (tying a shoe) from making one. Back-dated.
    hold: HoldConfig = field(default_factory=lambda: HoldConfig(min_hold_s=2.0))
    gate: StretchGateConfig = field(default_factory=StretchGateConfig)
    plateau: PlateauConfig = field(default_factory=PlateauConfig)
    # Trunk lean forward (deg from vertical) that hides the stretch: the pelvis follows the
    # trunk and the hip flexes again. 15 deg is a clear lean, beyond landmark noise (~5).
    lean_forward_max_deg: float = 15.0
    # Leaning back (or arching the low back, which moves the shoulders behind the hips)
    # instead of tilting the pelvis: 10 deg behind vertical.
    lean_back_max_deg: float = 10.0
    # Leaning back is the stretch done wrongly, not "not stretching": the patient kneels in
    # the position and reaches for the stretch by arching instead of tilting the pelvis
    # back. A physiotherapist lets the hold run and corrects it ("tilt the pelvis back,
    # don't lean back"), so the swing the stretch gate judges is the back thigh plus any
    # backward lean (the hip's extension against a trunk behind the vertical). The hold
    # starts, and the lean-back fault tells the patient what to change, where refusing the
    # position would leave them with only "get into position". Forward lean adds nothing.
    lean_back_is_stretch: bool = True
    # The stretch is the hip extended: the back thigh behind the trunk's line by at least
    # this much (side-on, where the lean is measured). Leaning the trunk forward over the
    # thigh flexes the hip again and stretches nothing, however far the thigh swings back
    # (a physio showing the forward-lean fault: -25 to +2 deg); a stretch reads 15-35, an
    # upright kneel 0-10. The hold pauses there: the form does not hold.
    hip_extension_min_deg: float = 10.0
    # Front knee ahead of its ankle by more than this share of the shin (a shin leaning
    # ~25 deg forward): the knee slides past the foot to deepen the lunge instead of the
    # pelvis tilting, which loads the knee and moves the stretch away from the hip.
    knee_ahead_max_norm: float = 0.4
    # A fault must last this long within a hold before it is reported (jitter is not a fault).
    fault_min_s: float = 0.8
    # Out of position this long (with a pose) before the "get into position" hint.
    hint_after_s: float = 5.0


class HipFlexorStretch:
    """One stretch session: `update` per observation, `finish` at the end."""

    name: ClassVar[str] = "hip_flexor_stretch"
    one_sided: ClassVar[bool] = True

    def __init__(self, prescription: Prescription, config: HipFlexorConfig | None = None) -> None:
        self.prescription = prescription
        self.config = config if config is not None else HipFlexorConfig()
        self._timer = HoldTimer(prescription.hold_s, self.config.hold)
        self._faults = FaultGate(self.config.fault_min_s)
        self._presence = PresenceTracker()
        self._gate = StretchGate(self.config.gate)
        self._sides = prescription.sides(one_sided=True)
        self._progress = ProgressTracker(prescription, True, "holds")  # a hold is a rep
        self._ready = False
        self._last: StretchMeasure | None = None
        self._out_since_ms: int | None = None
        self._hinted = False
        self._off_side = ViewTally(frozenset({"front", "oblique", "end"}))  # while not stretching
        self._hip_ext: list[float] = []
        self._lean: list[float] = []
        self._pelvis: list[tuple[int, float]] = []  # (t_ms, pelvis ahead) while stretching

    def update(self, observation: Observation) -> list[Event]:
        t_ms = observation.timestamp_ms
        events: list[Event] = list(self._presence.update(t_ms, observation.pose is not None))
        pose, view = observation.pose, observation.view
        m = (
            None
            if pose is None or view is None
            else measure_stretch(pose, view.view, self.config.pose)
        )
        self._last = m
        verdict: bool | None = None
        if m is not None:
            kneeling = m.in_position and (
                not m.lean_measured or m.hip_extension_deg >= self.config.hip_extension_min_deg
            )
            verdict = self._gate.update(t_ms, m.stretched_side, kneeling, self._swing_deg(m))
        side = None if m is None else m.stretched_side
        if verdict and side not in self._sides:
            verdict = False
            events += self._hint(t_ms, HINT_SWITCH_SIDE)
        if verdict and self._timer.running and side != self._timer.side:
            events += self._end_hold(t_ms)  # switched legs within the grace period
        if m is not None and verdict:
            self._pelvis.append((t_ms, m.pelvis_ahead_torso))
        for event in self._timer.update(t_ms, verdict, side):
            events += self._on_timer(event)
        if m is not None and verdict:
            # A stretch that became a hold restarts the wait for a set-up hint; a blip of
            # one (shorter than the hold's minimum: a rendered 45 deg view read 0.4 s of
            # swing) does not, or a patient filmed from a view that cannot judge the
            # stretch would never hear where the camera goes.
            if self._timer.running:
                self._out_since_ms = None
                self._off_side.reset()
                events += self._measure(t_ms, m)
        elif observation.pose is not None:  # seen, but not stretching (or not measurable)
            self._off_side.add(observation.view)
            self._out_since_ms = self._out_since_ms if self._out_since_ms is not None else t_ms
            if t_ms - self._out_since_ms >= self.config.hint_after_s * 1000:
                hint = HINT_CAMERA_TO_SIDE if self._off_side.mostly else HINT_GET_IN_POSITION
                events += self._hint(t_ms, hint)
        return events

    def finish(self, timestamp_ms: int) -> list[Event]:
        return self._end_hold(timestamp_ms, released=False)

    @property
    def status(self) -> ExerciseStatus:
        m = self._last
        side = self._timer.side if self._timer.running or m is None else m.stretched_side
        return ExerciseStatus(
            phase="hold" if self._timer.running else ("rest" if self._ready else "setup"),
            ready=self._ready,
            angle_deg=None if m is None else m.hip_extension_deg,
            angle_name="hip_extension",
            hold_s=self._timer.hold_s,
            side=side,
            progress=self._progress.progress(side),
        )

    def _swing_deg(self, m: StretchMeasure) -> float:
        """How far the stretch has gone: the back thigh behind the vertical, plus the
        backward lean when that counts (see `HipFlexorConfig.lean_back_is_stretch`)."""
        if not (self.config.lean_back_is_stretch and m.lean_measured):
            return m.back_thigh_deg
        return m.back_thigh_deg + max(0.0, -m.trunk_lean_deg)

    def _hint(self, t_ms: int, code: str) -> list[Event]:
        if self._hinted:
            return []
        self._hinted = True
        return [SetupHint(timestamp_ms=t_ms, code=code)]

    def _measure(self, t_ms: int, m: StretchMeasure) -> list[Event]:
        cfg, side = self.config, m.stretched_side
        self._hip_ext.append(m.hip_extension_deg)
        judged = m.lean_measured  # not side-on: the lean is not seen well enough to judge
        if judged:
            self._lean.append(m.trunk_lean_deg)
        return [
            *self._faults.update(
                t_ms,
                FAULT_LEAN_FORWARD,
                judged and m.trunk_lean_deg > cfg.lean_forward_max_deg,
                m.trunk_lean_deg,
                side,
            ),
            *self._faults.update(
                t_ms,
                FAULT_LEAN_BACK,
                judged and m.trunk_lean_deg < -cfg.lean_back_max_deg,
                m.trunk_lean_deg,
                side,
            ),
            *self._faults.update(
                t_ms,
                FAULT_KNEE_PAST_FOOT,
                m.knee_ahead_norm > cfg.knee_ahead_max_norm,
                m.knee_ahead_norm,
                side,
            ),
        ]

    def _end_hold(self, t_ms: int, released: bool = True) -> list[Event]:
        events: list[Event] = []
        for event in self._timer.end(t_ms):
            events += self._on_timer(event, released)
        return events

    def _on_timer(self, event: Event, released: bool = True) -> list[Event]:
        if isinstance(event, HoldStarted):
            self._faults.reset()
            self._hip_ext.clear()
            self._lean.clear()
            self._hinted = False
            if not self._ready:
                self._ready = True
                return [ExerciseReady(timestamp_ms=event.timestamp_ms, side=event.side), event]
            return [event]
        if isinstance(event, HoldEnded):
            hold = self._at_plateau(event)
            return [hold, *self._close_hold(hold, released)]
        return [event]

    def _at_plateau(self, event: HoldEnded) -> HoldEnded:
        """The hold timed at its plateau (not the threshold crossings), with its measures."""
        start_ms, end_ms = round(event.start_s * 1000), round(event.end_s * 1000)
        p_start, p_end = plateau_span(self._pelvis, start_ms, end_ms, self.config.plateau)
        self._pelvis = [(t, v) for t, v in self._pelvis if t > end_ms]
        trimmed_s = ((p_start - start_ms) + (end_ms - p_end)) / 1000
        return replace(
            event,
            start_s=p_start / 1000,
            end_s=p_end / 1000,
            duration_s=max(0.0, event.duration_s - trimmed_s),
            angle_deg=_mean(self._hip_ext),
            trunk_incline_deg=_mean(self._lean),
        )

    def _close_hold(self, hold: HoldEnded, released: bool) -> list[Event]:
        if not hold.completed:
            if not released:
                return []  # the stream ended mid-hold: not the patient's fault
            lost = FormFault(
                timestamp_ms=hold.timestamp_ms,
                code=FAULT_POSITION_LOST,
                side=hold.side,
                value=hold.duration_s,
            )
            return [lost]
        number, done = self._progress.rep(hold.side, hold.timestamp_ms)
        rep = RepCompleted(
            timestamp_ms=hold.timestamp_ms,
            index=number.index,
            set_index=number.set_index,
            rep_in_set=number.rep_in_set,
            side=hold.side,
            start_s=hold.start_s,
            peak_s=hold.start_s + hold.target_s,
            end_s=hold.end_s,
            hold_s=hold.duration_s,
            peak_angle_deg=max(self._hip_ext, default=0.0),
            faults=self._faults.reported,
        )
        return [rep, *done]
