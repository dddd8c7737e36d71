"""Ground truth per frame: the angles our exercises measure, the true 2-D landmarks and
the 22 SMPL-X joint centres in scene metres (y up, floor at y = 0).

Angles come from the SMPL-X joint centres of the posed mannequin, in 3-D (`angles_deg`,
what the body really did) and from their projections (`angles_image_deg`, the same formula
on the true image points that our pipeline applies to MediaPipe's points).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from pose.geometry import angle_between_deg, angle_deg, incline_deg, midpoint
from pose.joints import Joint
from synth.camera import Camera
from synth.rig import J, Rig

__all__ = ["LANDMARKS", "frame_truth", "image_angles", "world_angles"]

Mat = npt.NDArray[np.float64]

# Our Joint enum -> the SMPL-X joint centre that matches it.
LANDMARKS: dict[Joint, str] = {
    Joint.LEFT_SHOULDER: "l_shoulder",
    Joint.RIGHT_SHOULDER: "r_shoulder",
    Joint.LEFT_ELBOW: "l_elbow",
    Joint.RIGHT_ELBOW: "r_elbow",
    Joint.LEFT_WRIST: "l_wrist",
    Joint.RIGHT_WRIST: "r_wrist",
    Joint.LEFT_HIP: "l_hip",
    Joint.RIGHT_HIP: "r_hip",
    Joint.LEFT_KNEE: "l_knee",
    Joint.RIGHT_KNEE: "r_knee",
    Joint.LEFT_ANKLE: "l_ankle",
    Joint.RIGHT_ANKLE: "r_ankle",
}
# A joint centre is hidden when the visible body surface at its pixel is this much nearer
# the camera than the joint itself (limbs are at most ~12 cm thick at the hip).
_OCCLUSION_M = 0.13
_UPRIGHT_MIN_DEG = 45.0  # trunk incline above which lean and sagittal hip angles apply


def _sided(points: dict[str, Mat]) -> dict[str, float]:
    out: dict[str, float] = {}
    for side in ("left", "right"):
        s = side[0]
        sh, hip = points[f"{s}_shoulder"], points[f"{s}_hip"]
        knee, ankle = points[f"{s}_knee"], points[f"{s}_ankle"]
        out[f"hip_angle_{side}"] = angle_deg(sh, hip, knee)
        out[f"knee_angle_{side}"] = angle_deg(hip, knee, ankle)
        out[f"knee_flexion_{side}"] = 180.0 - out[f"knee_angle_{side}"]
    thigh_l = points["l_knee"] - points["l_hip"]
    thigh_r = points["r_knee"] - points["r_hip"]
    out["thigh_opening"] = angle_between_deg(thigh_l, thigh_r)
    # the clamshell engine's opening: the knees seen from the hip midpoint
    hip_mid = midpoint(points["l_hip"], points["r_hip"])
    out["knee_opening"] = angle_deg(points["l_knee"], hip_mid, points["r_knee"])
    return out


def world_angles(joints: Mat, rig: Rig) -> dict[str, float]:
    """True 3-D angles in degrees from the (22, 3) scene joints (y up) and the rig."""
    pts = {name: joints[i] for name, i in J.items()}
    out = _sided(pts)
    shoulder_mid = midpoint(pts["l_shoulder"], pts["r_shoulder"])
    hip_mid = midpoint(pts["l_hip"], pts["r_hip"])
    trunk = shoulder_mid - hip_mid
    out["trunk_incline"] = math.degrees(math.asin(abs(trunk[1]) / np.linalg.norm(trunk)))
    hips = pts["l_hip"] - pts["r_hip"]
    out["pelvis_roll"] = math.degrees(math.asin(hips[1] / np.linalg.norm(hips)))
    pelvis_w, chest_w = rig.world(J["pelvis"]), rig.world(J["spine3"])
    up_in_chest = chest_w.T @ pelvis_w @ np.array([0.0, 1.0, 0.0])
    out["pelvis_tilt"] = math.degrees(math.atan2(up_in_chest[2], up_in_chest[1]))
    if out["trunk_incline"] > _UPRIGHT_MIN_DEG:
        out.update(_upright_angles(pts, pelvis_w @ np.array([0.0, 0.0, 1.0])))
    return out


def _upright_angles(pts: dict[str, Mat], anterior: Mat) -> dict[str, float]:
    """Sagittal angles of an upright trunk (kneeling), as the stretch engine reads them:
    `trunk_lean` from vertical (+ forward) and per side `hip_extension` (thigh behind the
    trunk line, + = extension)."""
    forward = anterior * np.array([1.0, 0.0, 1.0])
    forward /= np.linalg.norm(forward)
    down = np.array([0.0, -1.0, 0.0])

    def sagittal(v: Mat) -> float:
        return math.degrees(math.atan2(float(v @ forward), float(v @ down)))

    shoulder = midpoint(pts["l_shoulder"], pts["r_shoulder"])
    hip = midpoint(pts["l_hip"], pts["r_hip"])
    out = {"trunk_lean": -sagittal(hip - shoulder)}
    for side in ("left", "right"):
        thigh = pts[f"{side[0]}_knee"] - pts[f"{side[0]}_hip"]
        out[f"hip_extension_{side}"] = sagittal(hip - shoulder) - sagittal(thigh)
    return out


def image_angles(px: dict[str, Mat]) -> dict[str, float]:
    """The same angles measured on 2-D image points (pixels, y down)."""
    out = _sided(px)
    shoulder_mid = midpoint(px["l_shoulder"], px["r_shoulder"])
    hip_mid = midpoint(px["l_hip"], px["r_hip"])
    out["trunk_incline"] = incline_deg(hip_mid, shoulder_mid)
    return out


def frame_truth(joints: Mat, rig: Rig, camera: Camera, depth_map: Mat) -> dict[str, object]:
    """Landmarks (pixels, visibility) and angles for one frame, JSON-ready."""
    px, depth = camera.project(joints)
    landmarks: dict[str, list[float]] = {}
    visible: dict[str, bool] = {}
    h, w = depth_map.shape
    for joint, name in LANDMARKS.items():
        x, y = px[J[name]]
        landmarks[joint.name.lower()] = [round(float(x), 2), round(float(y), 2)]
        xi, yi = int(x), int(y)
        inside = 0 <= xi < w and 0 <= yi < h
        surface = float(depth_map[yi, xi]) if inside else math.inf
        visible[joint.name.lower()] = bool(inside and surface > depth[J[name]] - _OCCLUSION_M)
    px_by_name = {name: px[i] for name, i in J.items()}
    return {
        "joints_world_m": {name: [round(float(v), 4) for v in joints[i]] for name, i in J.items()},
        "landmarks_px": landmarks,
        "landmarks_visible": visible,
        "angles_deg": {k: round(v, 2) for k, v in world_angles(joints, rig).items()},
        "angles_image_deg": {k: round(v, 2) for k, v in image_angles(px_by_name).items()},
    }
