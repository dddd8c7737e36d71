"""Can the exercise be judged from this camera? If not, say so once, with what to change.

Fed the same observations as the engine (and the engine's events), `JudgeWatch` reads
each pose's view (`pose.view`) against the exercise's `ViewLimits` (a trait, kept in
`exercises.registry`) and gives a frame one verdict: judged, not judged for a reason
(a code keying the cue catalogue), or no evidence (nobody, or not in the exercise's
position: someone walking about is not an exercise seen from the wrong side). Single
poses waver near the view limits, so the frames of a sustained span vote: once the
last `span_s` seconds were mostly not judged, while no rep, hold or breath was made,
it emits one `NotJudged`. Nobody found for a longer span (`unseen_s`, glimpses aside)
is not judged too, for an exercise whose limits name a code for it (a patient lying
where the camera cannot find them). It watches again once the view is judged, or the
engine counts something.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field

from exercises.events import (
    BreathCompleted,
    Event,
    HoldProgress,
    HoldStarted,
    NotJudged,
    RepCompleted,
)
from pose.types import Observation, PoseFrame
from pose.view import (
    BodyPosition,
    CameraView,
    ViewEstimate,
    check_framing,
    near_side_joints,
)

__all__ = [
    "NOT_JUDGED_OUT_OF_FRAME",
    "NOT_JUDGED_TOO_SMALL",
    "JudgeConfig",
    "JudgeWatch",
    "ViewLimits",
    "frame_verdict",
]

NOT_JUDGED_TOO_SMALL = "not_judged_too_small"
NOT_JUDGED_OUT_OF_FRAME = "not_judged_out_of_frame"
JUDGED = "judged"  # a frame's verdict: seen so that the exercise can be judged
_LYING: frozenset[BodyPosition] = frozenset({"lying_back", "lying_side", "lying_front"})

# Events that show the engine is judging: the view was good enough, whatever it read.
_PROGRESS = (RepCompleted, HoldStarted, HoldProgress, BreathCompleted)


@dataclass(frozen=True, slots=True)
class ViewLimits:
    """From where one exercise can be judged, and the code to give when it cannot.

    `views`: judged from these, seen in one of `positions` (the start positions; other
    poses are no evidence either way). Codes key the cue catalogue: `wrong_view` for the
    other views, `lengthwise` for a lying body seen from its head or feet end (None: the
    exercise is not done lying, and such a body is no evidence), `unseen` for nobody found
    over `JudgeConfig.unseen_s` (None: nobody is no evidence).
    """

    views: frozenset[CameraView]
    positions: frozenset[BodyPosition]
    wrong_view: str
    lengthwise: str | None = None
    unseen: str | None = None

    def __post_init__(self) -> None:
        if not self.views or not self.positions:
            raise ValueError(
                f"ViewLimits needs views and positions, got {set(self.views)} "
                f"and {set(self.positions)}"
            )


@dataclass(frozen=True, slots=True)
class JudgeConfig:
    # Long enough to settle in front of the camera, short enough to tell a patient
    # before they give up: a rep takes 3-5 s, so a span without one is telling.
    span_s: float = 6.0
    # Share of the span's posed frames that must be not judged (views waver by a few
    # frames near their limits; measured over any 6 s: at most 0.02 on the real labelled
    # clips and the judged rendered ones; 0.7-1.0 in some span of each view that cannot).
    share: float = 0.7
    # The body's extent over the image's larger side below which the pose model loses
    # the legs (rendered bodies seen lengthwise, 0.07-0.16; every judged clip, real or
    # rendered, at least 0.20 in one frame in ten).
    min_body_frac: float = 0.12
    # Nobody found for this long says `ViewLimits.unseen`. Longer than `span_s`: live, a
    # patient getting down onto the mat out of view is not told to move the camera.
    # Breathing filmed from the low feet end is found in no frame of 12 s; the real clips
    # have no gap over 0.13 s but one negative, a close-up of a belly (9.8 s).
    unseen_s: float = 10.0
    # A pose found for less than this is a glimpse (the model catching a knee for a few
    # frames): it does not end a span of nobody.
    glimpse_s: float = 0.5

    def __post_init__(self) -> None:
        if not self.span_s > 0.0:
            raise ValueError(f"JudgeConfig.span_s must be > 0 s, got {self.span_s}")
        if not self.unseen_s > self.glimpse_s >= 0.0:
            raise ValueError(
                f"JudgeConfig needs unseen_s > glimpse_s >= 0 s, got {self.unseen_s} "
                f"and {self.glimpse_s}"
            )
        if not 0.5 <= self.share <= 1.0:
            raise ValueError(f"JudgeConfig.share must be 0.5-1, got {self.share}")
        if not 0.0 <= self.min_body_frac < 1.0:
            raise ValueError(f"JudgeConfig.min_body_frac must be 0-1, got {self.min_body_frac}")


def frame_verdict(
    pose: PoseFrame, est: ViewEstimate, limits: ViewLimits, min_body_frac: float
) -> str | None:
    """One pose's verdict (`est` its view): `JUDGED`, a not-judged code, or None (no
    evidence either way)."""
    if est.lengthwise:
        # A lying body seen end-on looks upright (kneeling, say): for an exercise not done
        # lying it is someone else's exercise, no evidence.
        return limits.lengthwise
    if limits.lengthwise is not None and est.view == "end" and est.position in _LYING:
        # A lying body filmed along its length from above (from behind the head, from the
        # feet end on a shelf) does not look upright, but no lying exercise is judged from
        # there, and which side it lies on is not told: a patient on her side filmed
        # from behind the head reads as on her back. Said, never a silent nothing.
        return limits.lengthwise
    if est.position not in limits.positions:
        return None
    # Out of frame is outside the image: a joint the body hides (the lower leg of a
    # side-lying patient) is not, and the engines judge around it.
    framing = check_framing(
        pose, near_side_joints(est.facing_side), min_visibility=0.0, min_body_frac=min_body_frac
    )
    if framing.missing:
        return NOT_JUDGED_OUT_OF_FRAME
    if not framing.ok:
        return NOT_JUDGED_TOO_SMALL
    return JUDGED if est.view in limits.views else limits.wrong_view


@dataclass
class JudgeWatch:
    """Says once when the exercise cannot be judged from the view; see the module doc."""

    limits: ViewLimits
    config: JudgeConfig = field(default_factory=JudgeConfig)
    _span: deque[tuple[int, str | None]] = field(default_factory=deque)  # posed frames
    _nobody_since_ms: int | None = None  # the current span of nobody (glimpses aside)
    _posed_since_ms: int | None = None  # the current run of posed frames
    _said: bool = False
    # This frame's verdict (None: no pose, or no evidence): read by the doubt watch
    # (exercises.doubt), so a frame is judged once.
    verdict: str | None = None

    def update(self, observation: Observation, engine_events: list[Event]) -> list[Event]:
        """One frame's observation and the events the engine gave for it."""
        t_ms = observation.timestamp_ms
        posed = observation.pose is not None and observation.view is not None
        self.verdict = (
            frame_verdict(
                observation.pose, observation.view, self.limits, self.config.min_body_frac
            )
            if observation.pose is not None and observation.view is not None
            else None
        )
        if any(isinstance(e, _PROGRESS) for e in engine_events):
            self._span.clear()
            self._nobody_since_ms = self._posed_since_ms = None
            self._said = False
            return []
        if posed:
            self._span.append((t_ms, self.verdict))
        self._track_nobody(t_ms, posed=observation.pose is not None)
        while self._span and self._span[0][0] < t_ms - self.config.span_s * 1000.0:
            self._span.popleft()
        code = self._not_judged() or self._unseen(t_ms)
        if code is None:
            if self._said and self._judged():
                self._said = False  # moved the camera: watch again
            return []
        if self._said:
            return []
        self._said = True
        return [NotJudged(timestamp_ms=t_ms, code=code)]

    def _covered(self) -> bool:
        if not self._span:
            return False
        first, last = self._span[0][0], self._span[-1][0]
        return last - first >= 0.9 * self.config.span_s * 1000.0

    def _track_nobody(self, t_ms: int, *, posed: bool) -> None:
        if not posed:
            self._posed_since_ms = None
            if self._nobody_since_ms is None:
                self._nobody_since_ms = t_ms
            return
        if self._posed_since_ms is None:
            self._posed_since_ms = t_ms
        if t_ms - self._posed_since_ms >= self.config.glimpse_s * 1000.0:
            self._nobody_since_ms = None  # seen, more than a glimpse

    def _unseen(self, t_ms: int) -> str | None:
        since = self._nobody_since_ms
        if since is None or t_ms - since < self.config.unseen_s * 1000.0:
            return None
        return self.limits.unseen

    def _not_judged(self) -> str | None:
        if not self._covered():
            return None
        codes = Counter(v for _, v in self._span if v is not None and v != JUDGED)
        if sum(codes.values()) < self.config.share * len(self._span):
            return None
        return codes.most_common(1)[0][0]

    def _judged(self) -> bool:
        judged = sum(1 for _, v in self._span if v == JUDGED)
        return self._covered() and judged >= self.config.share * len(self._span)
