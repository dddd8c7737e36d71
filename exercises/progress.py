"""Progress against a Prescription: the one place sets, sides and "done" are worked out.

`ProgressTracker` numbers every counted rep (or hold) into sets per prescribed side and
publishes one frozen `Progress`; the engines own one each and put its value on their
status, and `replay` feeds a stored session's events through the same tracker, so the
page, the summaries, the report and the progress pages all read the same value.

The rule for a set, as a therapist counts it:
- A set is *done* when its prescribed reps are all done, on its side (one-sided
  exercises keep their sets per side, the stretch's holds too).
- Reps fill the set under way; a set not finished is shown as "n of m reps in set k",
  never as a set. The set just done stays shown (12 of 12) until the next rep starts
  the next set.
- A rep exercise's set left short by a long pause (half the prescribed rest, at least
  20 s: the patient is resting) is not continued: the next rep starts that set afresh.
  Its reps are still reps (`SideProgress.reps`), it is still not a set.
- The prescription is *done* when every prescribed side has its sets done (belly
  breathing: when its time in position is reached).
- The side to turn to (`next_side`), both sides prescribed: the side with fewer sets
  done, until the patient is on it.

Pure: time comes only from the events' `timestamp_ms`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from exercises.base import Prescription
from exercises.events import (
    Event,
    HoldEnded,
    HoldReached,
    PrescriptionDone,
    RepCompleted,
    SetCompleted,
    SideName,
)

__all__ = [
    "PROGRESS_KINDS",
    "Progress",
    "ProgressKind",
    "ProgressTracker",
    "RepNumber",
    "SideProgress",
    "replay",
    "replay_numbered",
]

# What is counted: reps into sets (bridge, clamshell), holds into sets (the stretch), or
# time in position (belly breathing).
ProgressKind = Literal["reps", "holds", "time"]
PROGRESS_KINDS: tuple[ProgressKind, ...] = ("reps", "holds", "time")


@dataclass(frozen=True, slots=True)
class RepNumber:
    index: int  # 1-based over the session
    set_index: int  # 1-based, per side for one-sided exercises
    rep_in_set: int  # 1-based


@dataclass(frozen=True, slots=True)
class SideProgress:
    """One prescribed side (None: a two-sided exercise, both at once)."""

    side: SideName | None
    sets_done: int  # sets whose reps were all done
    set_index: int  # the set shown: under way, or the one just done until the next rep
    reps_in_set: int  # reps in the set shown
    reps: int  # every counted rep (hold) on this side, a short set's too
    done: bool  # its prescribed sets are done

    @property
    def under_way(self) -> bool:
        """A set is started and not done: "n of m reps in set k"."""
        return self.reps_in_set > 0 and not self._shown_done

    @property
    def _shown_done(self) -> bool:
        return self.set_index <= self.sets_done


@dataclass(frozen=True, slots=True)
class Progress:
    """Where one exercise stands against its prescription (see the module's rule)."""

    kind: ProgressKind
    sets: int  # prescribed sets per side (0 for time)
    reps: int  # prescribed reps (holds) per set (0 for time)
    sides: tuple[SideProgress, ...]  # the prescribed sides, in `Prescription.sides` order
    side: SideName | None  # the side shown now (None: a two-sided exercise)
    next_side: SideName | None  # the side to turn to, both sides prescribed
    time_s: float  # time in position (time only; 0 otherwise)
    time_target_s: float
    done: bool

    @property
    def current(self) -> SideProgress:
        """The side shown now (the first prescribed one before any is)."""
        return next((s for s in self.sides if s.side == self.side), self.sides[0])

    def of_side(self, side: SideName | None) -> SideProgress:
        """A prescribed side's progress; a side not prescribed raises KeyError."""
        for s in self.sides:
            if s.side == side:
                return s
        raise KeyError(
            f"side {side!r} is not prescribed; prescribed: {[s.side for s in self.sides]}"
        )

    @property
    def sets_done(self) -> int:
        return sum(s.sets_done for s in self.sides)

    @property
    def reps_done(self) -> int:
        return sum(s.reps for s in self.sides)

    def to_wire(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "sets": self.sets,
            "reps": self.reps,
            "sides": [
                {
                    "side": s.side,
                    "sets_done": s.sets_done,
                    "set_index": s.set_index,
                    "reps_in_set": s.reps_in_set,
                    "reps": s.reps,
                    "done": s.done,
                    "under_way": s.under_way,
                }
                for s in self.sides
            ],
            "side": self.side,
            "next_side": self.next_side,
            "set_index": self.current.set_index,
            "reps_in_set": self.current.reps_in_set,
            "sets_done": self.sets_done,
            "reps_done": self.reps_done,
            "time_s": round(self.time_s, 1),
            "time_target_s": self.time_target_s,
            "done": self.done,
        }


@dataclass
class _Side:
    sets_done: int = 0
    set_index: int = 1
    reps_in_set: int = 0
    reps: int = 0
    last_rep_ms: int | None = None


@dataclass
class ProgressTracker:
    """Counts reps into sets per side; `progress(side)` is the one value to show.

    `rep(side, t_ms)` numbers a counted rep and returns the SetCompleted (and the
    PrescriptionDone) it causes; a timed exercise reports `time(ended_s)` as its holds
    end and `reached(t_ms)` instead, and hands its running hold to `progress`."""

    prescription: Prescription
    one_sided: bool
    kind: ProgressKind
    _sides: dict[SideName | None, _Side] = field(init=False)
    _total: int = field(init=False, default=0)
    _time_s: float = field(init=False, default=0.0)
    _reached: bool = field(init=False, default=False)
    _done_said: bool = field(init=False, default=False)
    _last_side: SideName | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.kind not in PROGRESS_KINDS:
            raise ValueError(f"kind must be one of {PROGRESS_KINDS}, got {self.kind!r}")
        self._sides = {side: _Side() for side in self.prescription.sides(self.one_sided)}

    @property
    def pause_ms(self) -> float | None:
        """A rep exercise's pause that leaves a set short (None: holds and time keep
        their set however long the rest; a 30 s stretch is itself a long pause)."""
        if self.kind != "reps":
            return None
        return 1000.0 * max(20.0, 0.5 * self.prescription.rest_s)

    @property
    def done(self) -> bool:
        if self.kind == "time":
            return self._reached
        return all(s.sets_done >= self.prescription.sets for s in self._sides.values())

    def rep(self, side: SideName | None, t_ms: int) -> tuple[RepNumber, list[Event]]:
        """Number one counted rep (hold) on `side` at `t_ms`: its number, and the set it
        completes (and the prescription, the first time) as events. A side that is not
        prescribed counts in the session's reps only (the engines never send one)."""
        key = side if self.one_sided else None
        self._total += 1
        s = self._sides.get(key)
        if s is None:
            return RepNumber(self._total, 0, 0), []
        self._last_side = key
        pause = self.pause_ms
        short = (
            pause is not None
            and s.last_rep_ms is not None
            and s.set_index > s.sets_done
            and t_ms - s.last_rep_ms >= pause
        )
        if s.set_index <= s.sets_done or short:  # the shown set is done, or left short
            s.set_index, s.reps_in_set = s.sets_done + 1, 0
        s.reps_in_set += 1
        s.reps += 1
        s.last_rep_ms = t_ms
        number = RepNumber(self._total, s.set_index, s.reps_in_set)
        events: list[Event] = []
        if s.reps_in_set >= self.prescription.reps:
            s.sets_done += 1
            events.append(
                SetCompleted(
                    timestamp_ms=t_ms,
                    set_index=s.set_index,
                    reps=s.reps_in_set,
                    side=key,
                    rest_s=self.prescription.rest_s,
                )
            )
        return number, events + self._say_done(t_ms)

    def time(self, ended_s: float) -> None:
        """A timed exercise's time in position in its ended holds."""
        self._time_s = ended_s

    def reached(self, t_ms: int) -> list[Event]:
        """The timed exercise's time in position was reached."""
        if self.kind == "time" and self.prescription.duration_s > 0:
            self._reached = True
        return self._say_done(t_ms)

    def _say_done(self, t_ms: int) -> list[Event]:
        if self._done_said or not self.done:
            return []
        self._done_said = True
        return [PrescriptionDone(timestamp_ms=t_ms, sets=self._sets_done(), reps=self._total)]

    def _sets_done(self) -> int:
        return 1 if self.kind == "time" else sum(s.sets_done for s in self._sides.values())

    def progress(self, side: SideName | None = None, running_s: float = 0.0) -> Progress:
        """The value to show, `side` the one the patient is on now (else the last rep's),
        `running_s` a timed exercise's running hold."""
        p = self.prescription
        counted = self.kind != "time"
        sides = tuple(
            SideProgress(
                side=key,
                sets_done=s.sets_done,
                set_index=s.set_index,
                reps_in_set=s.reps_in_set,
                reps=s.reps,
                done=counted and s.sets_done >= p.sets,
            )
            for key, s in self._sides.items()
        )
        shown = side if self.one_sided and side in self._sides else self._last_side
        if not self.one_sided or shown not in self._sides:
            shown = sides[0].side
        return Progress(
            kind=self.kind,
            sets=p.sets if counted else 0,
            reps=p.reps if counted else 0,
            sides=sides,
            side=shown,
            next_side=_next_side(sides, shown) if counted else None,
            time_s=self._time_s + running_s,
            time_target_s=p.duration_s if not counted else 0.0,
            done=self.done,
        )


def _next_side(sides: tuple[SideProgress, ...], shown: SideName | None) -> SideName | None:
    """Both sides prescribed: the side behind (fewer sets done, or the other one done),
    until the patient is on it."""
    if len(sides) < 2:
        return None
    open_sides = [s for s in sides if not s.done]
    if not open_sides:
        return None
    behind = min(open_sides, key=lambda s: s.sets_done)
    ahead = max(s.sets_done for s in sides)
    if behind.side == shown or behind.sets_done >= ahead:
        return None
    return behind.side


def replay(
    prescription: Prescription, *, one_sided: bool, kind: ProgressKind, events: Iterable[Event]
) -> Progress:
    """A recorded stream's Progress: its events through a fresh tracker, as the engine
    fed it (counted reps or holds, the timed exercise's holds). The SetCompleted and
    PrescriptionDone among them were the tracker's own answers and are worked out anew."""
    return replay_numbered(prescription, one_sided=one_sided, kind=kind, events=events)[0]


def replay_numbered(
    prescription: Prescription, *, one_sided: bool, kind: ProgressKind, events: Iterable[Event]
) -> tuple[Progress, tuple[RepNumber, ...]]:
    """`replay`, with the number the tracker gives each RepCompleted, in order (the
    report's rows: a session stored before this rule numbered a short set's reps apart)."""
    tracker = ProgressTracker(prescription, one_sided, kind)
    numbers: list[RepNumber] = []
    ended_s = 0.0
    for e in events:
        if isinstance(e, RepCompleted) and kind != "time":
            numbers.append(tracker.rep(e.side, e.timestamp_ms)[0])
        elif isinstance(e, HoldEnded) and kind == "time":
            ended_s += e.duration_s
            tracker.time(ended_s)
            if e.completed:
                tracker.reached(e.timestamp_ms)
        elif isinstance(e, HoldReached) and kind == "time":
            tracker.reached(e.timestamp_ms)
    return tracker.progress(), tuple(numbers)
