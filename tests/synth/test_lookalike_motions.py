"""Look-alike motion scripts (synth/motions): each makes the movement it names, from the
posed mannequin's joints (no rendering, no pose model), and its truth holds no reps."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pytest

from synth.body import Body
from synth.motions import MOTIONS, build_script
from synth.motions.base import Script
from synth.motions.fidgeting import FIDGETS, fidget_schedule
from synth.rig import J
from synth.spec import LOOKALIKES, SynthSpec
from synth.truth import world_angles
from tests.synth.grid import LOOKALIKE_GRID

pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")

Mat = npt.NDArray[np.float64]
STEP_S = 0.1


@pytest.fixture(scope="module")
def body() -> Body:
    return Body("medium")


class Track:
    """A script sampled every STEP_S: joint positions (T, 22, 3) and true 3-D angles."""

    def __init__(self, spec: SynthSpec, body: Body) -> None:
        self.script: Script = build_script(spec, body)
        self.t_s = np.arange(0.0, self.script.duration_s, STEP_S)
        joints, angles = [], []
        for t in self.t_s:
            motion = self.script.pose_at(float(t))
            posed = body.pose(motion.rig, motion.belly_scale, grounded=motion.grounded)
            joints.append(posed.joints)
            angles.append(world_angles(posed.joints, motion.rig))
        self.joints: Mat = np.asarray(joints)
        self.angles = angles

    def joint(self, name: str) -> Mat:
        return np.asarray(self.joints[:, J[name]])

    def angle(self, name: str) -> Mat:
        return np.array([a[name] for a in self.angles])

    def rise_m(self, name: str) -> float:
        """How far `name` climbs above its height at the start."""
        height = self.joint(name)[:, 1]
        return float(height.max() - height[0])

    def range_m(self, name: str) -> float:
        """The largest distance of `name` from where it was at the start."""
        path = self.joint(name)
        return float(np.linalg.norm(path - path[0], axis=1).max())


def _grid(name: str, variant: str = "good") -> SynthSpec:
    return next(s for s in LOOKALIKE_GRID if s.exercise == name and s.variant == variant)


def test_every_lookalike_has_a_script_with_empty_truth(body: Body) -> None:
    for spec in LOOKALIKE_GRID:
        script = build_script(spec, body)
        assert script.exercise == spec.exercise
        assert (script.reps, script.holds, script.breaths_s) == ([], [], [])
        assert "side" in script.view_dirs
        assert 10.0 <= script.duration_s <= 16.5, (spec.exercise, script.duration_s)
    assert set(LOOKALIKES) <= set(MOTIONS)
    assert {s.exercise for s in LOOKALIKE_GRID} == set(LOOKALIKES)


def test_dead_bug_extends_one_leg_and_the_other_arm_with_the_pelvis_down(body: Body) -> None:
    track = Track(_grid("dead_bug"), body)
    assert track.range_m("pelvis") < 0.02
    knee_l, knee_r = track.angle("knee_angle_left"), track.angle("knee_angle_right")
    assert knee_l[0] == pytest.approx(90.0, abs=3.0)  # 90/90 at rest
    first = track.t_s < track.t_s[len(track.t_s) // 4 + 12]
    assert knee_l[first].max() > 175.0  # the left leg straightens first ...
    assert knee_r[first].max() < 95.0
    assert knee_r.max() > 175.0  # ... the right one later
    # the right arm reaches back past the head while the left leg is out
    out = int(np.argmax(knee_l))
    assert track.joint("r_wrist")[out, 0] - track.joint("r_shoulder")[out, 0] > 0.4
    assert track.joint("l_wrist")[out, 1] - track.joint("l_shoulder")[out, 1] > 0.4


def test_knee_to_chest_pulls_one_knee_in_and_holds_it(body: Body) -> None:
    spec = _grid("knee_to_chest")
    track = Track(spec, body)
    assert track.range_m("pelvis") < 0.01
    hip_l, hip_r = track.angle("hip_angle_left"), track.angle("hip_angle_right")
    assert hip_l.min() < 70.0  # the knee comes to the chest
    held = np.abs(hip_l - hip_l.min()) < 1.0
    assert held.sum() * STEP_S >= spec.hold_s - 0.2
    assert float(np.ptp(hip_r[: len(hip_r) // 2])) < 2.0  # the other leg stays planted
    assert hip_r.min() < 70.0  # then its turn
    top = int(np.argmin(hip_l))
    for wrist in ("l_wrist", "r_wrist"):
        assert np.linalg.norm(track.joint(wrist)[top] - track.joint("l_knee")[top]) < 0.2


def test_knee_rocks_sway_both_knees_together_with_the_feet_and_shoulders_down(
    body: Body,
) -> None:
    track = Track(_grid("knee_rocks"), body)
    drift_l = track.joint("l_knee")[:, 2] - track.joint("l_knee")[0, 2]
    drift_r = track.joint("r_knee")[:, 2] - track.joint("r_knee")[0, 2]
    for drift in (drift_l, drift_r):
        assert drift.max() > 0.15  # both to the left ...
        assert drift.min() < -0.15  # ... and both to the right
    assert np.all(
        np.sign(drift_l[np.abs(drift_l) > 0.05]) == np.sign(drift_r[np.abs(drift_l) > 0.05])
    )
    for joint in ("l_ankle", "r_ankle", "l_shoulder", "r_shoulder"):
        assert track.range_m(joint) < 0.01, joint
    assert track.rise_m("pelvis") < 0.02


@pytest.mark.parametrize("side", ["left", "right"])
def test_side_leg_raise_lifts_the_straight_top_leg(body: Body, side: str) -> None:
    spec = SynthSpec("side_leg_raise", reps=1, side=side)  # type: ignore[arg-type]
    track = Track(spec, body)
    top, bottom = side[0], "r" if side == "left" else "l"
    assert track.angle(f"knee_angle_{side}").min() > 175.0  # the knee stays straight
    hip = track.joint(f"{top}_hip")
    leg = track.joint(f"{top}_ankle") - hip
    lift_deg = np.degrees(np.arcsin(leg[:, 1] / np.linalg.norm(leg, axis=1)))
    assert 30.0 < float(np.ptp(lift_deg)) < 40.0  # abduction about 35 deg
    gap = np.linalg.norm(track.joint(f"{top}_ankle") - track.joint(f"{bottom}_ankle"), axis=1)
    assert gap.min() < 0.15  # feet together at rest ...
    assert gap.max() > 0.4  # ... and apart at the top, unlike a clamshell
    assert track.range_m(f"{bottom}_ankle") < 0.01
    assert "front" in track.script.view_dirs


def test_pelvic_tilt_rocks_the_pelvis_without_lifting_it(body: Body) -> None:
    track = Track(_grid("pelvic_tilt"), body)
    for joint in ("pelvis", "l_hip", "r_hip"):
        assert track.rise_m(joint) < 0.03, joint
    tilt = track.angle("pelvis_tilt")
    assert float(np.ptp(tilt)) > 8.0  # the pelvis tilts back against the chest
    for joint in ("l_shoulder", "r_shoulder", "l_ankle", "r_ankle"):
        assert track.rise_m(joint) < 0.005, joint  # shoulders and feet stay down
        assert track.range_m(joint) < 0.025, joint


@pytest.mark.parametrize("variant", ["good", "side_lying"])
def test_lying_still_barely_moves(body: Body, variant: str) -> None:
    track = Track(_grid("lying_still", variant), body)
    moved = np.linalg.norm(track.joints - track.joints[0], axis=2).max(axis=0)
    assert moved.max() < 0.015
    assert moved.max() > 0.0005  # a little drift, not a frozen frame


def test_fidgeting_moves_limbs_but_never_lifts_the_pelvis(body: Body) -> None:
    track = Track(_grid("fidgeting"), body)
    assert track.rise_m("pelvis") < 0.01
    assert track.rise_m("l_hip") < 0.01
    assert track.rise_m("r_hip") < 0.01
    moved = np.linalg.norm(track.joints - track.joints[0], axis=2).max(axis=0)
    assert moved.max() > 0.1  # something moves a lot: a hand, a foot
    for side in ("left", "right"):
        assert track.angle(f"hip_angle_{side}").max() < 150.0  # far from a bridge's ~180


@pytest.mark.parametrize("seed", range(12))
def test_sixteen_seconds_of_fidgeting_hold_every_fidget_once(seed: int) -> None:
    schedule = fidget_schedule(seed, 16.0)
    assert sorted(f.kind for f in schedule[: len(FIDGETS)]) == sorted(FIDGETS)
    for a, b in itertools.pairwise(schedule):
        assert a.end_s < b.start_s
    assert schedule[-1].end_s <= 15.5
