"""A second person in the room, never doing the exercise (synth.spec.SECOND_PEOPLE):

- `kneel_behind`: a therapist kneeling upright on the far side of the mat, leaning in
  and gesturing with both arms;
- `sit_beside`: someone sitting on their heels beside the mat near the patient's head,
  swaying a little, hands on the thighs, turning the head;
- `walk_past`: someone walking across the back of the room, behind the patient as the
  camera sees it, once, part-way through the clip.

The figure is a second mannequin of its own size and clothes (from the seed), drawn in
the same z-buffer as the patient, so each hides the other where it is in front. The
truth (truth.json) stays the patient's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from synth.body import Body, BodySize, Outfit
from synth.camera import Camera
from synth.mesh import Mesh
from synth.motions.base import Script, pose_arm, pose_leg
from synth.rig import J, Rig, axis_angle_matrix

__all__ = ["NOTES", "SecondPerson"]

Mat = npt.NDArray[np.float64]
NOTES: dict[str, str] = {
    "kneel_behind": "a second person kneels on the far side of the mat, leaning in and "
    "gesturing with both arms; not exercising",
    "sit_beside": "a second person sits on their heels beside the mat near the patient's "
    "head, swaying a little and turning the head; not exercising",
    "walk_past": "a second person walks across the back of the room once, behind the "
    "patient as the camera sees it; not exercising",
}
_UP = np.array([0.0, 1.0, 0.0])
_SIZES: tuple[BodySize, ...] = ("medium", "large", "small")
_SHIRTS = ((30, 50, 90), (40, 130, 130), (235, 235, 230), (90, 90, 95))
_TROUSERS = ((30, 30, 35), (40, 45, 70), (70, 70, 75))
_SKIN = ((232, 190, 160), (198, 134, 100), (141, 85, 60))
_WALK_SPEED_M_S = 0.9
_STRIDE_HZ = 0.9
_WALK_HALF_M = 2.6  # walks from this far left of the patient to this far right


def _unit(v: Mat) -> Mat:
    return np.asarray(v / max(float(np.linalg.norm(v)), 1e-9), dtype=np.float64)


def _facing(front: Mat) -> Mat:
    """Body -> scene rotation of an upright person facing `front` (horizontal)."""
    return axis_angle_matrix(_UP, math.degrees(math.atan2(front[0], front[2])))


def _along(front: Mat, angle_deg: float) -> Mat:
    """Down, swung `angle_deg` towards `front` (a limb's direction when walking)."""
    a = math.radians(angle_deg)
    return np.asarray(-_UP * math.cos(a) + front * math.sin(a), dtype=np.float64)


def _kneel(rig: Rig, front: Mat, t_s: float) -> None:
    left = np.cross(_UP, front)
    rig.local[0] = axis_angle_matrix(left, 12.0 + 6.0 * math.sin(t_s * 0.9)) @ _facing(front)
    for s in ("l", "r"):
        hip = rig.pos(J[f"{s}_hip"])
        thigh = float(np.linalg.norm(rig.offsets[J[f"{s}_knee"]]))
        shin = float(np.linalg.norm(rig.offsets[J[f"{s}_ankle"]]))
        ankle = hip - _UP * (thigh + 0.02) - front * shin
        pose_leg(rig, s, ankle, bend_dir=front, foot_dir=-front - 0.3 * _UP)
    # the right hand points and circles over the patient, the left comes and goes
    a = 45.0 + 35.0 * math.sin(2 * math.pi * t_s / 2.3)
    b = 20.0 * math.sin(2 * math.pi * t_s / 1.7 + 1.0)
    rig.point(J["r_shoulder"], J["r_elbow"], _along(front, a) - 0.3 * left)
    rig.point(J["r_elbow"], J["r_wrist"], _along(front, a + 50.0 + b))
    c = 30.0 + 40.0 * max(0.0, math.sin(2 * math.pi * t_s / 3.1))
    rig.point(J["l_shoulder"], J["l_elbow"], _along(front, c) + 0.3 * left)
    rig.point(J["l_elbow"], J["l_wrist"], _along(front, c + 40.0))
    rig.point(J["neck"], J["head"], _UP + 0.5 * front)


def _sit(rig: Rig, front: Mat, t_s: float) -> None:
    sway = axis_angle_matrix(front, 3.0 * math.sin(2 * math.pi * t_s / 4.0))
    rig.local[0] = sway @ _facing(front)
    for s in ("l", "r"):
        rig.point(J[f"{s}_hip"], J[f"{s}_knee"], front - 0.2 * _UP)
        rig.point(J[f"{s}_knee"], J[f"{s}_ankle"], -front - 0.1 * _UP)
        rig.point(J[f"{s}_ankle"], J[f"{s}_foot"], -front - 0.5 * _UP)
    pos = rig.positions()
    for s in ("l", "r"):
        on_thigh = 0.6 * pos[J[f"{s}_knee"]] + 0.4 * pos[J[f"{s}_hip"]] + 0.08 * _UP
        pose_arm(rig, s, on_thigh, bend_dir=-front)
    turn = axis_angle_matrix(_UP, 25.0 * math.sin(2 * math.pi * t_s / 5.0))
    rig.point(J["neck"], J["head"], turn @ (_UP + 0.2 * front))


def _walk(rig: Rig, front: Mat, phase: float) -> None:
    rig.local[0] = _facing(front)
    for s, sign in (("l", 1.0), ("r", -1.0)):
        swing = 25.0 * sign * math.sin(phase)
        bend = 40.0 * max(0.0, sign * math.sin(phase + 1.2))
        rig.point(J[f"{s}_hip"], J[f"{s}_knee"], _along(front, swing))
        rig.point(J[f"{s}_knee"], J[f"{s}_ankle"], _along(front, swing - bend))
        rig.point(J[f"{s}_ankle"], J[f"{s}_foot"], front - 0.3 * _UP)
        rig.point(J[f"{s}_shoulder"], J[f"{s}_elbow"], _along(front, -0.8 * swing))
        rig.point(J[f"{s}_elbow"], J[f"{s}_wrist"], _along(front, -0.8 * swing + 20.0))
    rig.point(J["neck"], J["head"], _UP + 0.1 * front)


@dataclass(frozen=True)
class SecondPerson:
    """The second figure of one clip: `mesh_at(t_s)` is its mesh then (None: out of the
    room, before or after walking past)."""

    kind: str
    body: Body
    face_rgb: Mat
    place: Mat  # where it kneels or sits; where the walk starts
    front: Mat  # the way it faces (walks)
    start_s: float  # when the walk starts

    @classmethod
    def of(cls, kind: str, script: Script, camera: Camera, seed: int) -> SecondPerson:
        rng = np.random.default_rng(seed + 202)
        body = Body(_SIZES[int(rng.integers(len(_SIZES)))])
        shirt = _SHIRTS[int(rng.integers(len(_SHIRTS)))]
        trousers = _TROUSERS[int(rng.integers(len(_TROUSERS)))]
        skin = _SKIN[int(rng.integers(len(_SKIN)))]
        outfit = Outfit(skin, (40, 30, 25), shirt, trousers, (40, 40, 40))
        face_rgb = body.vertex_colours(outfit)[body.faces].mean(axis=1)
        centre = np.array([script.centre[0], 0.0, script.centre[2]])
        side = _unit(np.asarray(script.view_dirs["side"]) * np.array([1.0, 0.0, 1.0]))
        start_s = 0.0
        if kind == "kneel_behind":
            place, front = centre - 0.75 * side, side
        elif kind == "sit_beside":
            place, front = centre - 0.95 * side + np.array([0.45, 0.0, 0.0]), side
        elif kind == "walk_past":
            to_camera = _unit((camera.position - centre) * np.array([1.0, 0.0, 1.0]))
            front = np.cross(_UP, to_camera)
            place = centre - 1.6 * to_camera - _WALK_HALF_M * front
            start_s = float(rng.uniform(0.15, 0.45)) * script.duration_s
        else:
            raise ValueError(f"unknown second person {kind!r}; valid: {', '.join(NOTES)}")
        return cls(kind, body, face_rgb, place, front, start_s)

    @property
    def note(self) -> str:
        return NOTES[self.kind]

    def mesh_at(self, t_s: float) -> Mesh | None:
        rig = self.body.new_rig()
        rig.root_pos = self.place + _UP
        if self.kind == "kneel_behind":
            _kneel(rig, self.front, t_s)
        elif self.kind == "sit_beside":
            _sit(rig, self.front, t_s)
        else:
            walked = (t_s - self.start_s) * _WALK_SPEED_M_S
            if not 0.0 <= walked <= 2 * _WALK_HALF_M:
                return None
            rig.root_pos = self.place + self.front * walked + _UP
            _walk(rig, self.front, 2 * math.pi * _STRIDE_HZ * (t_s - self.start_s))
        posed = self.body.pose(rig, grounded=True)
        return Mesh(posed.vertices, self.body.faces, self.face_rgb)
