"""Belly breathing: time in position (a hold up to the prescribed minutes), breaths,
their rate and lengths, a pacer, and the too-fast and chest-breathing faults.

The breath signal is the trunk's rise from the image (`pose.motion`, torso lengths per
second, integrated): `signals["trunk_motion"]` (`belly_motion` from pipelines without a
trunk probe) plus `chest_motion`. The trunk box's best-textured pixels are mostly the hands
and the belly, so it follows belly breathing and barely moves when only the chest rises;
the chest box adds that, so a chest breath is counted too (synthetic chest breathing: 1 of
2 breaths from the trunk alone, 2 of 2 with the chest). Without image signals, the height
of the hand resting on the belly.
Breaths count only while in position and still: a limb crossing the trunk (an arm to
the belly, a knee to the chest) moves the trunk's image far faster than any breath, so
while the trunk moves faster than `still_max_speed` the breath signal starts afresh
(after `settle_s` of stillness) and the time is not time in position. Chest breathing
compares the swings of the
integrated `chest_motion` and `belly_motion` over each breath, judged side-on only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import ClassVar

from exercises.base import ExerciseStatus, Prescription
from exercises.breathing.breaths import Breath, BreathDetector, BreathSignalConfig
from exercises.breathing.pose import SupineMeasure, SupinePoseConfig, measure_supine
from exercises.doubt import DOUBT_MARGIN
from exercises.events import (
    BreathCompleted,
    Doubted,
    Event,
    ExerciseReady,
    FormFault,
    HoldEnded,
    HoldReached,
    HoldStarted,
    SetupHint,
)
from exercises.hold import HoldConfig, HoldTimer
from exercises.presence import PresenceTracker
from exercises.progress import ProgressTracker
from exercises.view_hint import ViewTally
from pose.signals import BELLY_MOTION, CHEST_MOTION, TRUNK_MOTION
from pose.types import Observation
from pose.view import BodyPosition

__all__ = [
    "BREATHING_PRESCRIPTION",
    "FAULTS",
    "HINTS",
    "PROBES",
    "BellyBreathing",
    "BreathingConfig",
    "Pacer",
]

# The clinic's dose: 5-10 minutes.
BREATHING_PRESCRIPTION = Prescription(reps=1, sets=1, duration_s=300.0)

# Lying, but not on the back (pose.view's body position, from the world landmarks).
_NOT_ON_THE_BACK: frozenset[BodyPosition] = frozenset({"lying_side", "lying_front"})

TRUNK_SIGNAL = TRUNK_MOTION
BELLY_SIGNAL = BELLY_MOTION
CHEST_SIGNAL = CHEST_MOTION
# The breath from the image, best first: the whole trunk survives a camera at an angle.
FLOW_SIGNALS = (TRUNK_SIGNAL, BELLY_SIGNAL)
PROBES = (TRUNK_SIGNAL, BELLY_SIGNAL, CHEST_SIGNAL)  # the image signals the pipeline measures
FAULT_TOO_FAST = "breathing_too_fast"
FAULT_CHEST = "breathing_chest"
HINT_GET_IN_POSITION = "breathing_get_in_position"
HINT_HANDS_ON_BELLY = "breathing_hands_on_belly"
# Filmed from the head or feet end, the trunk points at the camera: the knees hide the
# belly and lying reads like sitting, so neither position nor breath can be seen.
HINT_CAMERA_TO_SIDE = "breathing_camera_to_side"
FAULTS = (FAULT_TOO_FAST, FAULT_CHEST)
HINTS = (HINT_GET_IN_POSITION, HINT_HANDS_ON_BELLY, HINT_CAMERA_TO_SIDE)


@dataclass(frozen=True, slots=True)
class Pacer:
    """The guide: breathe in for `inhale_s`, out for `exhale_s` (4 + 6 s = 6 per minute)."""

    inhale_s: float = 4.0
    exhale_s: float = 6.0

    def __post_init__(self) -> None:
        if not (self.inhale_s > 0 and self.exhale_s > 0):
            raise ValueError(f"Pacer phases must be > 0 s, got {self.inhale_s}, {self.exhale_s}")

    @property
    def rate_bpm(self) -> float:
        return 60.0 / (self.inhale_s + self.exhale_s)

    def phase(self, elapsed_s: float) -> str:
        """ "breathe_in" or "breathe_out" at `elapsed_s` into the session."""
        u = elapsed_s % (self.inhale_s + self.exhale_s)
        return "breathe_in" if u < self.inhale_s else "breathe_out"


@dataclass(frozen=True, slots=True)
class BreathingConfig:
    pose: SupinePoseConfig = field(default_factory=SupinePoseConfig)
    # Position time: lying still has long dropouts of a hand landmark, so be generous;
    # two seconds in position before it counts, so lying down for a moment is no session.
    hold: HoldConfig = field(
        default_factory=lambda: HoldConfig(grace_s=1.5, lost_grace_s=2.0, min_hold_s=2.0)
    )
    # Hand landmark signal: a relaxed belly breath lifts the hand ~1-3 cm on a ~50 cm
    # torso, 0.02-0.06 body units; landmark jitter after smoothing is ~0.005.
    hand_signal: BreathSignalConfig = field(default_factory=lambda: BreathSignalConfig(floor=0.01))
    # Image flow signal: only part of the box moves, so its swing is smaller than the
    # true rise; its noise is smaller too (~0.001 after integration and low-pass).
    flow_signal: BreathSignalConfig = field(default_factory=lambda: BreathSignalConfig(floor=0.003))
    # The image speed's slow bias is tracked with this time constant (seconds): longer
    # than a slow breath (10 s), so the breath itself survives.
    flow_bias_tau_s: float = 20.0
    # Too fast: the last two breaths average above this multiple of the prescribed pacer's
    # rate (`Prescription.pace_in_s` + `pace_out_s`).
    too_fast_ratio: float = 1.5
    # Chest breathing: the chest's swing over this multiple of the belly's, for two breaths.
    chest_ratio: float = 1.2
    # A fault is repeated at most this often (a reminder, not a nag), seconds.
    fault_repeat_s: float = 60.0
    # Seen but out of position this long before a setup hint, seconds.
    hint_after_s: float = 5.0
    # Still: the trunk's image speed (the breath signal, torso lengths per second) at
    # most this. A belly breath lifts the belly 1-3 cm in 1-5 s, under 5 cm/s (0.1 on a
    # 50 cm torso) even for a quick deep one, and the box reads part of that (rendered
    # breathing at every view and rate peaks at 0.11, the real breathing clip 0.013);
    # an arm or a knee crossing the trunk reads 0.35-0.55 (rendered fidgeting and knee to
    # chest). Faster is the body moving: no breath, and no time in position.
    still_max_speed: float = 0.2
    # After a movement the breath signal restarts once the trunk has been still this
    # long (the movement's tail and the signal's low-pass die out), seconds.
    settle_s: float = 1.0
    # A breath past its peak whose fall had come back down this share of its rise when
    # the stream ended was breathed; its end was not confirmed (that takes the next rise):
    # the count may be one short (`doubt_margin` for the run).
    open_breath_share: float = 0.75


class BellyBreathing:
    """One breathing session: `update` per observation, `finish` at the end."""

    name: ClassVar[str] = "breathing"
    one_sided: ClassVar[bool] = False

    def __init__(self, prescription: Prescription, config: BreathingConfig | None = None) -> None:
        self.prescription = prescription
        self.config = config if config is not None else BreathingConfig()
        self.pacer = Pacer(prescription.pace_in_s, prescription.pace_out_s)
        self._timer = HoldTimer(prescription.duration_s, self.config.hold)
        self._presence = PresenceTracker()
        self._detector: BreathDetector | None = None
        self._flow: str | None = None  # the image signal breathed from, once one arrives
        self._height = 0.0  # integrated trunk motion, torso lengths
        self._bias = 0.0  # slow mean of the trunk speed, torso lengths per second
        self._swings = _Swings()  # chest and belly over the current breath
        self._prev_ms: int | None = None
        self._breaths: list[Breath] = []
        self._chest_votes = 0
        self._chest_view_ok = True
        self._last_fault_ms: dict[str, int] = {}
        self._ready = False
        self._pace_from_ms: int | None = None  # the pacer starts a breath in here
        self._banked_s = 0.0  # time in position of this session's earlier, broken-off holds
        self._t_ms = 0
        self._out_since_ms: int | None = None
        self._hinted = False
        self._progress = ProgressTracker(prescription, False, "time")
        self._ended_s = 0.0  # time in position of the session's ended holds
        self._in_position = False  # the last judged observation was in position
        self._end_on = ViewTally(frozenset({"end"}))  # filmed end-on while out of position
        self._moved_ms: int | None = None  # the trunk last moved faster than a breath

    def update(self, observation: Observation) -> list[Event]:
        t_ms = observation.timestamp_ms
        self._t_ms = t_ms
        events: list[Event] = list(self._presence.update(t_ms, observation.pose is not None))
        m = (
            None
            if observation.pose is None
            else measure_supine(observation.pose, self.config.pose, holding=self._in_position)
        )
        view = observation.view
        if m is not None and view is not None and view.position in _NOT_ON_THE_BACK:
            # On the side (a side-lying leg raise with a hand near the belly) or the front:
            # the image's lying trunk and bent knees are not the position.
            m = replace(m, lying=False, in_position=False)
        moving = self._moving(t_ms, observation)
        # Moving is not time in position; the position itself (its hysteresis, the
        # hints) is judged from the pose alone.
        verdict = None if m is None else m.in_position and not moving
        if m is not None:
            self._in_position = m.in_position
        for event in self._timer.update(t_ms, verdict):
            if isinstance(event, HoldStarted):
                self._pace_from_ms = t_ms  # back in position: breathe in with the pacer
                if not self._ready:
                    self._ready = True
                    events.append(ExerciseReady(timestamp_ms=t_ms))
            self._count(event)
            events.append(event)
            if isinstance(event, HoldReached):
                events += self._progress.reached(t_ms)
        if m is not None and m.in_position:
            self._out_since_ms, self._hinted = None, False
            self._end_on.reset()
        settling = (
            self._moved_ms is not None and t_ms - self._moved_ms < self.config.settle_s * 1000
        )
        if m is not None and (m.in_position or self._timer.running) and settling:
            self._detector, self._prev_ms = None, None  # a movement is no breath: afresh
        elif m is not None and (m.in_position or self._timer.running):
            # A hand slipping for a moment pauses the position, not the breath signal.
            events += self._breathe(t_ms, observation, m)
        elif not self._timer.running:
            self._detector, self._prev_ms = None, None  # out of position: start afresh
        if observation.pose is not None and (m is None or not m.in_position):
            self._end_on.add(observation.view)
            events += self._hint(t_ms, m)
        return events

    def _moving(self, t_ms: int, obs: Observation) -> bool:
        """The trunk's image moves faster than a breath moves it (see `still_max_speed`).
        Without an image signal (the hand landmark only) nothing is seen moving."""
        speed = next((obs.signals[name] for name in FLOW_SIGNALS if name in obs.signals), 0.0)
        if abs(speed) <= self.config.still_max_speed:
            return False
        self._moved_ms = t_ms
        return True

    def _hint(self, t_ms: int, m: SupineMeasure | None) -> list[Event]:
        """Seen out of position (or too little of the body seen) for a while: what to do."""
        if self._out_since_ms is None:
            self._out_since_ms = t_ms
        if self._hinted or t_ms - self._out_since_ms < self.config.hint_after_s * 1000:
            return []
        self._hinted = True
        if self._end_on.mostly:
            code = HINT_CAMERA_TO_SIDE
        elif m is not None and m.lying and m.knees_bent:
            code = HINT_HANDS_ON_BELLY
        else:
            code = HINT_GET_IN_POSITION
        return [SetupHint(timestamp_ms=t_ms, code=code)]

    def finish(self, timestamp_ms: int) -> list[Event]:
        events: list[Event] = list(self._timer.end(timestamp_ms))
        for event in events:
            self._count(event)
        if self._detector is not None and (
            self._detector.open_breath() >= self.config.open_breath_share
        ):
            events.append(Doubted(timestamp_ms=timestamp_ms, code=DOUBT_MARGIN))
        return events

    def _count(self, event: Event) -> None:
        """Reps of a breathing session are completed sessions: the prescribed minutes in
        position. A break (a pillow put right, a cough sitting up) ends a hold but not the
        session: its time is kept, and the next hold only needs the rest."""
        if not isinstance(event, HoldEnded):
            return
        self._ended_s += event.duration_s
        self._progress.time(self._ended_s)
        if event.completed:
            self._banked_s = 0.0
            target_s = self.prescription.duration_s
        else:
            self._banked_s += event.duration_s
            target_s = max(0.0, self.prescription.duration_s - self._banked_s)
        self._timer = HoldTimer(target_s, self.config.hold)

    @property
    def status(self) -> ExerciseStatus:
        elapsed_s = 0.0 if self._pace_from_ms is None else (self._t_ms - self._pace_from_ms) / 1000

        recent = self._breaths[-3:]
        rate = 60.0 * len(recent) / sum(b.inhale_s + b.exhale_s for b in recent) if recent else None
        return ExerciseStatus(
            phase=self.pacer.phase(elapsed_s) if self._timer.running else "setup",
            ready=self._ready,
            angle_deg=None,
            angle_name=None,
            hold_s=self._banked_s + self._timer.hold_s,  # the time towards the session
            side=None,
            progress=self._progress.progress(running_s=self._timer.hold_s),
            breaths=len(self._breaths),
            breath_rate_bpm=rate,
        )

    def _breathe(self, t_ms: int, obs: Observation, m: SupineMeasure) -> list[Event]:
        if self._flow is None:
            # The image signal is better than the hand; the first frame of a stream has
            # none yet (no previous frame), so switch once when it first arrives.
            self._flow = next((name for name in FLOW_SIGNALS if name in obs.signals), None)
            self._detector = None if self._flow is not None else self._detector
        if self._detector is None:
            flowing = self._flow is not None
            self._detector = BreathDetector(
                self.config.flow_signal if flowing else self.config.hand_signal
            )
            self._height, self._bias, self._swings = 0.0, 0.0, _Swings()
        dt_s = 0.0 if self._prev_ms is None else (t_ms - self._prev_ms) / 1000.0
        self._prev_ms = t_ms
        if self._flow is not None:
            # Remove the slow bias of the image speed (a steady drift of the flow), so the
            # integrated height keeps turning at each breath.
            speed = obs.signals.get(self._flow, 0.0) + obs.signals.get(CHEST_SIGNAL, 0.0)
            alpha = min(1.0, dt_s / self.config.flow_bias_tau_s)
            self._bias += alpha * (speed - self._bias)
            self._height += (speed - self._bias) * dt_s
            value = self._height
        elif m.hand_height_body is not None:
            value = m.hand_height_body
        else:
            return []
        if not m.side_on:
            self._chest_view_ok = False  # this breath's chest cannot be judged
        self._swings.add(obs.signals, dt_s)
        breath = self._detector.update(t_ms, value)
        return [] if breath is None else self._on_breath(t_ms, breath)

    def _on_breath(self, t_ms: int, breath: Breath) -> list[Event]:
        self._breaths.append(breath)
        events: list[Event] = [
            BreathCompleted(
                timestamp_ms=t_ms,
                index=len(self._breaths),
                start_s=breath.start_ms / 1000.0,
                inhale_s=breath.inhale_s,
                exhale_s=breath.exhale_s,
                rate_bpm=breath.rate_bpm,
            )
        ]
        last2 = self._breaths[-2:]
        rate = 60.0 * len(last2) / sum(b.inhale_s + b.exhale_s for b in last2)
        if len(last2) == 2 and rate > self.config.too_fast_ratio * self.pacer.rate_bpm:
            events += self._fault(t_ms, FAULT_TOO_FAST, rate)
        view_ok, self._chest_view_ok = self._chest_view_ok, True
        ratio = self._swings.chest_over_belly()
        self._swings.restart()
        if ratio is not None and view_ok:
            self._chest_votes = self._chest_votes + 1 if ratio > self.config.chest_ratio else 0
            if self._chest_votes >= 2:
                events += self._fault(t_ms, FAULT_CHEST, ratio)
        return events

    def _fault(self, t_ms: int, code: str, value: float) -> list[Event]:
        last = self._last_fault_ms.get(code)
        if last is not None and t_ms - last < self.config.fault_repeat_s * 1000:
            return []
        self._last_fault_ms[code] = t_ms
        return [FormFault(timestamp_ms=t_ms, code=code, value=value)]


class _Swings:
    """How far the chest and the belly rose and fell (integrated image motion) since the
    last breath ended, in torso lengths."""

    def __init__(self) -> None:
        self._level = {CHEST_SIGNAL: 0.0, BELLY_SIGNAL: 0.0}
        self._range: dict[str, tuple[float, float]] = {}

    def add(self, signals: dict[str, float], dt_s: float) -> None:
        for name in self._level:
            if name in signals:
                y = self._level[name] = self._level[name] + signals[name] * dt_s
                lo, hi = self._range.get(name, (y, y))
                self._range[name] = (min(lo, y), max(hi, y))

    def restart(self) -> None:
        self._range.clear()

    def chest_over_belly(self) -> float | None:
        """The chest's swing over the belly's, or None when either was not measured."""
        if CHEST_SIGNAL not in self._range or BELLY_SIGNAL not in self._range:
            return None
        chest = self._range[CHEST_SIGNAL][1] - self._range[CHEST_SIGNAL][0]
        belly = self._range[BELLY_SIGNAL][1] - self._range[BELLY_SIGNAL][0]
        return chest / belly if belly > 0 else math.inf
