"""Is the tracked body still the same body (exercises.identity), and the doubts it and a
jumping engine angle give (exercises.doubt): built streams, no clips."""

from __future__ import annotations

import math

from exercises.doubt import DOUBT_IDENTITY, DOUBT_TRACKING, DoubtWatch
from exercises.events import Doubted, Event, HoldEnded, RepCompleted
from exercises.identity import IdentityWatch
from exercises.run import ExerciseRun
from pose.joints import Joint
from pose.types import Observation
from tests.exercises.builders import (
    Vec,
    bridge_sequence,
    make_pose,
    rep_event,
    standing_body,
)


def _turned(body: dict[Joint, Vec], deg: float) -> dict[Joint, Vec]:
    """`body` turned by `deg` in the image about its hips' midpoint (lying down: 90)."""
    hx = (body[Joint.LEFT_HIP][0] + body[Joint.RIGHT_HIP][0]) / 2
    hy = (body[Joint.LEFT_HIP][1] + body[Joint.RIGHT_HIP][1]) / 2
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return {
        j: (hx + c * (x - hx) - s * (y - hy), hy + s * (x - hx) + c * (y - hy), z)
        for j, (x, y, z) in body.items()
    }


def _lying_down(seconds: float, fps: float = 30.0) -> list[Observation]:
    """A standing body lying down (its trunk turning 90 deg) over `seconds`, then lying
    still for a second and a half."""
    n, still = round(seconds * fps), round(1.5 * fps)
    out = []
    for i in range(n + still):
        t = round(i * 1000 / fps)
        body = _turned(standing_body(), 90.0 * min(1.0, i / n))
        out.append(Observation(t, make_pose(t, body, body_px=120.0, origin_px=(320.0, 300.0))))
    return out


def _someone_else(observations: list[Observation], from_s: float, to_s: float) -> list[Observation]:
    """The frames from `from_s` to `to_s` show someone sitting up beside the patient (the
    tracker followed her): a trunk upright where the patient's lies along the floor."""
    out = []
    for o in observations:
        if o.pose is not None and from_s <= o.timestamp_ms / 1000 < to_s:
            t = o.timestamp_ms
            pose = make_pose(t, standing_body(), body_px=90.0, origin_px=(420.0, 250.0))
            out.append(Observation(t, pose, o.signals))
        else:
            out.append(o)
    return out


def _away(observations: list[Observation]) -> list[float]:
    watch = IdentityWatch()
    return [o.timestamp_ms / 1000 for o in observations if watch.update(o.timestamp_ms, o.pose)]


def test_a_bridge_and_lying_down_are_the_same_body_throughout() -> None:
    assert _away(bridge_sequence(reps=3, noise_deg=2.0)) == []
    assert _away(_lying_down(seconds=1.5)) == []  # getting down takes a second or more


def test_a_trunk_that_turns_in_a_tenth_of_a_second_is_another_body() -> None:
    """Upright to lying in 0.1 s is no body lying down: away until the new body has been
    steady for a second (then it is the one followed)."""
    away = _away(_lying_down(seconds=0.1))
    assert away
    assert away[0] <= 0.1
    assert 1.0 <= away[-1] - away[0] <= 1.4  # the turn's frames stay in the window 0.3 s


def test_a_ghost_frame_is_away_until_the_pose_has_stayed_back() -> None:
    stream = bridge_sequence(reps=1)
    ghosted = _someone_else(stream, 2.0, 2.03)  # one frame at 30 fps
    away = _away(ghosted)
    assert away[0] == 2.0
    assert 2.2 <= away[-1] < 2.25  # back on the next frame, for 0.2 s


def test_following_someone_else_for_a_second_marks_the_run() -> None:
    """The tracker followed a person sitting beside the patient for 0.9 s while she rested
    between reps, and came back: the time away speaks for the run (what was counted or
    missed then may be wrong). Followed for longer, she is the body followed after a
    second, and coming back to the patient is another jump."""
    stream = _someone_else(bridge_sequence(reps=3), 4.6, 5.5)
    away = _away(stream)
    assert away[0] == 4.6
    assert 5.7 - 0.04 <= away[-1] < 5.7  # back where it was from 5.5 s, for 0.2 s
    longer = _away(_someone_else(bridge_sequence(reps=3), 4.6, 7.0))
    assert longer[0] == 4.6
    assert 1.0 < len(longer) / 30 < 2.5
    run = ExerciseRun("bridge")
    events: list[Event] = []
    for obs in stream:
        events += run.step(obs).events
    events += run.finish()
    assert DOUBT_IDENTITY in [e.code for e in events if isinstance(e, Doubted)]
    assert run.summary.totals().reps >= 1
    clean = ExerciseRun("bridge")
    said = [e for o in bridge_sequence(reps=3) for e in clean.step(o).events]
    assert not any(isinstance(e, Doubted) for e in said + clean.finish())


def test_a_ghost_frame_does_not_mark_the_run() -> None:
    stream = _someone_else(bridge_sequence(reps=2), 2.0, 2.03)
    watch = DoubtWatch()
    out: list[Event] = []
    for obs in stream:
        out += watch.update(obs, [], verdict=None, engaged=True)
    out += watch.finish([], stream[-1].timestamp_ms)
    assert DOUBT_IDENTITY not in [e.code for e in out if isinstance(e, Doubted)]


def _hold(t_ms: int, start_s: float, end_s: float) -> HoldEnded:
    return HoldEnded(
        timestamp_ms=t_ms,
        side=None,
        start_s=start_s,
        end_s=end_s,
        duration_s=end_s - start_s,
        target_s=30.0,
        completed=False,
    )


def _watched(
    angles: list[float], event: RepCompleted | HoldEnded, fps: float = 12.0
) -> tuple[str, ...]:
    """The doubts `event` (reported on the last frame) gets from a stream whose engine
    read `angles`, one a frame, of a body seen well."""
    watch = DoubtWatch()
    stream = bridge_sequence(reps=1, fps=fps)
    out: list[Event] = []
    for i, a in enumerate(angles):
        pose = stream[i % len(stream)].pose
        assert pose is not None
        t = round(i * 1000 / fps)
        obs = Observation(t, pose.with_timestamp(t))
        found: list[Event] = [event] if i == len(angles) - 1 else []
        out += watch.update(obs, found, verdict=None, engaged=True, angle_deg=a)
    (marked,) = [e for e in out if isinstance(e, RepCompleted | HoldEnded)]
    return marked.doubts


def test_a_hold_cut_short_by_a_jumping_angle_is_unsure() -> None:
    """A stretch held at 25 deg; at 5 s the back leg is read as the front one (-12 deg)
    and the hold ends: the end was a misread. The same hold released slowly is sure."""
    fps = 12.0
    held = [25.0] * round(5 * fps)
    jumped = held + [-12.0] * 6
    assert DOUBT_TRACKING in _watched(jumped, _hold(round(5.4 * 1000), 1.0, 5.0))
    released = held + [25.0 - 10.0 * k for k in range(1, 7)]  # 120 deg/s: a body moving
    assert _watched(released, _hold(round(5.4 * 1000), 1.0, 5.0)) == ()


def test_an_angle_jump_far_from_a_reps_ends_is_no_doubt_of_it() -> None:
    """A bridge angle that jumps at 1 s (a landmark flipping), and a rep from 3 to 6 s
    (12 frames a second)."""
    angles = [130.0] * 12 + [170.0] + [130.0] * 59
    assert _watched(angles, rep_event(6000, start_s=3.0, end_s=6.0)) == ()
    assert DOUBT_TRACKING in _watched(angles, rep_event(6000, start_s=1.5, end_s=6.0))
    # A signed angle crossing +-180 turns by a few degrees, not 350.
    wrap = [178.0, -179.0] * 36
    assert _watched(wrap, rep_event(6000, start_s=0.5, end_s=6.0)) == ()
