"""Builders of synthetic bridge and clamshell streams with known angles (no model).

Bodies are laid out in trunk lengths, then placed in a 640x480 image at `body_px` pixels
per trunk length (body size and camera distance in one number) and at `origin_px`. World
landmarks are the same layout in metres (a trunk is 0.5 m; world y points down, as the
image's does). Each sequence is a list of `Observation`s with a timeline in phases:
setup (optional), rest, then per rep: up, top hold, down, rest.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from exercises.events import RepCompleted
from pose.joints import NUM_JOINTS, Joint
from pose.types import Observation, PoseFrame

J = Joint
Vec = tuple[float, float, float]
IMAGE = (640, 480)


def _j(name: str) -> Joint:
    return Joint.__members__[name]


def _rot(v: np.ndarray, deg: float) -> np.ndarray:
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    return np.array([c * v[0] - s * v[1], s * v[0] + c * v[1]])


def make_pose(
    t_ms: int,
    body: dict[Joint, Vec],
    *,
    body_px: float,
    origin_px: tuple[float, float],
    mirror: bool = False,
    visibility: float = 0.95,
    world_body: dict[Joint, Vec] | None = None,
) -> PoseFrame:
    """Place a body (trunk lengths; x right, y down, z away) in the image and the world.

    `world_body` gives the world a different layout than the image (a foreshortened view
    of a body that is really lying flat); by default both are `body`.
    """
    ox, oy = origin_px
    anchor = np.mean([np.asarray(body[j]) for j in body], axis=0)
    norm = np.zeros((NUM_JOINTS, 3))
    world = np.zeros((NUM_JOINTS, 3))
    norm[:, 0], norm[:, 1] = ox / IMAGE[0], oy / IMAGE[1]
    world[:] = 0.5 * anchor
    for j, (bx, y, z) in body.items():
        x = -bx if mirror else bx
        norm[j] = ((ox + x * body_px) / IMAGE[0], (oy + y * body_px) / IMAGE[1], z)
        world[j] = (0.5 * x, 0.5 * y, 0.5 * z)
    for j, (wx, wy, wz) in (world_body or {}).items():
        world[j] = (0.5 * (-wx if mirror else wx), 0.5 * wy, 0.5 * wz)
    return PoseFrame(t_ms, norm, world, np.full(NUM_JOINTS, visibility), IMAGE)


def _fill(body: dict[Joint, Vec]) -> dict[Joint, Vec]:
    """Head, arms and feet placed near the body so every landmark has a sane spot."""
    ls, rs = np.asarray(body[J.LEFT_SHOULDER]), np.asarray(body[J.RIGHT_SHOULDER])
    head = tuple(((ls + rs) / 2 + np.array([-0.35, -0.05, 0.0])).tolist())
    for j in (J.NOSE, *range(1, 11)):
        body.setdefault(Joint(j), head)
    for side in ("LEFT", "RIGHT"):
        sh = np.asarray(body[_j(f"{side}_SHOULDER")])
        hip = np.asarray(body[_j(f"{side}_HIP")])
        ankle = np.asarray(body[_j(f"{side}_ANKLE")])
        body.setdefault(_j(f"{side}_ELBOW"), tuple((sh + (hip - sh) * 0.5).tolist()))
        for part in ("WRIST", "PINKY", "INDEX", "THUMB"):
            body.setdefault(_j(f"{side}_{part}"), tuple((sh + (hip - sh) * 0.9).tolist()))
        body.setdefault(_j(f"{side}_HEEL"), tuple((ankle + np.array([-0.05, 0.03, 0.0])).tolist()))
        body.setdefault(
            _j(f"{side}_FOOT_INDEX"), tuple((ankle + np.array([0.2, 0.0, 0.0])).tolist())
        )
    return body


# -- bridge: side view, head to the left ------------------------------------------------
def bridge_body(
    hip_ext_deg: float,
    trunk_up_deg: float | None = None,
    *,
    width: float = 0.0,
    knees_in: float = 0.0,
    hip_drop: float = 0.0,
    heel_lift: float = 0.0,
) -> dict[Joint, Vec]:
    """Lying on the back, knees bent, pelvis lifted so shoulder-hip-knee = hip_ext_deg.

    `trunk_up_deg` tilts the trunk up from the floor (0 lying, 90 sitting); by default it
    follows the lift (0 at a 130 deg rest, about 28 at a straight bridge). `width` (trunk
    lengths) opens the view from pure side to side-oblique, showing the body's width.
    Faults grow with the lift (none at rest, full at a straight bridge): `knees_in`
    narrows the knees by that share, `hip_drop` lowers the left hip, `heel_lift` raises
    the heels (trunk lengths).
    """
    if trunk_up_deg is None:
        trunk_up_deg = max(0.0, min(35.0, (hip_ext_deg - 130.0) * 0.6))
    lift = max(0.0, min(1.0, (hip_ext_deg - 130.0) / 45.0))
    shoulder = np.array([0.0, 0.0])
    hip = shoulder + _rot(np.array([1.0, 0.0]), -trunk_up_deg)  # up is -y
    u = (shoulder - hip) / np.linalg.norm(shoulder - hip)
    knee = hip + 0.9 * _rot(u, hip_ext_deg)  # rotate clockwise on screen: knee up-right
    ankle = np.array([knee[0] + 0.25, 0.05])
    lateral = np.array([0.2, -1.0]) * (width + 0.02)  # the far side shows a little higher
    body: dict[Joint, Vec] = {}
    for side, sign, dz in (("LEFT", -0.5, -0.1), ("RIGHT", 0.5, 0.1)):
        for name, p in (("SHOULDER", shoulder), ("HIP", hip), ("KNEE", knee), ("ANKLE", ankle)):
            spread = 1.0 - knees_in * lift if name == "KNEE" else 1.0
            q = p + sign * lateral * spread
            if name == "HIP" and side == "LEFT":
                q = q + np.array([0.0, hip_drop * lift])
            body[_j(f"{side}_{name}")] = (float(q[0]), float(q[1]), dz)
        a = np.asarray(body[_j(f"{side}_ANKLE")])
        body[_j(f"{side}_HEEL")] = (float(a[0] - 0.05), float(a[1] + 0.03 - heel_lift * lift), dz)
    return _fill(body)


# -- clamshell: front view, patient facing the camera, head to the left ----------------
def clamshell_body(
    opening_deg: float,
    side_up: str = "left",
    feet_gap: float = 0.0,
    pelvis_roll_deg: float = 0.0,
    *,
    straight_legs: bool = False,
    straight_bottom_leg: bool = False,
) -> dict[Joint, Vec]:
    """Side lying, knees bent and forward; the top thigh opened by opening_deg at the pelvis.
    `straight_legs`: both shins go on along the thighs (a straight-leg raise);
    `straight_bottom_leg`: only the lower one does."""
    up, down = ("LEFT", "RIGHT") if side_up == "left" else ("RIGHT", "LEFT")
    hip_down = np.array([0.0, 0.0])
    roll = math.radians(pelvis_roll_deg)
    hip_up = np.array([0.0, -0.4])
    mid = (hip_up + hip_down) / 2
    thigh_down = _rot(np.array([0.6, 0.05]), 0.0)
    knee_down = mid + thigh_down
    knee_up = mid + _rot(thigh_down, -opening_deg)
    ankle_down = knee_down + np.array([0.5, 0.02])
    ankle_up = ankle_down + np.array([0.0, -0.05 - feet_gap])
    body: dict[Joint, Vec] = {
        _j(f"{down}_SHOULDER"): (-1.0, 0.0, 0.0),
        _j(f"{up}_SHOULDER"): (-1.0, -0.45, 0.0),
        _j(f"{down}_HIP"): (float(hip_down[0]), float(hip_down[1]), 0.0),
        _j(f"{up}_HIP"): (
            float(hip_up[0]),
            float(hip_up[1] * math.cos(roll)),
            0.4 * math.sin(roll),
        ),
        _j(f"{down}_KNEE"): (float(knee_down[0]), float(knee_down[1]), -0.5),
        _j(f"{up}_KNEE"): (float(knee_up[0]), float(knee_up[1]), -0.5),
        _j(f"{down}_ANKLE"): (float(ankle_down[0]), float(ankle_down[1]), -0.05),
        _j(f"{up}_ANKLE"): (float(ankle_up[0]), float(ankle_up[1]), -0.05),
    }
    straight: tuple[tuple[str, npt.NDArray[np.float64]], ...] = ()
    if straight_legs:
        straight = ((down, knee_down), (up, knee_up))
    if straight_bottom_leg:
        straight = ((down, knee_down),)
    if straight:  # the shins go on along the thighs, towards the camera
        for side, knee in straight:
            a = knee + (knee - mid) * 1.2
            body[_j(f"{side}_ANKLE")] = (float(a[0]), float(a[1]), -1.1)
    return _fill(body)


def standing_body() -> dict[Joint, Vec]:
    """Standing, facing the camera (for a patient getting up or walking past)."""
    body: dict[Joint, Vec] = {}
    for side, x in (("LEFT", 0.2), ("RIGHT", -0.2)):
        body[_j(f"{side}_SHOULDER")] = (x, -1.0, 0.0)
        body[_j(f"{side}_HIP")] = (x * 0.6, 0.0, 0.0)
        body[_j(f"{side}_KNEE")] = (x * 0.6, 0.9, 0.0)
        body[_j(f"{side}_ANKLE")] = (x * 0.6, 1.8, 0.0)
    return _fill(body)


# -- timelines --------------------------------------------------------------------------
@dataclass(frozen=True)
class Rep:
    up_s: float = 1.0
    top_s: float = 1.0
    down_s: float = 1.0
    rest_s: float = 1.5
    top: float | None = None  # the value at the top (default: the sequence's)


def _ramp(a: float, b: float) -> Callable[[float], float]:
    return lambda u: a + (b - a) * (1 - math.cos(math.pi * u)) / 2


def _level(v: float) -> Callable[[float], float]:
    return lambda _: v


def timeline(
    rest: float, top: float, reps: Sequence[Rep], lead_s: float, fps: float
) -> list[tuple[int, float]]:
    """(timestamp_ms, value): rest for lead_s, then each rep (cosine ramps)."""
    out: list[tuple[int, float]] = []
    t = 0.0
    dt = 1.0 / fps

    def span(seconds: float, f: Callable[[float], float]) -> None:
        nonlocal t
        n = max(1, round(seconds * fps))
        for i in range(n):
            out.append((round(t * 1000), f(i / n)))
            t += dt

    span(lead_s, lambda _: rest)
    for r in reps:
        hi = r.top if r.top is not None else top
        span(r.up_s, _ramp(rest, hi))
        span(r.top_s, _level(hi))
        span(r.down_s, _ramp(hi, rest))
        span(r.rest_s, _level(rest))
    return out


def observations(
    values: list[tuple[int, float]],
    body_of: Callable[[float], dict[Joint, Vec]],
    *,
    noise_deg: float = 0.0,
    body_px: float = 120.0,
    origin_px: tuple[float, float] = (250.0, 320.0),
    mirror: bool = False,
    lost: Sequence[tuple[float, float]] = (),
    seed: int = 0,
    world_of: Callable[[float], dict[Joint, Vec]] | None = None,
) -> list[Observation]:
    """Observations of a body following `values`, with angle noise and pose-lost spans (s)."""
    rng = np.random.default_rng(seed)
    out: list[Observation] = []
    for t_ms, v in values:
        if any(a <= t_ms / 1000.0 < b for a, b in lost):
            out.append(Observation(t_ms, None))
            continue
        noisy = v + (float(rng.normal(0.0, noise_deg)) if noise_deg else 0.0)
        world = world_of(noisy) if world_of is not None else None
        pose = make_pose(
            t_ms,
            body_of(noisy),
            body_px=body_px,
            origin_px=origin_px,
            mirror=mirror,
            world_body=world,
        )
        out.append(Observation(t_ms, pose))
    return out


def bridge_sequence(
    *,
    reps: int = 3,
    hold_s: float = 1.0,
    noise_deg: float = 0.0,
    body_px: float = 120.0,
    mirror: bool = False,
    rest_deg: float = 130.0,
    top_deg: float = 175.0,
    up_s: float = 1.0,
    down_s: float = 1.0,
    rest_s: float = 1.5,
    lead_s: float = 1.5,
    fps: float = 30.0,
    lost: Sequence[tuple[float, float]] = (),
    seed: int = 0,
    body_of: Callable[[float], dict[Joint, Vec]] = bridge_body,
    world_of: Callable[[float], dict[Joint, Vec]] = bridge_body,
) -> list[Observation]:
    """A side-view bridge session; `mirror` puts the head on the right. `world_of` is the
    body as the world landmarks see it (by default flat on its back, filmed side-on;
    `oblique_world` turns it 45 degrees for a view that shows its width)."""
    plan = [Rep(up_s, hold_s, down_s, rest_s)] * reps
    values = timeline(rest_deg, top_deg, plan, lead_s, fps)
    origin = (320.0 - 0.9 * body_px, 300.0)
    return observations(
        values,
        body_of,
        noise_deg=noise_deg,
        body_px=body_px,
        origin_px=origin,
        mirror=mirror,
        lost=lost,
        seed=seed,
        world_of=world_of,
    )


def oblique_world(hip_ext_deg: float) -> dict[Joint, Vec]:
    """`bridge_body`'s world turned 45 degrees about the vertical: filmed at 45 degrees
    between the side and the feet end (pose.view reads "oblique")."""
    c = s = float(np.sqrt(0.5))
    return {
        j: (x * c - z * s, y, x * s + z * c) for j, (x, y, z) in bridge_body(hip_ext_deg).items()
    }


def clamshell_sequence(
    *,
    reps: int = 3,
    side_up: str = "left",
    noise_deg: float = 0.0,
    body_px: float = 120.0,
    rest_deg: float = 20.0,
    top_deg: float = 60.0,
    up_s: float = 0.8,
    top_s: float = 0.3,
    down_s: float = 0.8,
    rest_s: float = 0.8,
    lead_s: float = 1.5,
    fps: float = 30.0,
    lost: Sequence[tuple[float, float]] = (),
    seed: int = 0,
    body_of: Callable[[float], dict[Joint, Vec]] | None = None,
    world_of: Callable[[float], dict[Joint, Vec]] | None = None,
) -> list[Observation]:
    """A front-view clamshell set on one side (`body_of` / `world_of` change the view)."""
    plan = [Rep(up_s, top_s, down_s, rest_s)] * reps
    values = timeline(rest_deg, top_deg, plan, lead_s, fps)
    body = body_of or (lambda v: clamshell_body(v, side_up))
    return observations(
        values,
        body,
        noise_deg=noise_deg,
        body_px=body_px,
        origin_px=(320.0, 260.0),
        lost=lost,
        seed=seed,
        world_of=world_of,
    )


def shifted(obs: list[Observation], offset_ms: int) -> list[Observation]:
    """The same observations later in time (to chain sequences)."""
    out = []
    for o in obs:
        t = o.timestamp_ms + offset_ms
        out.append(Observation(t, o.pose.with_timestamp(t) if o.pose is not None else None))
    return out


def chain(*parts: list[Observation], gap_ms: int = 33) -> list[Observation]:
    """Sequences one after another on one clock."""
    out: list[Observation] = []
    for part in parts:
        start = out[-1].timestamp_ms + gap_ms if out else 0
        out += shifted(part, start - part[0].timestamp_ms)
    return out


def constant(body: dict[Joint, Vec], seconds: float, fps: float = 30.0) -> list[Observation]:
    """A still pose for `seconds` (e.g. standing before lying down)."""
    n = round(seconds * fps)
    return [
        Observation(
            round(i * 1000 / fps),
            make_pose(round(i * 1000 / fps), body, body_px=120.0, origin_px=(320.0, 240.0)),
        )
        for i in range(n)
    ]


def rep_event(
    t_ms: int, start_s: float = 0.0, end_s: float = 0.0, doubts: tuple[str, ...] = ()
) -> RepCompleted:
    """One RepCompleted (rep 1 of set 1, no side) reported at `t_ms`, spanning
    `start_s`-`end_s`: the event the watches beside an engine are handed."""
    return RepCompleted(
        timestamp_ms=t_ms,
        index=1,
        set_index=1,
        rep_in_set=1,
        side=None,
        start_s=start_s,
        peak_s=(start_s + end_s) / 2,
        end_s=end_s,
        hold_s=0.0,
        peak_angle_deg=170.0,
        doubts=doubts,
    )
