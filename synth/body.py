"""The mannequin-x body: shape presets, clothing colours per vertex, posing from a `Rig`.

mannequin-x is an optional dependency (`pip install -e '.[synth]'`); it is imported here,
when a `Body` is built, never when the core app starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from synth.rig import BODY_JOINTS, J, Rig

__all__ = ["BODY_SIZES", "Body", "BodySize", "Outfit", "PosedBody", "SynthDependencyError"]

BodySize = Literal["small", "medium", "large"]
Mat = npt.NDArray[np.float64]

# SMPL-X shape coefficients per preset: beta0 sets stature (1.53 / 1.72 / 1.92 m standing),
# beta1 girth.
BODY_SIZES: dict[str, tuple[float, float]] = {
    "small": (-2.0, 0.5),
    "medium": (0.0, 0.0),
    "large": (2.0, -1.0),
}


class SynthDependencyError(RuntimeError):
    """mannequin-x is not installed; the message says how to install it."""


def _load_mannequin(shape: npt.NDArray[np.float32]) -> Any:
    try:
        from mannequin import Mannequin  # noqa: PLC0415 -- optional extra, loaded on use
    except ModuleNotFoundError as exc:
        raise SynthDependencyError(
            "synthetic clips need the optional mannequin-x package: run `pip install -e '.[synth]'`"
        ) from exc
    return Mannequin("wooden", shape=shape)


@dataclass(frozen=True, slots=True)
class Outfit:
    """Clothing and skin colours (RGB 0-255)."""

    skin: tuple[int, int, int]
    hair: tuple[int, int, int]
    shirt: tuple[int, int, int]
    trousers: tuple[int, int, int]
    socks: tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class PosedBody:
    """One frame of the body: vertices and the 22 SMPL-X joint positions, scene metres."""

    vertices: Mat
    joints: Mat


# Bone segments used to label vertices (joint names from synth.rig.J); "hand_l" etc. are
# virtual tips placed beyond the wrists, the head top above the head joint.
_SEGMENTS: tuple[tuple[str, str, str], ...] = (
    ("pelvis", "spine1", "trousers"),
    ("l_hip", "l_knee", "trousers"),
    ("r_hip", "r_knee", "trousers"),
    ("l_knee", "l_ankle", "trousers"),
    ("r_knee", "r_ankle", "trousers"),
    ("l_ankle", "l_foot", "socks"),
    ("r_ankle", "r_foot", "socks"),
    ("spine1", "spine2", "shirt"),
    ("spine2", "spine3", "shirt"),
    ("spine3", "neck", "shirt"),
    ("l_collar", "l_shoulder", "shirt"),
    ("r_collar", "r_shoulder", "shirt"),
    ("l_shoulder", "l_elbow", "sleeve"),
    ("r_shoulder", "r_elbow", "sleeve"),
    ("l_elbow", "l_wrist", "skin"),
    ("r_elbow", "r_wrist", "skin"),
    ("l_wrist", "l_tip", "skin"),
    ("r_wrist", "r_tip", "skin"),
    ("neck", "head", "skin"),
    ("head", "head_top", "head"),
)


def _segment_distance(p: Mat, a: Mat, b: Mat) -> npt.NDArray[np.float64]:
    ab = b - a
    t = np.clip(((p - a) @ ab) / max(float(ab @ ab), 1e-12), 0.0, 1.0)
    return np.asarray(np.linalg.norm(p - (a + t[:, None] * ab), axis=1), dtype=np.float64)


class Body:
    """One mannequin of one size, with per-vertex clothing labels."""

    def __init__(self, size: BodySize = "medium", shape: tuple[float, ...] = ()) -> None:
        """`shape`: SMPL-X coefficients added to the preset's (beta0 stature, beta1 girth)."""
        beta = np.zeros(10, dtype=np.float32)
        beta[0], beta[1] = BODY_SIZES[size]
        beta[: len(shape)] += np.asarray(shape, dtype=np.float32)
        self.size = size
        self._model = _load_mannequin(beta)
        rest = self._model.rest_pose()
        transforms = np.asarray(self._model.joint_transforms(rest), dtype=np.float64)
        self.rest_joints: Mat = transforms[:, :3, 3]
        self.parents: tuple[int, ...] = tuple(self._model.parents)
        offsets = self.rest_joints.copy()
        for j in range(1, len(self.parents)):
            offsets[j] = self.rest_joints[j] - self.rest_joints[self.parents[j]]
        self.offsets: Mat = offsets
        self.faces: npt.NDArray[np.int64] = np.asarray(self._model.faces, dtype=np.int64)
        self.rest_vertices: Mat = np.asarray(self._model.vertices(rest), dtype=np.float64)
        self.labels: npt.NDArray[np.str_] = self._label_vertices()
        self._rest = rest

    def new_rig(self) -> Rig:
        return Rig(self.offsets, self.parents)

    def _label_vertices(self) -> npt.NDArray[np.str_]:
        joints = {name: self.rest_joints[i] for name, i in J.items()}
        names = self._model.joint_names
        joints["l_tip"] = self.rest_joints[names.index("L_Middle3")]
        joints["r_tip"] = self.rest_joints[names.index("R_Middle3")]
        joints["head_top"] = joints["head"] + np.array([0.0, 0.15, 0.0])
        v = self.rest_vertices
        dist = np.stack([_segment_distance(v, joints[a], joints[b]) for a, b, _ in _SEGMENTS])
        kinds = np.array([kind for _, _, kind in _SEGMENTS])
        labels = kinds[np.argmin(dist, axis=0)]
        head = labels == "head"
        rel = v - joints["head"]
        # hair on the crown and the back of the head; a face on the front
        hair = head & ((rel[:, 1] > 0.07) | (rel[:, 2] < -0.02))
        return np.where(hair, "hair", np.where(head, "skin", labels))

    def face_features(self) -> npt.NDArray[np.bool_]:
        """Vertices of simple dark eyes, brows and mouth on the face (rest pose)."""
        rel = self.rest_vertices - self.rest_joints[J["head"]]
        front = rel[:, 2] > 0.05
        eye = (
            front
            & (np.abs(np.abs(rel[:, 0]) - 0.032) < 0.012)
            & (np.abs(rel[:, 1] - 0.035) < 0.008)
        )
        mouth = front & (np.abs(rel[:, 0]) < 0.022) & (np.abs(rel[:, 1] + 0.03) < 0.006)
        return np.asarray(eye | mouth, dtype=np.bool_)

    def vertex_colours(self, outfit: Outfit) -> npt.NDArray[np.float64]:
        """(V, 3) RGB 0-1 per vertex."""
        table = {
            "skin": outfit.skin,
            "hair": outfit.hair,
            "shirt": outfit.shirt,
            "sleeve": outfit.shirt,
            "trousers": outfit.trousers,
            "socks": outfit.socks,
        }
        rgb = np.array([table[str(label)] for label in self.labels], dtype=np.float64) / 255.0
        rgb[self.face_features()] = np.array([40, 25, 20]) / 255.0
        return rgb

    def pose(
        self,
        rig: Rig,
        belly_scale: float = 1.0,
        *,
        chest_scale: float = 1.0,
        grounded: bool = False,
    ) -> PosedBody:
        """Vertices and joints for the rig's pose; `belly_scale` > 1 pushes the belly out,
        `chest_scale` > 1 the chest; `grounded` moves the body up or down so its lowest
        point rests on the floor (the rig's root is moved too, so rig and truth agree)."""
        params = dict(self._rest)
        params["body_pose"] = rig.body_pose()
        root = rig.local[0]
        params["global_rotation"] = rig.root_axis_angle()
        params["global_translation"] = (rig.root_pos - root @ self.offsets[0]).astype(np.float32)
        transforms = np.asarray(self._model.joint_transforms(params), dtype=np.float64)
        verts = np.asarray(self._model.vertices(params), dtype=np.float64)
        for bump, scale in ((_BELLY, belly_scale), (_CHEST, chest_scale)):
            if scale != 1.0:
                rest = (self.rest_vertices, self.rest_joints)
                verts = _inflate(verts, transforms, *rest, bump=bump, scale=scale)
        joints = transforms[:BODY_JOINTS, :3, 3]
        if grounded:
            lift = np.array([0.0, -float(verts[:, 1].min()), 0.0])
            verts, joints = verts + lift, joints + lift
            rig.root_pos = rig.root_pos + lift
        return PosedBody(vertices=verts, joints=joints)


@dataclass(frozen=True)
class _Bump:
    """A smooth bump on the front of the trunk around a spine joint (rest metres): centred
    `dy_m` above the joint, spread `var_y` / `var_x` (squared metres) up and across."""

    joint: str
    dy_m: float
    var_y: float
    var_x: float


# the belly between the pelvis and the lower ribs; the chest over the sternum, wider
_BELLY = _Bump("spine1", 0.04, 0.006, 0.012)
_CHEST = _Bump("spine3", 0.0, 0.006, 0.02)


def _inflate(
    verts: Mat, transforms: Mat, rest_verts: Mat, rest_joints: Mat, *, bump: _Bump, scale: float
) -> Mat:
    """Push the front of the trunk out at `bump` along its joint frame's forward axis."""
    rel = rest_verts - rest_joints[J[bump.joint]]
    weight = np.exp(-((rel[:, 1] - bump.dy_m) ** 2) / bump.var_y - rel[:, 0] ** 2 / bump.var_x)
    weight = weight * np.clip(rel[:, 2] / 0.1, 0.0, 1.0)
    forward = transforms[J[bump.joint], :3, :3] @ np.array([0.0, 0.0, 1.0])
    return np.asarray(verts + (scale - 1.0) * 0.25 * weight[:, None] * forward[None, :])
