"""Not judged, and said so: one pose's verdict (table) and the watch over a span."""

from __future__ import annotations

import numpy as np
import pytest

from exercises.events import Event, NotJudged
from exercises.judgeable import (
    JUDGED,
    NOT_JUDGED_OUT_OF_FRAME,
    NOT_JUDGED_TOO_SMALL,
    JudgeConfig,
    JudgeWatch,
    ViewLimits,
    frame_verdict,
)
from exercises.registry import SPECS, create_judge, spec_of
from exercises.texts import catalogue
from pose.types import Observation, PoseFrame
from pose.view import estimate_view
from tests.exercises.builders import rep_event
from tests.pose.builders import (
    LENGTHWISE,
    front_pose,
    half_kneeling_world,
    lengthwise_pose,
    pose_from_points,
    project,
    rotate_world,
    standing_world,
)

SUPINE_SIDE = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=float)  # on the back, side-on
SIDE_LYING_FRONT = np.array([[0, 1, 0], [-1, 0, 0], [0, 0, 1]], dtype=float)  # on a side


def _pose(
    matrix: np.ndarray, t_ms: int = 0, scale: float = 0.4, centre: tuple[float, float] = (0.5, 0.5)
) -> PoseFrame:
    world = rotate_world(standing_world(), matrix)
    return pose_from_points(project(world, scale, centre), t_ms, world=world)


# Lying curled up, seen from the feet end: the image shows a knee and a shin flat (it reads
# kneeling), the world landmarks a torso pointing at the camera.
YAW_90 = np.array([[0, 0, 1], [0, 1, 0], [-1, 0, 0]], dtype=float)
CURLED_LENGTHWISE = pose_from_points(
    project(rotate_world(half_kneeling_world(), YAW_90)),
    world=rotate_world(standing_world(), LENGTHWISE),
)


# Lying on the back, filmed along the body from above and behind the head (the torso 30
# deg off the camera's axis, flat in the image): an end view that does not look upright.
_C, _S = np.cos(np.radians(30)), np.sin(np.radians(30))
FROM_ABOVE_THE_HEAD = np.array([[-_C, _S, 0], [0, 0, 1], [_S, _C, 0]], dtype=float)

BRIDGE = SPECS["bridge"].view_limits
CLAMSHELL = SPECS["clamshell"].view_limits
STRETCH = SPECS["hip_flexor_stretch"].view_limits
BREATHING = SPECS["breathing"].view_limits
STANDING_SIDE_ON = ViewLimits(frozenset({"side"}), frozenset({"standing"}), wrong_view="turn")


def test_a_lying_body_filmed_from_above_the_head_is_an_end_view_not_upright() -> None:
    est = estimate_view(_pose(FROM_ABOVE_THE_HEAD))
    assert (est.view, est.position, est.lengthwise) == ("end", "lying_back", False)


def test_a_lying_body_seen_lengthwise_is_told_apart_from_one_standing() -> None:
    assert estimate_view(lengthwise_pose()).lengthwise
    assert estimate_view(CURLED_LENGTHWISE).lengthwise
    assert estimate_view(CURLED_LENGTHWISE).position == "kneeling"
    assert not estimate_view(_pose(np.eye(3))).lengthwise  # standing, facing the camera
    assert not estimate_view(_pose(SUPINE_SIDE)).lengthwise


@pytest.mark.parametrize(
    ("pose", "limits", "verdict"),
    [
        (_pose(SUPINE_SIDE), BRIDGE, JUDGED),
        (_pose(SUPINE_SIDE), BREATHING, JUDGED),
        (_pose(SIDE_LYING_FRONT), CLAMSHELL, JUDGED),
        (lengthwise_pose(), CLAMSHELL, "clamshell_not_judged_lengthwise"),
        (lengthwise_pose(), BRIDGE, "bridge_not_judged_lengthwise"),
        (lengthwise_pose(), BREATHING, "breathing_not_judged_lengthwise"),
        (lengthwise_pose(), STRETCH, None),  # not lying, not kneeling: no evidence
        (front_pose(half_kneeling_world()), STRETCH, "stretch_not_judged_view"),
        (CURLED_LENGTHWISE, STRETCH, None),  # lying: someone else's exercise
        (CURLED_LENGTHWISE, CLAMSHELL, "clamshell_not_judged_lengthwise"),
        (_pose(FROM_ABOVE_THE_HEAD), CLAMSHELL, "clamshell_not_judged_lengthwise"),
        (_pose(FROM_ABOVE_THE_HEAD), BRIDGE, "bridge_not_judged_lengthwise"),
        (_pose(FROM_ABOVE_THE_HEAD), BREATHING, "breathing_not_judged_lengthwise"),
        (_pose(FROM_ABOVE_THE_HEAD), STRETCH, None),  # lying: someone else's exercise
        (_pose(SIDE_LYING_FRONT), BRIDGE, None),  # not on the back: another exercise
        (_pose(np.eye(3)), BRIDGE, None),  # standing in front of the camera
        (_pose(SUPINE_SIDE, scale=0.05), BRIDGE, NOT_JUDGED_TOO_SMALL),
        (_pose(SUPINE_SIDE, centre=(1.3, 0.5)), BRIDGE, NOT_JUDGED_OUT_OF_FRAME),
        (_pose(np.eye(3)), STANDING_SIDE_ON, "turn"),  # in position, the wrong view
    ],
)
def test_frame_verdict_table(pose: PoseFrame, limits: ViewLimits, verdict: str | None) -> None:
    assert frame_verdict(pose, estimate_view(pose), limits, JudgeConfig().min_body_frac) == verdict


Kind = str  # "bad": lengthwise, "good": judged, "none": nobody, "other": no evidence


def _stream(*parts: tuple[Kind, float], fps: float = 10.0) -> list[Observation]:
    out: list[Observation] = []
    t_ms = 0
    for kind, seconds in parts:
        for _ in range(round(seconds * fps)):
            pose = {
                "bad": lengthwise_pose(t_ms),
                "good": _pose(SUPINE_SIDE, t_ms),
                "other": _pose(np.eye(3), t_ms),
                "none": None,
            }[kind]
            out.append(Observation(t_ms, pose))
            t_ms += round(1000 / fps)
    return out


def _said(
    stream: list[Observation], rep_every_ms: int | None = None, limits: ViewLimits = BRIDGE
) -> list[NotJudged]:
    watch = JudgeWatch(limits)
    said: list[NotJudged] = []
    for obs in stream:
        engine: list[Event] = []
        if rep_every_ms and obs.timestamp_ms % rep_every_ms == 0 and obs.timestamp_ms:
            engine = [rep_event(obs.timestamp_ms)]
        said += [e for e in watch.update(obs, engine) if isinstance(e, NotJudged)]
    return said


@pytest.mark.parametrize(
    ("parts", "said_at_s"),
    [
        ((("bad", 20.0),), [5.4]),  # once, after a sustained span, not again
        ((("good", 20.0),), []),
        ((("other", 20.0),), []),  # someone else's exercise: no evidence
        ((("none", 20.0),), []),
        ((("bad", 4.0),), []),  # too short to tell
        ((("bad", 8.0), ("good", 8.0), ("bad", 8.0)), [5.4, 20.2]),  # moved away, back, away
        ((("good", 2.0), ("bad", 3.0)) * 5, []),  # no span mostly (70%) unjudged
    ],
)
def test_the_watch_says_it_once_per_sustained_span(
    parts: tuple[tuple[Kind, float], ...], said_at_s: list[float]
) -> None:
    said = _said(_stream(*parts))
    assert [round(e.timestamp_ms / 1000, 1) for e in said] == said_at_s
    assert all(e.code == "bridge_not_judged_lengthwise" for e in said)


@pytest.mark.parametrize(
    ("parts", "said_at_s"),
    [
        ((("none", 20.0),), [10.0]),  # breathing filmed from the low feet end: nobody found
        ((("none", 9.0), ("good", 10.0)), []),  # lying down out of view, then seen: quiet
        ((("other", 5.0), ("none", 9.0), ("other", 10.0)), []),  # walks over, out of view
        ((("none", 2.7), ("other", 0.3)) * 8, [10.0]),  # glimpses do not end nobody
        ((("none", 2.5), ("other", 1.0)) * 8, []),  # seen every few seconds: someone is there
        ((("none", 12.0), ("good", 8.0), ("none", 12.0)), [10.0, 30.0]),  # moved, back, away
    ],
)
def test_nobody_found_over_a_long_span_is_said_where_the_limits_name_it(
    parts: tuple[tuple[Kind, float], ...], said_at_s: list[float]
) -> None:
    said = _said(_stream(*parts), limits=BREATHING)
    assert [round(e.timestamp_ms / 1000, 1) for e in said] == said_at_s
    assert all(e.code == "breathing_not_judged_unseen" for e in said)


def test_reps_being_counted_keep_it_quiet() -> None:
    assert _said(_stream(("bad", 30.0)), rep_every_ms=4000) == []


def test_every_exercise_has_view_limits_and_every_code_both_languages() -> None:
    codes = {NOT_JUDGED_TOO_SMALL, NOT_JUDGED_OUT_OF_FRAME}
    for name in SPECS:
        limits = spec_of(name).view_limits
        assert limits is not None, name
        assert create_judge(name) is not None
        codes |= {limits.wrong_view} | {c for c in (limits.lengthwise, limits.unseen) if c}
    missing = sorted(codes - set(catalogue()))
    assert not missing, f"no text in exercises/texts.json for {missing}"
    for code in codes:
        assert catalogue()[code]["nl"] != catalogue()[code]["en"], code


@pytest.mark.parametrize(
    "kwargs",
    [
        {"span_s": 0.0},
        {"share": 0.3},
        {"share": 1.5},
        {"min_body_frac": 1.0},
        {"unseen_s": 0.0},
        {"glimpse_s": -1.0},
    ],
)
def test_bad_config_fails_naming_the_rule(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="JudgeConfig"):
        JudgeConfig(**kwargs)


def test_limits_need_views_and_positions() -> None:
    with pytest.raises(ValueError, match="ViewLimits needs"):
        ViewLimits(frozenset(), frozenset({"lying_back"}), wrong_view="x")
