"""How sure is a count? Marks what the engine counted where the camera saw it badly.

An engine counts what its signal shows; whether the signal could be trusted is a matter
of the frames around it. `DoubtWatch` is fed the same observations as the engine (and
the engine's events) and keeps, per frame, what makes a reading doubtful:

- `doubt_tracking`: the body was not tracked, or its joints were faint (mean
  visibility of the body's better-seen side under `min_visibility`);
- `doubt_view`: the frame was seen from a view the exercise cannot be judged from, too
  small, or cut off (the frame's verdict, `exercises.judgeable.JudgeWatch.verdict`);
- `doubt_others`: someone else was in view beside the tracked person
  (`pose.signals.OTHERS_IN_VIEW`): a therapist kneeling behind, a person walking past;
- `doubt_unsteady`: the body's position read flip-flopping, to and from the exercise's
  (`unsteady_changes` changes within `unsteady_s`): no body lies on its side, back and
  front, or gets up and lies down again, within two seconds; the model is misreading
  it (a ball between the knees, an end-on view) or following someone else in turns;
- `doubt_identity`: the tracked body's trunk turned or jumped faster than a trunk can
  (`exercises.identity`): the pose followed someone else, or a ghost, until it came back
  or settled. Such time speaks for the run from `identity_span_s` on: a rep needs about
  that long, and a ghost of a frame or two is far shorter.

A rep or hold the engine reports gets the doubts that held over at least `share` of
its frames (plus the engine's own, `doubt_margin`: a movement at the edge of its
rules; and `doubt_tracking` when the engine's angle jumped faster than a joint moves
within `jump_edge_s` of its start or end, or while its end was being decided: the moments
that time it were misread). A stretch of the stream in the exercise's position that was doubtful for
`span_s` seconds gives one `Doubted` event for the run as a whole, once per code: what
was counted (or missed) there may be wrong, whatever came out of it. The stream as a
whole is judged as a rep is: a reason that held over `share` of its time (and at least
`span_s`) gives its `Doubted` at the end (a clip in which the patient was found for a
few seconds of its fifteen: its count speaks for what was not seen). And a stream in
which someone was seen for `span_s` but never in the exercise's position ends with
`doubt_position`: its 0 is nothing measured, not a measured nothing (a therapist sitting
beside the patient followed instead of her, a view that hides the position). Doubts never make
or break a rep: they only say how far to trust it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from itertools import pairwise

from exercises.events import Doubted, Event, HoldEnded, RepCompleted
from exercises.identity import IdentityConfig, IdentityWatch
from exercises.judgeable import JUDGED
from pose.joints import Joint
from pose.signals import OTHERS_IN_VIEW
from pose.types import Observation

__all__ = [
    "DOUBTS",
    "DOUBT_IDENTITY",
    "DOUBT_MARGIN",
    "DOUBT_OTHERS",
    "DOUBT_POSITION",
    "DOUBT_TRACKING",
    "DOUBT_UNSTEADY",
    "DOUBT_VIEW",
    "DoubtConfig",
    "DoubtWatch",
]

DOUBT_TRACKING = "doubt_tracking"
DOUBT_VIEW = "doubt_view"
DOUBT_OTHERS = "doubt_others"
DOUBT_MARGIN = "doubt_margin"  # the engine's own: a rep at the edge of its rules
DOUBT_POSITION = "doubt_position"  # the run's: someone was seen, never in the position
DOUBT_UNSTEADY = "doubt_unsteady"
DOUBT_IDENTITY = "doubt_identity"
DOUBTS = (
    DOUBT_TRACKING,
    DOUBT_VIEW,
    DOUBT_OTHERS,
    DOUBT_UNSTEADY,
    DOUBT_IDENTITY,
    DOUBT_MARGIN,
    DOUBT_POSITION,
)
# The frame doubts, which the stream as a whole is judged on at its end.
_FRAME_DOUBTS = (DOUBT_TRACKING, DOUBT_VIEW, DOUBT_OTHERS, DOUBT_UNSTEADY, DOUBT_IDENTITY)

# The doubts that speak for the run before the engine has the patient in position: what
# would keep it from ever counting (a wrong person followed, a view that hides the rep).
_BEFORE_READY = frozenset({DOUBT_OTHERS, DOUBT_VIEW, DOUBT_UNSTEADY, DOUBT_IDENTITY})
_SIDES = (
    (Joint.LEFT_SHOULDER, Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE),
    (Joint.RIGHT_SHOULDER, Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE),
)


@dataclass(frozen=True, slots=True)
class DoubtConfig:
    # MediaPipe's visibility of a joint it sees is 0.9-1.0; a joint it guesses (hidden,
    # out of frame, blurred) falls towards 0. Half is the model's own cut-off.
    min_visibility: float = 0.5
    # A rep or hold is doubtful for a reason that held on this share of its frames: a
    # frame or two of a wavering view is no doubt, a third of the rep is.
    share: float = 0.3
    # The stream as a whole is doubtful once a reason held this long (seconds of frames
    # with the body in the exercise's position): about one rep.
    span_s: float = 3.0
    # Frames kept to look back over (a rep's or a hold's span): two minutes at 30 fps.
    memory_frames: int = 3600
    # A gap between frames counts as doubtful time up to this: a stalled stream's pause
    # is not seconds seen badly (two frames at 10 fps).
    max_gap_ms: int = 200
    # A position read that changed this many times within `unsteady_s` (to and from the
    # exercise's position) is flip-flopping: a patient lies down or rolls over once in
    # that time. Measured: every real clip of the four exercises at most one change in
    # any 2 s but one bridge (filmed in portrait, small: 2.1 s of such frames over 13 s);
    # rendered bridges and clamshells with a ball between the knees, or a second person
    # followed in turns, 2-14 s.
    unsteady_changes: int = 2
    unsteady_s: float = 2.0
    identity: IdentityConfig = field(default_factory=IdentityConfig)
    # Time away from the body followed that speaks for the run: a switch to someone else
    # lasts at least `identity.adopt_ms`; a ghost frame or the smoothing's tail after
    # one, measured on real clips, 0.07-0.4 s.
    identity_span_s: float = 0.8
    # The engine's angle may step this much between frames (landmark noise, degrees)
    # plus `max_joint_deg_s` times the time between them. No joint of these exercises
    # moves at 200 deg/s (a brisk bridge or clamshell: under 100); a leg read as the
    # other leg, or a landmark flipping, jumps 25-60 deg in a frame.
    angle_noise_deg: float = 10.0
    max_joint_deg_s: float = 200.0
    max_angle_gap_ms: int = 250  # frames further apart are not compared
    # A rep or hold is timed by the moments its angle crosses thresholds: a jump this
    # close to its start or end may have moved them.
    jump_edge_s: float = 1.0


@dataclass
class DoubtWatch:
    """Marks the engine's reps and holds with their doubts; says once per code when a
    stretch of the stream was doubtful (see the module doc)."""

    config: DoubtConfig = field(default_factory=DoubtConfig)
    # The exercise's positions (its `ViewLimits.positions`): a flip-flop counts only to
    # and from them (a standing person's read wavering between standing and kneeling is
    # someone else's exercise, no evidence). Empty: any position.
    positions: frozenset[str] = frozenset()
    _frames: deque[tuple[int, frozenset[str]]] = field(default_factory=deque)
    _running_ms: dict[str, int] = field(default_factory=dict)  # doubtful time per code
    _last_ms: int | None = None
    _said: set[str] = field(default_factory=set)
    _posed_ms: int = 0  # time with someone seen
    _ever_engaged: bool = False
    _positions: deque[tuple[int, str]] = field(default_factory=deque)  # the last unsteady_s
    _stream_ms: dict[str, int] = field(default_factory=dict)  # doubtful time, whole stream
    _total_ms: int = 0
    _identity: IdentityWatch = field(init=False)
    _angle: tuple[int, float] | None = None  # the last frame's engine angle
    _jumps: deque[int] = field(default_factory=deque)  # when the angle jumped (ms)

    def __post_init__(self) -> None:
        self._identity = IdentityWatch(self.config.identity)

    def update(
        self,
        observation: Observation,
        engine_events: list[Event],
        *,
        verdict: str | None,
        engaged: bool,
        angle_deg: float | None = None,
    ) -> list[Event]:
        """The engine's events with their doubts marked, then any `Doubted` of the run.
        `verdict`: the frame's view verdict (`JudgeWatch.verdict`; None: no evidence).
        `engaged`: the engine has the patient in position (its status is ready). Such
        frames speak for the run with every doubt; others only with those that keep an
        engine from ever getting there: someone else in view beside the tracked person,
        or the exercise's position seen from a view it is not judged from (someone
        alone walking about is no doubt of a count). `angle_deg`: the engine's key
        angle on this frame (its status), watched for jumps."""
        t_ms = observation.timestamp_ms
        doubts = self._frame(observation, verdict)
        self._frames.append((t_ms, doubts))
        while len(self._frames) > self.config.memory_frames:
            self._frames.popleft()
        self._angle_step(t_ms, angle_deg)
        out = [self._marked(e) for e in engine_events]
        gap = 0 if self._last_ms is None else min(t_ms - self._last_ms, self.config.max_gap_ms)
        self._last_ms = t_ms
        self._ever_engaged = self._ever_engaged or engaged
        self._total_ms += gap
        for code in doubts:
            self._stream_ms[code] = self._stream_ms.get(code, 0) + gap
        if observation.pose is not None:
            self._posed_ms += gap
        speaking = doubts if engaged else doubts & _BEFORE_READY
        for code in speaking:
            self._running_ms[code] = self._running_ms.get(code, 0) + gap
            if code not in self._said and self._running_ms[code] >= self._span_ms(code):
                self._said.add(code)
                out.append(Doubted(timestamp_ms=t_ms, code=code))
        return out

    def finish(self, engine_events: list[Event], timestamp_ms: int) -> list[Event]:
        """The engine's closing events (a rep or hold the stream's end closed), marked;
        then `doubt_position` if someone was seen but never in the position."""
        out = [self._marked(e) for e in engine_events]
        c = self.config
        for code in _FRAME_DOUBTS:
            held = self._stream_ms.get(code, 0)
            if code not in self._said and held >= max(
                self._span_ms(code), c.share * self._total_ms
            ):
                self._said.add(code)
                out.append(Doubted(timestamp_ms=timestamp_ms, code=code))
        if not self._ever_engaged and self._posed_ms >= c.span_s * 1000:
            out.append(Doubted(timestamp_ms=timestamp_ms, code=DOUBT_POSITION))
        return out

    def _span_ms(self, code: str) -> float:
        c = self.config
        return (c.identity_span_s if code == DOUBT_IDENTITY else c.span_s) * 1000

    def _angle_step(self, t_ms: int, angle_deg: float | None) -> None:
        """Note a jump of the engine's angle (the shorter way round: a signed angle
        crossing +-180 is no jump)."""
        c, last = self.config, self._angle
        self._angle = None if angle_deg is None else (t_ms, angle_deg)
        if angle_deg is None or last is None or not 0 < t_ms - last[0] <= c.max_angle_gap_ms:
            return
        step = abs(angle_deg - last[1]) % 360.0
        if (
            min(step, 360.0 - step)
            > c.angle_noise_deg + c.max_joint_deg_s * (t_ms - last[0]) / 1000
        ):
            self._jumps.append(t_ms)
            while len(self._jumps) > c.memory_frames:
                self._jumps.popleft()

    def _jumped_near(self, start_s: float, end_s: float) -> bool:
        """Did the angle jump within `jump_edge_s` of `start_s`, or from `jump_edge_s`
        before `end_s` on (up to now: the frames that decided the end)?"""
        edge = self.config.jump_edge_s
        return any(abs(t / 1000 - start_s) <= edge or t / 1000 >= end_s - edge for t in self._jumps)

    def _frame(self, observation: Observation, verdict: str | None) -> frozenset[str]:
        """This frame's doubts (a pose in another position than the exercise's is no
        evidence of the view either way)."""
        pose, view = observation.pose, observation.view
        away = self._identity.update(observation.timestamp_ms, pose)
        if pose is None or view is None:
            return frozenset({DOUBT_TRACKING})
        codes: set[str] = set()
        seen = max(sum(pose.vis(j) for j in side) / len(side) for side in _SIDES)
        if seen < self.config.min_visibility:
            codes.add(DOUBT_TRACKING)
        if verdict is not None and verdict != JUDGED:
            codes.add(DOUBT_VIEW)
        if observation.signals.get(OTHERS_IN_VIEW, 0.0) > 0:
            codes.add(DOUBT_OTHERS)
        if self._unsteady(observation.timestamp_ms, view.position):
            codes.add(DOUBT_UNSTEADY)
        if away:
            codes.add(DOUBT_IDENTITY)
        return frozenset(codes)

    def _unsteady(self, t_ms: int, position: str) -> bool:
        """Has the position read changed `unsteady_changes` times within the last
        `unsteady_s`, to and from the exercise's?"""
        seen = self._positions
        seen.append((t_ms, position))
        while seen[0][0] < t_ms - self.config.unsteady_s * 1000:
            seen.popleft()
        read = [p for _, p in seen]
        changes = sum(1 for a, b in pairwise(read) if a != b)
        ours = not self.positions or any(p in self.positions for p in read)
        return ours and changes >= self.config.unsteady_changes

    def _over(self, start_s: float, end_s: float) -> tuple[str, ...]:
        """The doubts that held on at least `share` of the frames from start to end."""
        frames = [d for t, d in self._frames if start_s * 1000 <= t <= end_s * 1000]
        if not frames:
            return ()
        need = self.config.share * len(frames)
        return tuple(c for c in DOUBTS if sum(1 for d in frames if c in d) >= need)

    def _marked(self, event: Event) -> Event:
        if not isinstance(event, RepCompleted | HoldEnded):
            return event
        found = self._over(event.start_s, event.end_s)
        if self._jumped_near(event.start_s, event.end_s):
            found += (DOUBT_TRACKING,)
        doubts = tuple(c for c in DOUBTS if c in found or c in event.doubts)
        return event if doubts == event.doubts else replace(event, doubts=doubts)
