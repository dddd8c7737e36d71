"""The shared machinery of a rep exercise: pose -> reading -> gate, counter, hold, sets.

An exercise (bridge, clamshell) subclasses `RepEngine` and supplies two things:
`read(pose)` turns one pose into a `Reading` (is the body seen, in which position, the
key angle, extra measures for form checks) and `judge(context)` names the form faults of
one finished rep. Everything else is here, once:

- presence: a lost pose pauses everything and is reported (PoseLost / PoseFound);
- continuity (`exercises.continuity`): a skeleton that jumps for a frame is not believed;
- the ready gate (`exercises.gates`): reps count only once the patient is in position;
- the rep counter (`exercises.counter`): hysteresis, time in phase, the patient's range;
- the top hold (`exercises.hold.HoldTimer`) for exercises with a prescribed hold;
- sets, sides and done (`exercises.progress`: the one tracker, its value on the status).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import replace
from typing import ClassVar

from exercises.base import ExerciseStatus, Prescription
from exercises.continuity import ContinuityFilter
from exercises.counter import CounterConfig, RepCounter, RepResult
from exercises.doubt import DOUBT_MARGIN
from exercises.events import (
    Doubted,
    Event,
    ExerciseReady,
    FormFault,
    HoldEnded,
    RepCompleted,
    SetupHint,
    SideName,
)
from exercises.gates import GateConfig, PositionGate
from exercises.hold import HoldTimer
from exercises.plateau import PlateauConfig, at_top, plateau_span
from exercises.presence import PresenceTracker
from exercises.progress import ProgressTracker
from exercises.rep_context import Anchors, Aux, Fault, Reading, RepContext
from pose.types import Observation, PoseFrame
from pose.view import HINT_MOVE_INTO_VIEW

__all__ = ["RepEngine"]

_SIDES: tuple[SideName, ...] = ("left", "right")
HINT_INTO_VIEW = HINT_MOVE_INTO_VIEW  # the framing hint of pose.view


class RepEngine:
    """A rep exercise: one `update` per observation, in time order."""

    name: ClassVar[str] = ""
    one_sided: ClassVar[bool] = False
    angle_name: ClassVar[str] = ""
    wrong_side_hint: ClassVar[str | None] = None  # hint when the other side than prescribed is up

    def __init__(
        self,
        prescription: Prescription,
        counter: CounterConfig,
        gate: GateConfig | None = None,
        *,
        uses_hold: bool = False,
        plateau: PlateauConfig | None = None,
        anchor_max: float = math.inf,
    ) -> None:
        self.prescription = prescription
        self._counter = RepCounter(counter)
        self._gate = PositionGate(gate)
        self._presence = PresenceTracker()
        self._continuity = ContinuityFilter()
        self._progress = ProgressTracker(prescription, self.one_sided, "reps")
        self._uses_hold = uses_hold
        use_hold = uses_hold and prescription.hold_s > 0
        self._hold = HoldTimer(prescription.hold_s) if use_hold else None
        self._aux: deque[tuple[int, Aux]] = deque(maxlen=1800)  # a minute at 30 fps
        self._frames: deque[int] = deque(maxlen=1800)  # every frame's time, seen or not
        self._plateau = plateau if plateau is not None else PlateauConfig()
        self._anchor_max = anchor_max
        self._rest_anchors: Anchors | None = None
        self._rest_aux: dict[str, float] = {}  # the measures of the latest rest frame
        self._rest_scale_px = 0.0
        self._recent: deque[tuple[int, float]] = deque()  # the last window of samples
        # A hold the timer closed while its rep is still coming down: reported with the
        # rep (timed at its plateau), or dropped if the rep does not count.
        self._pending: list[Event] = []
        # A rep starts only from the start position: seen at rest, with at most this much
        # seen time out of it since (the lift itself soon leaves it; lying down from
        # sitting never reached it). Unseen time does not count: a rep that began while
        # tracking was lost still counts.
        self._start_memory_ms = 1000
        self._off_start_ms: int | None = None  # seen time out of the start position
        self._seen_ms: int | None = None
        self._counter_key: str | None = None
        self._value: float | None = None
        self._hint: tuple[str, int] | None = None
        self._side_on = False  # the latest pose seen side-on

    # -- to be supplied by the exercise ------------------------------------------------
    def read(self, pose: PoseFrame) -> Reading | None:
        raise NotImplementedError

    def judge(self, context: RepContext) -> list[Fault]:
        raise NotImplementedError

    def form_holds(self, aux: Aux, rest: Aux) -> bool:
        """Does the form hold at this frame, against the last rest (for the hold at the top:
        the exercise's own checks beyond the anchors)? The default: yes."""
        return True

    def margin(self, context: RepContext) -> float:
        """How far inside its rules the rep sits: the smallest of (measure / threshold)
        over the rules it passed, 1 at a rule's edge. The default: its excursion over
        the counter's smallest rep."""
        smallest = self._counter.config.min_range
        return context.rep.excursion / smallest if smallest > 0 else math.inf

    def recognise(self, context: RepContext) -> bool:
        """Was this rep the exercise at all (not another movement that moved the key
        angle)? A rep that is not is dropped without a word; the default accepts all."""
        return True

    # -- the Exercise protocol -----------------------------------------------------------
    def update(self, observation: Observation) -> list[Event]:
        t = observation.timestamp_ms
        self._frames.append(t)
        pose = self._continuity(t, observation.pose)
        reading = self.read(pose) if pose is not None else None
        seen = reading is not None and reading.visible
        events: list[Event] = list(self._presence.update(t, seen))
        if reading is None or not seen:
            if reading is not None:  # a body, but the joints we need are not seen
                events += self._maybe_hint(t, replace(reading, hint=HINT_INTO_VIEW))
            self._value = None
            self._counter.update(t, None)
            if self._hold is not None:
                events += self._held(self._hold.update(t, None, self._side))
            return events
        self._value = reading.value
        self._side_on = observation.view is not None and observation.view.view == "side"
        position = reading.position
        prescribed = self.prescription.side
        if self.one_sided and prescribed in _SIDES and position not in (None, prescribed):
            position = None
            reading = replace(reading, hint=self.wrong_side_hint)
        change = self._gate.update(t, position, reading.start_position)
        if change == "ready":
            events.append(ExerciseReady(timestamp_ms=t, side=self._side))
        if self._gate.key != self._counter_key or change == "left":
            self._counter.reset()
            self._counter_key = self._gate.key
            if self._hold is not None:
                self._hold.end(t)  # the rep it belonged to is gone with the reset
            self._pending = []
        events += self._maybe_hint(t, reading)
        if position is not None and position == self._gate.key:
            events += self._in_position(t, reading)
        else:
            self._counter.update(t, None)
            if self._hold is not None:
                events += self._held(self._hold.update(t, False, self._side))
        return events

    def finish(self, timestamp_ms: int) -> list[Event]:
        events: list[Event] = []
        rep = self._counter.finish(timestamp_ms)
        held = self._pending + (self._hold.end(timestamp_ms) if self._hold is not None else [])
        self._pending = []
        if rep is not None and self._gate.ready:
            events += self._count(rep, timestamp_ms, held)
        # else: a hold with no rep to count is no hold (a knee hugged and held)
        return events

    @property
    def status(self) -> ExerciseStatus:
        side = self._side
        return ExerciseStatus(
            phase=self._phase(),
            ready=self._gate.ready,
            angle_deg=self._value,
            angle_name=self.angle_name,
            hold_s=self._hold.hold_s if self._hold is not None else 0.0,
            side=side,
            progress=self._progress.progress(side),
        )

    # -- internals -------------------------------------------------------------------
    @property
    def _side(self) -> SideName | None:
        key = self._gate.key
        return "left" if key == "left" else "right" if key == "right" else None

    def _phase(self) -> str:
        if not self._gate.ready:
            return "setup"
        c = self._counter
        if c.phase == "rest" or self._value is None:
            return "rest"
        peak = c.peak if c.peak is not None else self._value
        if self._value < peak - 0.15 * c.reference_range:
            return "down"
        if self._value >= c.level(c.config.top_frac):
            # At the top with a hold prescribed the patient is holding: "hold" (the page
            # shows "Vasthouden"); without one the top is only a turning point.
            return "hold" if self._hold is not None else "top"
        return "up"

    def _in_position(self, t: int, reading: Reading) -> list[Event]:
        events: list[Event] = []
        aux = dict(reading.aux or {})
        # Seen side-on (`pose.view`): a form check reads only what its view shows (the
        # angle's size side-on, widths and levels from anywhere else).
        aux["side_on"] = 1.0 if self._side_on else 0.0
        drift = self._anchor_drift(reading)
        if drift is not None:
            aux["anchor_drift"] = drift
        if self._counter.phase == "rest":
            self._rest_aux = dict(aux)
        form_ok = (drift is None or drift <= self._anchor_max) and self.form_holds(
            aux, self._rest_aux
        )
        aux["form_ok"] = 1.0 if form_ok else 0.0
        self._aux.append((t, aux))
        if self._counter.phase == "rest" and not self._from_start(t, reading.start_position):
            rep = self._counter.update(t, None)  # a rep starts only from the start position
        else:
            rep = self._counter.update(t, reading.value)
        self._recent.append((t, reading.value))
        while self._recent[0][0] < t - 2 * self._plateau.window_ms:
            self._recent.popleft()
        if self._hold is not None:
            events += self._held(self._hold.update(t, form_ok and self._at_top(), self._side))
        if rep is not None and self._gate.ready:
            held = self._pending + (self._hold.end(t) if self._hold is not None else [])
            events += self._count(rep, t, held)
        if self._counter.phase == "rest":
            self._pending = []
        return events

    def _held(self, events: list[Event]) -> list[Event]:
        """The hold timer's events: a hold that ends waits for its rep (`_pending`), and is
        reported with it or not at all; the live ones (started, progress, reached) pass."""
        out: list[Event] = []
        for event in events:
            if isinstance(event, HoldEnded):
                self._pending.append(event)
            else:
                out.append(event)
        return out

    def _from_start(self, t: int, start_position: bool) -> bool:
        """Was the start position seen lately (see `_start_memory_ms`)?"""
        last, self._seen_ms = self._seen_ms, t
        if start_position:
            self._off_start_ms = 0
        elif self._off_start_ms is not None and last is not None:
            # a gap in tracking is not time seen (the counter's own rule for its rest)
            self._off_start_ms += min(t - last, self._counter.config.max_frame_gap_ms)
        return self._off_start_ms is not None and self._off_start_ms <= self._start_memory_ms

    def _at_top(self) -> bool:
        """The live hold verdict: rising and at the top plateau (the form judged apart)."""
        c = self._counter
        if c.phase != "up" or c.baseline is None:
            return False
        excursion = max(
            c.reference_range, (c.peak if c.peak is not None else c.baseline) - c.baseline
        )
        return at_top(list(self._recent), c.baseline, excursion, self._plateau)

    def _anchor_drift(self, reading: Reading) -> float | None:
        """How far the anchors moved from the last rest (None when not measured)."""
        if reading.anchors is None:
            return None
        if self._counter.phase == "rest":
            self._rest_anchors, self._rest_scale_px = reading.anchors, reading.anchor_scale_px
            return 0.0
        ref, scale = self._rest_anchors, self._rest_scale_px
        if not ref or scale <= 0:
            return None
        moves = [
            math.dist(reading.anchors[k], ref[k]) / scale
            for k in reading.anchors.keys() & ref.keys()
        ]
        return max(moves, default=None)

    def _count(self, rep: RepResult, t: int, held: list[Event] | None = None) -> list[Event]:
        side = self._side
        during = tuple(a for a in self._aux if rep.start_ms <= a[0] <= rep.end_ms)
        rest = tuple(a for a in self._aux if rep.start_ms - 1500 <= a[0] < rep.start_ms)
        span = plateau_span(rep.samples, rep.baseline, self._plateau) if self._uses_hold else None
        context = RepContext(rep, during, rest, rep.reference_range, self.prescription, span)
        frames = sum(1 for f in self._frames if rep.start_ms <= f <= rep.end_ms)
        if frames and len(during) < _MIN_SEEN_SHARE * frames:
            return []  # mostly not seen in position: no rep can be told from it
        if not self.recognise(context):
            self._counter.unlearn(rep)
            # Dropped, but within a quarter of its rules: landmark error could as well
            # have counted it, so the count may be one short (the run's doubt, as a
            # counted rep at the edge is its own).
            if self.margin(context) >= 1.0 / _SURE_MARGIN:
                return [Doubted(timestamp_ms=t, code=DOUBT_MARGIN)]
            return []
        faults = self.judge(context)
        doubts = (DOUBT_MARGIN,) if self.margin(context) < _SURE_MARGIN else ()
        number, set_events = self._progress.rep(side, t)
        events: list[Event] = self._one_hold(held or [], context)
        events += [
            FormFault(timestamp_ms=t, code=code, side=side, value=value) for code, value in faults
        ]
        events.append(
            RepCompleted(
                timestamp_ms=t,
                index=number.index,
                set_index=number.set_index,
                rep_in_set=number.rep_in_set,
                side=side,
                start_s=rep.start_ms / 1000.0,
                peak_s=rep.peak_ms / 1000.0,
                end_s=rep.end_ms / 1000.0,
                hold_s=context.top_s,
                peak_angle_deg=min(max(rep.peak, 0.0), 180.0),  # past straight: 180
                faults=tuple(code for code, _ in faults),
                lift_s=rep.lift_s,
                lower_s=rep.lower_s,
                doubts=doubts,
            )
        )
        return events + set_events

    def _one_hold(self, held: list[Event], context: RepContext) -> list[Event]:
        """A rep's one hold: the live timer's pieces of it (a wobble or a tracking gap at
        the top ends one and starts the next) made one, timed at its top plateau rather
        than by the live verdicts (their sum where no plateau was found)."""
        pieces = [e for e in held if isinstance(e, HoldEnded)]
        if not pieces:
            return []
        first, last = pieces[0], pieces[-1]
        span = context.top_span_ms
        tolerance_s = self._hold.config.target_tolerance_s if self._hold is not None else 0.0
        if span is not None:
            start_s, end_s, duration_s = span[0] / 1000.0, span[1] / 1000.0, context.top_s
        else:
            start_s, end_s = first.start_s, last.end_s
            duration_s = sum(e.duration_s for e in pieces)
        return [
            replace(
                last,
                start_s=start_s,
                end_s=end_s,
                duration_s=duration_s,
                completed=duration_s >= last.target_s - tolerance_s,
            )
        ]

    def _maybe_hint(self, t: int, reading: Reading) -> list[Event]:
        """A setup hint while not ready: when it changes, else at most every 5 s."""
        if self._gate.ready or reading.hint is None:
            return []
        if self._hint is not None and self._hint[0] == reading.hint and t - self._hint[1] < 5000:
            return []
        self._hint = (reading.hint, t)
        return [SetupHint(timestamp_ms=t, code=reading.hint)]


# A rep whose measures sit less than this far inside its rules (1.25: within a quarter of a
# threshold) is counted but marked unsure (`exercises.doubt.DOUBT_MARGIN`): landmark error
# of a few degrees or a few per cent of a body length could have put it either side.
_SURE_MARGIN = 1.25

# A rep is counted only when enough of the frames that came during it saw the patient in
# position: at least this share. Frames that never came (a slow or stalled stream) do not
# count against it; frames that came without the pose, or out of position, do. Measured:
# every counted rep of the real clips, at every frame rate, with drops and stalls, 0.59 or
# more (one bridge rep whose top reads out of position; all others 1.0); a rise and fall
# pieced together from a few frames around a tracking loss (a rendered leg raise filmed
# from the feet end) 0.19 (5 of 26 frames).
_MIN_SEEN_SHARE = 0.4
