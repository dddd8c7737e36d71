"""Clamshell: lying on one side, hips about 45 deg and knees about 90 deg bent, feet
together; the top knee opens like a shell and closes again.

`spec.side` is the working (top) side. Scene layout: head to +x, the person faces -z when
the left side is up (+z when the right side is up). Variants: good (the top knee turns
55 deg about the hip-ankle line, thighs about 38 deg apart); small (the first rep full,
later reps 18 deg); feet_apart (the whole top leg lifts, so the feet separate);
pelvis_roll (the pelvis and trunk roll backwards 30 deg as the knee opens).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from synth.body import Body
from synth.motions.base import MotionFrame, Script, leg_ik, pose_leg
from synth.motions.timeline import Tempo, phase_at, rep_timeline
from synth.rig import HAND_REST_DIR, J, Rig, axis_angle_matrix
from synth.spec import SynthSpec

__all__ = ["clamshell_script"]

Mat = npt.NDArray[np.float64]
_HIP_FLEX_DEG = 45.0
_KNEE_FLEX_DEG = 90.0
_OPEN_DEG = {"good": 55.0, "small": 18.0, "feet_apart": 30.0, "pelvis_roll": 35.0}
_ROLL_BACK_DEG = 30.0
_KNEE_GAP_M = 0.11  # top knee joint above the bottom one when closed (two knee widths / 2)
_ANKLE_GAP_M = 0.08


@dataclass(frozen=True, slots=True)
class _Layout:
    root: Mat  # body -> scene rotation of the pelvis
    root_pos: Mat
    top: str  # "l" or "r"
    front: Mat  # scene direction the person faces
    tilt_deg: float  # trunk tipped towards the floor so the lower shoulder rests on it


def _layout(body: Body, top: str) -> _Layout:
    facing = np.array([0.0, 0.0, -1.0 if top == "l" else 1.0])
    head = np.array([1.0, 0.0, 0.0])
    # body axes: x (left) up for a left-up person, y (head) to +x, z (front) to `facing`
    left = np.cross(head, facing)
    root = np.stack([left, head, facing], axis=1)
    # the pelvis rests on the lower hip: its height is the half-width of the hips
    v = body.rest_vertices
    p = body.rest_joints[J["pelvis"]]
    band = np.abs(v[:, 1] - p[1]) < 0.08
    half_width = float(np.max(np.abs(v[band, 0] - p[0])))
    shoulder = body.rest_joints[J["l_shoulder"]]
    shoulder_half = abs(float(shoulder[0] - p[0])) + 0.06  # joint centre plus the deltoid
    tilt = 0.6 * float(np.degrees(np.arctan2(shoulder_half - half_width, shoulder[1] - p[1])))
    return _Layout(root, np.array([0.0, half_width, 0.0]), top, facing, tilt)


def _rotate_up(point: Mat, pivot: Mat, axis: Mat, angle_deg: float) -> Mat:
    """Rotate `point` about the line (`pivot`, `axis`) by `angle_deg`, whichever way lifts it."""
    best = point
    for sign in (1.0, -1.0):
        moved = pivot + axis_angle_matrix(axis, sign * angle_deg) @ (point - pivot)
        if moved[1] > best[1]:
            best = moved
    return np.asarray(best, dtype=np.float64)


def _clam_rig(body: Body, lay: _Layout, open_deg: float, roll_deg: float, lift_deg: float) -> Rig:
    rig = Rig(body.offsets, body.parents)
    head_dir = lay.root @ np.array([0.0, 1.0, 0.0])
    sign = 1.0 if lay.top == "l" else -1.0
    # shoulders are wider than hips: tip the trunk so both rest on the floor
    tilt = axis_angle_matrix(lay.front, -sign * lay.tilt_deg)
    rig.local[0] = axis_angle_matrix(head_dir, roll_deg) @ tilt @ lay.root
    rig.root_pos = lay.root_pos.copy()
    thigh_rot = lay.root @ axis_angle_matrix([1.0, 0.0, 0.0], -_HIP_FLEX_DEG)
    shin_rot = thigh_rot @ axis_angle_matrix([1.0, 0.0, 0.0], _KNEE_FLEX_DEG)
    foot_dir = -head_dir * 0.3 - lay.front
    bottom = "r" if lay.top == "l" else "l"
    rig.set_world(J[f"{bottom}_hip"], thigh_rot)
    rig.set_world(J[f"{bottom}_knee"], shin_rot)
    rig.point(J[f"{bottom}_ankle"], J[f"{bottom}_foot"], foot_dir)
    pos = rig.positions()
    up = np.array([0.0, 1.0, 0.0])
    top_hip = pos[J[f"{lay.top}_hip"]]
    # closed: the top knee and ankle rest on the bottom ones
    knee_t = pos[J[f"{bottom}_knee"]] + up * _KNEE_GAP_M
    ankle_t = pos[J[f"{bottom}_ankle"]] + up * _ANKLE_GAP_M
    if lift_deg:
        knee_t = _rotate_up(knee_t, top_hip, lay.front, lift_deg)
        ankle_t = _rotate_up(ankle_t, top_hip, lay.front, lift_deg)
    knee_t = _rotate_up(knee_t, top_hip, ankle_t - top_hip, open_deg)
    pose_leg(rig, lay.top, ankle_t, bend_dir=knee_t - top_hip, foot_dir=foot_dir)
    _arms(rig, lay, head_dir)
    rig.point(J["neck"], J["head"], head_dir + np.array([0.0, 0.15, 0.0]))
    return rig


def _arms(rig: Rig, lay: _Layout, head_dir: Mat) -> None:
    bottom = "r" if lay.top == "l" else "l"
    # bottom arm along the floor above the head, a pillow for it
    rig.point(J[f"{bottom}_shoulder"], J[f"{bottom}_elbow"], head_dir + 0.3 * lay.front)
    rig.point(J[f"{bottom}_elbow"], J[f"{bottom}_wrist"], head_dir + 0.6 * lay.front)
    # top hand on the floor in front of the chest, elbow bent
    top = lay.top
    up = np.array([0.0, 1.0, 0.0])
    pos = rig.positions()
    shoulder = pos[J[f"{top}_shoulder"]]
    hand = np.array([shoulder[0] - 0.12, 0.04, 0.0]) + lay.front * 0.32
    upper = float(np.linalg.norm(rig.offsets[J[f"{top}_elbow"]]))
    fore = float(np.linalg.norm(rig.offsets[J[f"{top}_wrist"]]))
    elbow = leg_ik(shoulder, hand, upper, fore, np.array([0.0, 1.0, 0.0]) - head_dir)
    rig.point(J[f"{top}_shoulder"], J[f"{top}_elbow"], elbow - shoulder)
    rig.point(J[f"{top}_elbow"], J[f"{top}_wrist"], hand - elbow)
    rig.aim(J[f"{top}_wrist"], HAND_REST_DIR[top], lay.front - 0.5 * head_dir - 0.1 * up)
    rig.aim(J[f"{bottom}_wrist"], HAND_REST_DIR[bottom], head_dir + 0.6 * lay.front - 0.1 * up)


def clamshell_script(spec: SynthSpec, body: Body) -> Script:
    top = "l" if spec.side == "left" else "r"
    lay = _layout(body, top)
    tempo = Tempo(spec.lead_in_s, spec.up_s, spec.hold_s, spec.down_s, spec.rest_s)
    reps, duration_s = rep_timeline(spec.reps, tempo)
    variant = spec.variant

    def pose_at(t_s: float) -> MotionFrame:
        phase = phase_at(t_s, reps)
        level = phase.level
        # "small": the first rep opens fully, the later ones only a third as far
        first = phase.rep is None or phase.rep == 0
        open_deg = _OPEN_DEG["good" if variant == "small" and first else variant]
        roll = _ROLL_BACK_DEG * level if variant == "pelvis_roll" else 0.0
        sign = 1.0 if top == "l" else -1.0
        if variant == "feet_apart":
            return MotionFrame(_clam_rig(body, lay, 0.0, 0.0, open_deg * level), grounded=True)
        rig = _clam_rig(body, lay, open_deg * level, -sign * roll, 0.0)
        return MotionFrame(rig, grounded=True)

    feet = np.array([-1.0, 0.0, 0.0])
    oblique = (lay.front + feet) / np.linalg.norm(lay.front + feet)
    views = {"side": lay.front, "front": feet, "feet": feet, "oblique": oblique}
    return Script(
        exercise="clamshell",
        duration_s=duration_s,
        pose_at=pose_at,
        centre=(-0.1, 0.25, 0.0),
        view_dirs={k: (float(v[0]), float(v[1]), float(v[2])) for k, v in views.items()},
        side=spec.side,
        reps=reps,
        variant=variant,
    )
