"""Landmark builders for the hold exercises: half-kneeling stretch and supine breathing.

Poses are built in world metres (x right, y down, z away from the camera) and projected
orthographically to a 640x480 image at `PX_PER_M`, so image and world agree the way a
side view of a real person does. Angles are degrees; the sagittal "forward" is +x when
facing right. `noise_m` adds seeded Gaussian jitter to every landmark (world and image).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from pose.joints import NUM_JOINTS, Joint
from pose.types import Observation, PoseFrame

SideName = Literal["left", "right"]
IMAGE_PX = (640, 480)
PX_PER_M = 220.0
THIGH_M, SHIN_M, TORSO_M, FOOT_M = 0.42, 0.42, 0.5, 0.18
KNEE_PAD_M, ANKLE_PAD_M = 0.05, 0.07  # landmark heights above the floor when resting on it
FLOOR_Y_M = 0.6  # floor height in world metres (y down), so the figure sits mid-image


def _dir(deg: float, fwd: float) -> np.ndarray:
    """Unit vector `deg` from straight down in the sagittal plane (+ forward)."""
    r = math.radians(deg)
    return np.array([fwd * math.sin(r), math.cos(r), 0.0])


def pose_from_world(
    world: dict[Joint, np.ndarray],
    timestamp_ms: int,
    noise_m: float = 0.0,
    rng: np.random.Generator | None = None,
    visibility: float = 0.95,
) -> PoseFrame:
    """A PoseFrame from world points; joints not given sit at the hip midpoint."""
    xyz = np.zeros((NUM_JOINTS, 3))
    centre = (world[Joint.LEFT_HIP] + world[Joint.RIGHT_HIP]) / 2
    xyz[:] = centre
    for joint, p in world.items():
        xyz[joint] = p
    if noise_m > 0:
        gen = rng if rng is not None else np.random.default_rng(0)
        xyz = xyz + gen.normal(0.0, noise_m, xyz.shape)
    w, h = IMAGE_PX
    norm = np.zeros((NUM_JOINTS, 3))
    norm[:, 0] = (w / 2 + PX_PER_M * xyz[:, 0]) / w
    norm[:, 1] = (h / 2 + PX_PER_M * (xyz[:, 1] - FLOOR_Y_M / 2)) / h
    norm[:, 2] = xyz[:, 2]
    hip_mid = (xyz[Joint.LEFT_HIP] + xyz[Joint.RIGHT_HIP]) / 2
    return PoseFrame(timestamp_ms, norm, xyz - hip_mid, np.full(NUM_JOINTS, visibility), IMAGE_PX)


@dataclass(frozen=True, slots=True)
class KneelSpec:
    """A half-kneeling stretch pose. `stretched_side` is the kneeling leg."""

    stretched_side: SideName = "left"
    front_knee_deg: float = 90.0
    front_shin_deg: float = 15.0  # knee->ankle from vertical, + = ankle ahead of knee
    trunk_lean_deg: float = 0.0  # + forward
    facing: SideName = "right"  # which way the person faces in the image

    @property
    def _fwd(self) -> float:
        return 1.0 if self.facing == "right" else -1.0

    def _front_leg(self) -> tuple[np.ndarray, np.ndarray]:
        """(knee, ankle) offsets from the hip."""
        thigh_deg = self.front_shin_deg + 180.0 - self.front_knee_deg
        knee = THIGH_M * _dir(thigh_deg, self._fwd)
        return knee, knee + SHIN_M * _dir(self.front_shin_deg, self._fwd)

    @property
    def back_thigh_deg(self) -> float:
        """Back thigh from vertical (- = behind) that puts the back knee on the floor."""
        _, ankle = self._front_leg()
        hip_height = ankle[1] + ANKLE_PAD_M - KNEE_PAD_M
        return -math.degrees(math.acos(max(-1.0, min(1.0, hip_height / THIGH_M))))

    @property
    def hip_extension_deg(self) -> float:
        return -self.trunk_lean_deg - self.back_thigh_deg

    def world(self) -> dict[Joint, np.ndarray]:
        fwd = self._fwd
        f_knee, f_ankle = self._front_leg()
        hip = np.array([0.0, FLOOR_Y_M - ANKLE_PAD_M - f_ankle[1], 0.0])
        b_knee = hip + THIGH_M * _dir(self.back_thigh_deg, fwd)
        b_ankle = b_knee + np.array([-fwd * SHIN_M, ANKLE_PAD_M - KNEE_PAD_M, 0.0])
        shoulder = hip - TORSO_M * _dir(-self.trunk_lean_deg, fwd)
        head = shoulder - 0.2 * _dir(-self.trunk_lean_deg, fwd) + np.array([fwd * 0.05, 0, 0])
        back, front = self.stretched_side, "right" if self.stretched_side == "left" else "left"
        z = {"left": np.array([0, 0, 0.1]), "right": np.array([0, 0, -0.1])}
        if self.facing == "left":
            z = {"left": -z["left"], "right": -z["right"]}
        pts: dict[str, np.ndarray] = {
            f"{back}_hip": hip + z[back],
            f"{back}_knee": b_knee + z[back],
            f"{back}_ankle": b_ankle + z[back],
            f"{back}_heel": b_ankle + z[back] + np.array([0, -0.03, 0]),
            f"{back}_foot_index": b_ankle + z[back] + np.array([-fwd * 0.15, 0.04, 0]),
            f"{front}_hip": hip + z[front],
            f"{front}_knee": hip + f_knee + z[front],
            f"{front}_ankle": hip + f_ankle + z[front],
            f"{front}_heel": hip + f_ankle + z[front] + np.array([-fwd * 0.05, 0.02, 0]),
            f"{front}_foot_index": hip + f_ankle + z[front] + np.array([fwd * FOOT_M, 0.05, 0]),
            "left_shoulder": shoulder + 1.8 * z["left"],
            "right_shoulder": shoulder + 1.8 * z["right"],
            "left_wrist": hip + f_knee + np.array([0, -0.05, 0]),
            "right_wrist": hip + f_knee + np.array([0, -0.05, 0]),
            "nose": head + np.array([fwd * 0.1, 0, 0]),
            "left_ear": head + z["left"],
            "right_ear": head + z["right"],
        }
        return {Joint[name.upper()]: p for name, p in pts.items()}

    def pose(self, timestamp_ms: int, noise_m: float = 0.0, seed: int = 0) -> PoseFrame:
        rng = np.random.default_rng(seed + timestamp_ms)
        return pose_from_world(self.world(), timestamp_ms, noise_m, rng)


def standing_world(facing: SideName = "right") -> dict[Joint, np.ndarray]:
    """Standing upright in side view: out of the stretch position."""
    spec = KneelSpec(front_knee_deg=180.0, front_shin_deg=0.0, facing=facing)
    world = spec.world()
    hip = world[Joint.LEFT_HIP]
    for knee, ankle in ((Joint.LEFT_KNEE, Joint.LEFT_ANKLE), (Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE)):
        world[knee] = hip + np.array([0, THIGH_M, world[knee][2] - hip[2]])
        world[ankle] = hip + np.array([0, THIGH_M + SHIN_M, world[ankle][2] - hip[2]])
    return world


Segment = tuple[KneelSpec | Literal["stand", "lost"], float]


def stretch_sequence(
    segments: Sequence[Segment], fps: float = 30.0, noise_m: float = 0.0, seed: int = 0
) -> Iterator[Observation]:
    """Observations playing each segment (a pose spec, "stand" or "lost") for its seconds."""
    t_s, step = 0.0, 1.0 / fps
    for what, length_s in segments:
        end_s = t_s + length_s
        while t_s < end_s - 1e-9:
            t_ms = round(t_s * 1000)
            if what == "lost":
                yield Observation(t_ms, None)
            elif what == "stand":
                rng = np.random.default_rng(seed + t_ms)
                yield Observation(t_ms, pose_from_world(standing_world(), t_ms, noise_m, rng))
            else:
                yield Observation(t_ms, what.pose(t_ms, noise_m, seed))
            t_s += step


# --- supine belly breathing ------------------------------------------------------------

_SUPINE_WORLD: dict[Joint, tuple[float, float, float]] = {
    # Lying along x (head at -x) on a floor at y = 0 (y down), left side toward +z.
    Joint.LEFT_SHOULDER: (-0.5, -0.1, 0.18),
    Joint.RIGHT_SHOULDER: (-0.5, -0.1, -0.18),
    Joint.LEFT_HIP: (0.0, -0.1, 0.1),
    Joint.RIGHT_HIP: (0.0, -0.1, -0.1),
    Joint.LEFT_KNEE: (0.35, -0.45, 0.12),
    Joint.RIGHT_KNEE: (0.35, -0.45, -0.12),
    Joint.LEFT_ANKLE: (0.55, -0.07, 0.1),
    Joint.RIGHT_ANKLE: (0.55, -0.07, -0.1),
    Joint.LEFT_ELBOW: (-0.3, -0.05, 0.25),
    Joint.RIGHT_ELBOW: (-0.3, -0.05, -0.25),
    Joint.NOSE: (-0.75, -0.2, 0.0),
    Joint.LEFT_EAR: (-0.72, -0.12, 0.07),
    Joint.RIGHT_EAR: (-0.72, -0.12, -0.07),
}
_BELLY_HAND = (Joint.RIGHT_WRIST, Joint.RIGHT_INDEX)
_CHEST_HAND = (Joint.LEFT_WRIST, Joint.LEFT_INDEX)


@dataclass(frozen=True, slots=True)
class BreathSpec:
    """Supine belly breathing: `inhale_s` + `exhale_s` per breath; rises in metres."""

    inhale_s: float = 4.0
    exhale_s: float = 6.0
    belly_rise_m: float = 0.02
    chest_rise_m: float = 0.003
    yaw_deg: float = 0.0  # camera turned about the vertical: 0 = side view, 90 = feet end
    pitch_deg: float = 0.0  # camera looking down from above
    legs_straight: bool = False
    hands_on_belly: bool = True
    hand_shift_m: float = 0.0  # the belly hand slid this far toward the head (metres)
    knee_to_chest: bool = False  # the left knee pulled up to the chest, the foot off the floor

    @property
    def rate_bpm(self) -> float:
        return 60.0 / (self.inhale_s + self.exhale_s)

    def fill(self, t_s: float) -> float:
        """Lung fill 0..1: a smooth inhale then a smooth exhale."""
        u = t_s % (self.inhale_s + self.exhale_s)
        if u < self.inhale_s:
            return 0.5 - 0.5 * math.cos(math.pi * u / self.inhale_s)
        return 0.5 + 0.5 * math.cos(math.pi * (u - self.inhale_s) / self.exhale_s)

    def world(self, t_s: float) -> dict[Joint, np.ndarray]:
        pts = {j: np.array(p) for j, p in _SUPINE_WORLD.items()}
        fill = self.fill(t_s)
        belly_y = -0.22 - self.belly_rise_m * fill
        chest_y = -0.24 - self.chest_rise_m * fill
        if self.hands_on_belly:
            pts[_BELLY_HAND[0]] = np.array([-0.12 - self.hand_shift_m, belly_y, 0.04])
            pts[_BELLY_HAND[1]] = np.array([-0.04 - self.hand_shift_m, belly_y, 0.0])
            pts[_CHEST_HAND[0]] = np.array([-0.4, chest_y, -0.04])
            pts[_CHEST_HAND[1]] = np.array([-0.33, chest_y, 0.0])
        else:  # arms by the sides
            for wrist, index in (_BELLY_HAND, _CHEST_HAND):
                side = 0.28 if wrist == Joint.LEFT_WRIST else -0.28
                pts[wrist] = np.array([-0.05, -0.03, side])
                pts[index] = np.array([0.03, -0.03, side])
        if self.legs_straight:
            for knee, ankle in (
                (Joint.LEFT_KNEE, Joint.LEFT_ANKLE),
                (Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE),
            ):
                pts[knee] = np.array([0.42, -0.08, pts[knee][2]])
                pts[ankle] = np.array([0.84, -0.07, pts[ankle][2]])
        if self.knee_to_chest:
            pts[Joint.LEFT_KNEE] = np.array([-0.1, -0.45, 0.12])
            pts[Joint.LEFT_ANKLE] = np.array([0.15, -0.4, 0.1])
        yaw, pitch = math.radians(self.yaw_deg), math.radians(self.pitch_deg)
        r_yaw = np.array(
            [[math.cos(yaw), 0, math.sin(yaw)], [0, 1, 0], [-math.sin(yaw), 0, math.cos(yaw)]]
        )
        r_pitch = np.array(
            [
                [1, 0, 0],
                [0, math.cos(pitch), -math.sin(pitch)],
                [0, math.sin(pitch), math.cos(pitch)],
            ]
        )
        rot = r_pitch @ r_yaw
        return {j: rot @ p + np.array([0.0, FLOOR_Y_M, 0.0]) for j, p in pts.items()}

    def pose(self, timestamp_ms: int, noise_m: float = 0.0, seed: int = 0) -> PoseFrame:
        rng = np.random.default_rng(seed + timestamp_ms)
        return pose_from_world(self.world(timestamp_ms / 1000.0), timestamp_ms, noise_m, rng)


def breathing_sequence(
    spec: BreathSpec, seconds: float, fps: float = 15.0, noise_m: float = 0.0, seed: int = 0
) -> Iterator[Observation]:
    for i in range(int(seconds * fps)):
        t_ms = round(i * 1000 / fps)
        yield Observation(t_ms, spec.pose(t_ms, noise_m, seed))
